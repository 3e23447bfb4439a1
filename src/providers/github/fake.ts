import { MAX_PER_REQUEST } from './facts.js'
import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays GitHub's credential revocation: src/providers/github/README.md,
// src/providers/github/openapi.yaml. Mounted on the GitHub fake's server (the run reaches both
// through GITHUB_API_URL), and checked there against GitHub's own REST description.
const DOCS = 'https://docs.github.com/rest/credentials/revoke#revoke-a-list-of-credentials'

/** The requests this fake answers; every other one goes to the GitHub fake. */
export function githubTokensHandle(req: RecordedRequest): boolean {
  return (
    (req.method === 'POST' && req.path === '/credentials/revoke') ||
    (req.method === 'GET' && req.path === '/user')
  )
}

export function githubTokensFake() {
  // GitHub tokens have no id a caller can use: the store's ids are its own bookkeeping.
  const store = new KeyStore((seq) => ({ id: `token-${seq}`, value: `ghp_${alnum(36)}` }))

  const route = (req: RecordedRequest): Reply => {
    if (req.method === 'GET' && req.path === '/user') {
      const token = /^(?:token|Bearer) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
      const who = store.authenticate(token)
      if (!who?.key)
        return {
          status: 401,
          json: {
            message: 'Bad credentials',
            documentation_url: 'https://docs.github.com/rest',
            status: '401'
          }
        }
      return {
        status: 200,
        json: {
          login: who.owner,
          id: 4000 + who.owner.length,
          node_id: `U_kgDO${who.owner}`,
          type: 'User',
          site_admin: false,
          user_view_type: 'public'
        }
      }
    }
    if (req.method === 'POST' && req.path === '/credentials/revoke') {
      // "Any authenticated requests will return a 403."
      if (req.headers.authorization)
        return {
          status: 403,
          json: { message: 'Forbidden', documentation_url: DOCS, status: '403' }
        }
      // The contract has checked the body: `credentials`, 1 to 1,000 strings.
      const { credentials } = JSON.parse(req.body) as { credentials: string[] }
      for (const value of credentials) {
        const key = store.find((k) => k.value === value)
        if (key) store.delete(key)
      }
      // 202 Accepted, whether or not a credential was a live token: nothing tells them apart.
      return { status: 202, json: {} }
    }
    return { status: 404, json: { message: 'Not Found', documentation_url: DOCS } }
  }
  return { store, route }
}

/**
 * GitHub's published limit on the revocation: 60 unauthenticated requests an hour (per client,
 * here one bucket). Answered as GitHub answers an exhausted primary limit: 403 with
 * `x-ratelimit-remaining: 0` and `x-ratelimit-reset`.
 */
export function githubTokensRateLimits(perHour = 60): RateLimit[] {
  return [
    {
      name: `GitHub credential revocation: ${perHour} requests/h`,
      bucket: (req) => (githubTokensHandle(req) && req.method === 'POST' ? 'client' : undefined),
      requests: perHour,
      perMs: 3_600_000,
      reply: (retryAfterS) => ({
        status: 403,
        json: {
          message: 'API rate limit exceeded for 127.0.0.1.',
          documentation_url:
            'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
        },
        headers: {
          'x-ratelimit-limit': String(perHour),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + retryAfterS))
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof githubTokensFake>> = {
  fake: githubTokensFake,
  rateLimits: () => githubTokensRateLimits(),
  alert: { type: 'github_personal_access_token', name: 'GitHub Personal Access Token' },
  sample: { value: `ghp_${'Ef3'.repeat(12)}`, id: 'token-1' },
  operations: ['POST /credentials/revoke', 'GET /user'],
  requests: (n) => 2 * n + Math.ceil(n / MAX_PER_REQUEST) // probe, probe; one revocation per 1,000 tokens
}

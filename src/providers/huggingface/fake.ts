import { MAX_PER_REQUEST } from './facts.js'
import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays the Hugging Face Hub's token revocation and whoami-v2: src/providers/huggingface/README.md,
// src/providers/huggingface/openapi.yaml. A token is its own credential; the store's ids are the
// fake's own handles, never sent. The revocation answers 202 to any list, as the Hub does.
export function huggingfaceFake() {
  const store = new KeyStore((seq) => ({ id: `hf-${seq}`, value: `hf_${alnum(34)}` }))
  const tokenOf = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    if (req.method === 'GET' && req.path === '/api/whoami-v2') {
      const who = store.authenticate(tokenOf(req))
      if (!who?.key)
        return { status: 401, json: { error: 'Invalid credentials in Authorization header' } }
      return {
        status: 200,
        json: { type: 'user', id: who.key.id, name: who.owner, fullname: who.owner, orgs: [] }
      }
    }
    if (req.method === 'POST' && req.path === '/api/credentials/revoke') {
      // The contract has checked the body: `credentials`, a list of strings.
      const { credentials } = JSON.parse(req.body) as { credentials: string[] }
      for (const value of credentials) {
        const key = store.find((k) => k.value === value)
        if (key) store.delete(key)
      }
      // 202, "whether or not any of the tokens you submitted existed".
      return { status: 202, json: { message: 'Revocation requested' } }
    }
    return { status: 404, json: { error: "Sorry, we can't find the page you are looking for." } }
  }
  return { store, route }
}

/**
 * The Hub's API bucket for an anonymous caller: 500 requests per 5-minute fixed window per IP
 * address (Hub rate limits page, September 2025 figures); 429 over it. Played on the revocation,
 * the anonymous call (one bucket: the run's one address).
 */
export function huggingfaceRateLimits(requests = 500): RateLimit[] {
  return [
    {
      name: `Hugging Face Hub API, anonymous: ${requests} requests/5 minutes per IP`,
      bucket: (req) => (req.path === '/api/credentials/revoke' ? 'ip' : undefined),
      requests,
      perMs: 300_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: {
          ratelimit: `"api";r=0;t=${Math.max(1, Math.ceil(retryAfterS))}`,
          'ratelimit-policy': `"fixed window";"api";q=${requests};w=300`
        },
        json: { error: 'Too Many Requests' }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof huggingfaceFake>> = {
  fake: huggingfaceFake,
  rateLimits: () => huggingfaceRateLimits(),
  alert: { type: 'hf_user_access_token', name: 'Hugging Face User Access Token' },
  sample: { value: `hf_${'Ab3'.repeat(11)}x`, id: 'hf-1' },
  operations: ['GET /api/whoami-v2', 'POST /api/credentials/revoke'],
  requests: (n) => 2 * n + Math.ceil(n / MAX_PER_REQUEST) // probe, probe; one revocation per 1,000 tokens
}

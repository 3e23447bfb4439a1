import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays the npm registry's token delete and whoami: src/providers/npm/README.md,
// src/providers/npm/openapi.yaml. A token is its own credential (there is no management
// token); the store's id is the fake's own handle, never sent. A key made with
// `canManage: false` plays an account whose token deletes demand a one-time password: 401
// with `WWW-Authenticate: OTP`, as npm's CLI reads it.
export function npmFake() {
  const store = new KeyStore((seq) => ({ id: `npm-${seq}`, value: `npm_${alnum(36)}` }))
  const tokenOf = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  const unauthorized: Reply = { status: 401, json: { error: 'Unauthorized' } }

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(tokenOf(req))
    if (req.method === 'GET' && req.path === '/-/whoami') {
      if (!who?.key) return unauthorized
      return { status: 200, json: { username: who.owner } }
    }
    const del = /^\/-\/npm\/v1\/tokens\/token\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      if (!who?.key) return unauthorized
      if (!who.canManage)
        return {
          status: 401,
          headers: { 'www-authenticate': 'OTP' },
          json: {
            error:
              'You must provide a one-time pass. Upgrade your client to npm@latest in order to use 2FA.'
          }
        }
      const named = decodeURIComponent(del[1] ?? '')
      const key = store.find(
        (k) =>
          (k.value === named || k.id === named) &&
          k.owner === who.owner &&
          k.deletedAt === undefined
      )
      if (!key) return { status: 404, json: { message: 'Token not found' } }
      store.delete(key)
      return { status: 204 }
    }
    return { status: 404, json: { error: 'Not found' } }
  }
  return { store, route }
}

/**
 * npm publishes no rate limit for its registry API. Assumed here, for the bench: 120 requests a
 * minute per token, answered 429 with `Retry-After` in seconds.
 */
export function npmRateLimits(requestsPerMinute = 120): RateLimit[] {
  return [
    {
      name: `npm registry (assumed, unpublished): ${requestsPerMinute} requests/minute per token`,
      bucket: (req) => req.headers.authorization ?? '',
      requests: requestsPerMinute,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: { error: 'Too Many Requests' }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof npmFake>> = {
  fake: npmFake,
  rateLimits: () => npmRateLimits(),
  alert: { type: 'npm_access_token', name: 'npm Access Token' },
  sample: { value: `npm_${'Ab3'.repeat(12)}`, id: 'npm-1' },
  operations: ['DELETE /-/npm/v1/tokens/token/{token}', 'GET /-/whoami'],
  requests: (n) => 3 * n // whoami, delete, whoami: the token revokes itself
}

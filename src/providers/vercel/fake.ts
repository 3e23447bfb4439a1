import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, hex } from '../../../sandbox/store.js'

// Plays Vercel's deleteAuthToken (with "current") and getAuthUser:
// src/providers/vercel/README.md, src/providers/vercel/openapi.yaml. A token is its own
// credential (there is no management token); the key id plays the token's id, which the
// delete's answer names. Keys take the `vcp_` form (a prefix, then token characters).
export function vercelFake() {
  const store = new KeyStore(() => ({ id: hex(64), value: `vcp_${alnum(56)}` }))
  // Vercel's error bodies are `{error: {code, message}}`; the exact text is not documented.
  const error = (status: number, code: string, message: string): Reply => ({
    status,
    json: { error: { code, message } }
  })
  const tokenOf = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    const user = req.method === 'GET' && req.path === '/v2/user'
    const revoke = req.method === 'DELETE' && req.path === '/v3/user/tokens/current'
    if (!user && !revoke) return error(404, 'not_found', 'The requested path was not found')
    // Management tokens of the store are not Vercel tokens: Vercel would not know them either.
    const who = store.authenticate(tokenOf(req))
    if (!who?.key) return error(401, 'unauthorized', 'The request is not authorized.')
    if (user)
      return {
        status: 200,
        json: {
          user: {
            id: `user_${who.owner}`,
            email: `${who.owner}@example.com`,
            name: who.owner,
            username: who.owner,
            avatar: null,
            defaultTeamId: null
          }
        }
      }
    if (!who.canManage)
      return error(403, 'forbidden', 'You do not have permission to access this resource.')
    store.delete(who.key)
    return { status: 200, json: { tokenId: who.key.id } }
  }
  return { store, route }
}

/**
 * Vercel publishes no rate limit for its token endpoints. Assumed here: 60 deletes a minute per
 * user, the pace the adapter keeps, answered with 429 and Retry-After as Vercel's API answers a
 * rate limit.
 */
export function vercelRateLimits(fake: ReturnType<typeof vercelFake>, perMinute = 60): RateLimit[] {
  return [
    {
      name: `Vercel token delete: ${perMinute} requests/minute per user (assumed)`,
      bucket: (req) =>
        req.method === 'DELETE'
          ? `user:${
              fake.store.authenticate(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1])
                ?.owner ?? 'anonymous'
            }`
          : undefined,
      requests: perMinute,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: { error: { code: 'rate_limited', message: 'Too many requests' } }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof vercelFake>> = {
  fake: vercelFake,
  rateLimits: (fake) => vercelRateLimits(fake),
  alert: { type: 'vercel_personal_access_token', name: 'Vercel Personal Access Token' },
  sample: {
    value: `vcp_${'Ef3'.repeat(18)}xy`,
    id: '5d9f2ebd38ddca62e5d51e9c1704c72530bdc8bfdd41e782a6687c48399e8391'
  },
  operations: ['DELETE /v3/user/tokens/{tokenId}', 'GET /v2/user'],
  requests: (n) => 3 * n // probe, revoke, probe: the token revokes itself
}

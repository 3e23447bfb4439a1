import { randomUUID } from 'node:crypto'
import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, hex } from '../../../sandbox/store.js'
import { REQUESTS_PER_MINUTE_PER_USER } from './facts.js'

// Plays Buildkite's access token API: src/providers/buildkite/README.md,
// src/providers/buildkite/openapi.yaml. A token is its own credential (there is no management
// token); the key id plays the token's uuid, which a caller never needs. Keys take the documented
// `bkua_` form (the token security page's example: `bkua_MTA.` and 40 hex digits).
export function buildkiteFake() {
  const store = new KeyStore(() => ({ id: randomUUID(), value: `bkua_MTA.${hex(40)}` }))
  // Undocumented: the status a refused token gets is assumed to be 401 (see the contract).
  const unauthorized: Reply = { status: 401, json: { message: 'Unauthorized' } }
  const tokenOf = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    if (req.path !== '/v2/access-token' || (req.method !== 'GET' && req.method !== 'DELETE'))
      return { status: 404, json: { message: 'No route matches' } }
    // Management tokens of the store are not Buildkite tokens: Buildkite would not know them.
    const who = store.authenticate(tokenOf(req))
    if (!who?.key) return unauthorized
    if (req.method === 'GET')
      return {
        status: 200,
        json: {
          uuid: who.key.id,
          scopes: ['read_builds'],
          description: who.key.name,
          created_at: '2026-01-01 00:00:00 UTC',
          user: { email: `${who.owner}@example.com`, name: who.owner }
        }
      }
    // "Required scope: none": any live token may revoke itself.
    store.delete(who.key)
    return { status: 204 }
  }
  return { store, route }
}

/**
 * Buildkite's published limits: 200 requests a minute per organization and, by default, 50 a
 * minute per user; every request counts. Played per owner at the user limit (the lower one),
 * answered as Buildkite documents it: 429 with RateLimit-Remaining 0 and RateLimit-Reset.
 */
export function buildkiteRateLimits(
  fake: ReturnType<typeof buildkiteFake>,
  perMinute = REQUESTS_PER_MINUTE_PER_USER
): RateLimit[] {
  return [
    {
      name: `Buildkite: ${perMinute} requests/minute per user`,
      bucket: (req) =>
        `user:${
          fake.store.authenticate(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1])
            ?.owner ?? 'anonymous'
        }`,
      requests: perMinute,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: {
          'ratelimit-remaining': '0',
          'ratelimit-limit': String(perMinute),
          'ratelimit-reset': String(Math.max(1, Math.ceil(retryAfterS)))
        },
        json: { message: 'Too Many Requests' }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof buildkiteFake>> = {
  fake: buildkiteFake,
  rateLimits: (fake) => buildkiteRateLimits(fake),
  alert: { type: 'buildkite_user_access_token', name: 'Buildkite User Access Token' },
  sample: {
    value: `bkua_MTA.${'4f6c'.repeat(10)}`,
    id: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e'
  },
  operations: ['GET /v2/access-token', 'DELETE /v2/access-token'],
  requests: (n) => 3 * n // probe, revoke, probe: the token revokes itself
}

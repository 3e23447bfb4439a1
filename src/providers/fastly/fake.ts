import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'
import { NON_READ_PER_HOUR } from './facts.js'

// Plays Fastly's current-token operations: src/providers/fastly/README.md,
// src/providers/fastly/openapi.yaml. A token is its own credential (there is no management
// token); the fake's key id plays the token's id, which a caller never needs.
export function fastlyFake() {
  const store = new KeyStore((seq) => ({
    id: `${alnum(16)}${String(seq).padStart(6, '0')}`,
    value: `${alnum(16)}-${alnum(15)}`
  }))
  // Fastly's generic answer to a missing or unknown key (GenericTokenError `{msg}`).
  const unauthorized: Reply = {
    status: 401,
    json: { msg: 'Provided credentials are missing or invalid' }
  }

  const route = (req: RecordedRequest): Reply => {
    if (req.path !== '/tokens/self' || (req.method !== 'GET' && req.method !== 'DELETE'))
      return { status: 404, json: { msg: 'Record not found' } }
    // Management tokens of the store are not Fastly tokens: Fastly would not know them either.
    const who = store.authenticate(req.headers['fastly-key'])
    if (!who?.key) return unauthorized
    if (req.method === 'GET')
      return {
        status: 200,
        json: {
          id: who.key.id,
          user_id: `user-${who.owner}`,
          name: who.key.name,
          scope: who.canManage ? 'global' : 'purge_select',
          services: [],
          created_at: '2026-01-01T00:00:00Z',
          last_used_at: '2026-12-01T00:00:00Z',
          expires_at: '',
          deleted_at: null,
          updated_at: null,
          ip: '127.0.0.1',
          user_agent: 'fake'
        }
      }
    // A token that may not revoke itself: "Invalid token." (403), as the contract lists it.
    if (!who.canManage) return { status: 403, json: { msg: 'Invalid token' } }
    store.delete(who.key)
    return { status: 204 }
  }
  return { store, route }
}

/**
 * Fastly's published limit: 1,000 non-read requests an hour, per user for a token; reads (GET,
 * HEAD) are not limited. Played per owner, answered as Fastly documents it: 429 with
 * Fastly-RateLimit-Remaining 0 and Fastly-RateLimit-Reset (UTC epoch seconds).
 */
export function fastlyRateLimits(
  fake: ReturnType<typeof fastlyFake>,
  perHour = NON_READ_PER_HOUR
): RateLimit[] {
  return [
    {
      name: `Fastly: ${perHour} non-read requests/hour per user`,
      bucket: (req) =>
        req.method === 'GET' || req.method === 'HEAD'
          ? undefined
          : `user:${fake.store.authenticate(req.headers['fastly-key'])?.owner ?? 'anonymous'}`,
      requests: perHour,
      perMs: 3_600_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: {
          'fastly-ratelimit-remaining': '0',
          'fastly-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + retryAfterS))
        },
        json: { msg: 'Too Many Requests' }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof fastlyFake>> = {
  fake: fastlyFake,
  rateLimits: (fake) => fastlyRateLimits(fake),
  alert: { type: 'fastly_api_token', name: 'Fastly API Token' },
  sample: { value: `${'Ef3'.repeat(5)}A-${'x7Q'.repeat(5)}`, id: '3krg2uUGZzb2W9Euo4moOY' },
  operations: ['GET /tokens/self', 'DELETE /tokens/self'],
  requests: (n) => 3 * n // probe, revoke, probe: the token revokes itself
}

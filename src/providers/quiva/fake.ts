import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, hex, uuid } from '../../../sandbox/store.js'

// Plays quiva.ai: src/providers/quiva/README.md, src/providers/quiva/openapi.yaml.
// A delete of an unknown key is undocumented; the fake answers 404 `{error}`.
export function quivaFake() {
  const store = new KeyStore(() => ({ id: uuid(), value: `ms-${hex(32)}` }))
  const unauthorized: Reply = { status: 401, json: { error: 'Unauthorized' } }
  const credential = (req: RecordedRequest) =>
    req.headers['x-api-key'] ?? /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(credential(req))
    const query = new Map(req.query)
    if (req.method === 'GET' && req.path === '/accounts/info') {
      if (!who) return unauthorized
      return { status: 200, json: { data: { id: who.owner, name: who.owner } } }
    }
    if (req.method === 'GET' && req.path === '/accounts/api-keys') {
      if (!who) return unauthorized
      return {
        status: 200,
        json: {
          data: store.listed(who.owner).map((k) => ({
            id: k.id,
            name: k.name,
            last_4_characters: k.value.slice(-4),
            created_on: new Date(0).toISOString(),
            expires_on: new Date(7776e6).toISOString(),
            account: k.owner
          }))
        }
      }
    }
    if (req.method === 'DELETE' && req.path === '/accounts/api-key') {
      if (!who) return unauthorized
      const byKey = query.get('key')
      const byId = query.get('id')
      const key = store.find((k) => (byKey !== undefined ? k.value === byKey : k.id === byId))
      if (!key || key.owner !== who.owner)
        return { status: 404, json: { error: 'API key not found' } }
      if (!who.canManage)
        return { status: 403, json: { error: 'Restricted keys cannot delete API keys' } }
      store.delete(key)
      // The published answer echoes the key: the action must never show it.
      return {
        status: 200,
        json: {
          data: {
            key: key.value,
            name: key.name,
            created_on: new Date(0).toISOString(),
            expires_on: new Date(7776e6).toISOString(),
            creds: 'api'
          }
        }
      }
    }
    return { status: 404, json: { error: 'Not found' } }
  }
  return { store, route }
}

/**
 * quiva.ai publishes no limit. Assumed here: 100 requests per second per credential, answered
 * 429 with its usual `{error}` body and no Retry-After.
 */
export function quivaRateLimits(requestsPerSecond = 100): RateLimit[] {
  return [
    {
      name: `quiva.ai: ${requestsPerSecond} requests/s per credential (assumed)`,
      bucket: (req) => req.headers['x-api-key'] ?? req.headers.authorization ?? '',
      requests: requestsPerSecond,
      perMs: 1000,
      reply: () => ({ status: 429, json: { error: 'Too Many Requests' } })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof quivaFake>> = {
  fake: quivaFake,
  rateLimits: () => quivaRateLimits(),
  alert: { type: 'quiva_api_key', name: 'quiva.ai API key' },
  sample: { value: `ms-${'ab'.repeat(16)}`, id: 'key_1' },
  operations: ['DELETE /accounts/api-key', 'GET /accounts/api-keys', 'GET /accounts/info'],
  requests: (n) => 3 * n // probe, delete, probe: the value is the id
}

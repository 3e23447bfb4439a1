import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays Baseten: src/providers/baseten/README.md, src/providers/baseten/openapi.yaml.
// Keys are `<prefix>.<secret>`; the prefix is the id. 4xx bodies are `{message}`.
export function basetenFake() {
  const store = new KeyStore(() => {
    const prefix = alnum(8)
    return { id: prefix, value: `${prefix}.${alnum(32)}` }
  })
  const unauthorized: Reply = { status: 401, json: { message: 'Invalid API key' } }
  /** Each key's type and models as the list shows them (default: a personal key). */
  const types = new Map<string, { type: string; model_ids: string[] }>()
  const credential = (req: RecordedRequest) =>
    /^(?:Api-Key|Bearer) (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(credential(req))
    if (req.method === 'GET' && (req.path === '/v1/models' || req.path === '/v1/users/me')) {
      if (!who) return unauthorized
      return {
        status: 200,
        json: req.path === '/v1/models' ? { models: [] } : { email: `${who.owner}@example.test` }
      }
    }
    if (req.method === 'GET' && req.path === '/v1/api_keys') {
      if (!who) return unauthorized
      if (!who.canManage) return { status: 403, json: { message: 'Permission denied' } }
      return {
        status: 200,
        json: {
          keys: store.listed(who.owner).map((k) => ({
            prefix: k.id,
            name: k.name,
            type: types.get(k.id)?.type ?? 'PERSONAL',
            model_ids: types.get(k.id)?.model_ids ?? [],
            team_name: null
          }))
        }
      }
    }
    if (req.method === 'POST' && req.path === '/v1/api_keys') {
      if (!who) return unauthorized
      if (!who.canManage) return { status: 403, json: { message: 'Permission denied' } }
      const body = JSON.parse(req.body) as { name?: string; type: string; model_ids?: string[] }
      const key = store.addKey({ owner: who.owner, name: body.name ?? undefined })
      types.set(key.id, { type: body.type, model_ids: body.model_ids ?? [] })
      return { status: 200, json: { api_key: key.value } }
    }
    const del = /^\/v1\/api_keys\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      if (!who) return unauthorized
      if (!who.canManage)
        return { status: 403, json: { message: 'This API key cannot manage API keys' } }
      const prefix = decodeURIComponent(del[1] ?? '')
      const key = store.find((k) => k.id === prefix && k.owner === who.owner)
      if (!key) return { status: 404, json: { message: 'API key not found' } }
      store.delete(key)
      return { status: 200, json: { prefix } }
    }
    return { status: 404, json: { message: 'Not found' } }
  }
  return { store, route, types }
}

/**
 * Baseten's published limit: 100 requests per second per API key and endpoint (the endpoint
 * read as the route, so every delete with one management key shares a budget). Its 429 is
 * `{"error": "Rate limit exceeded", "retry_after": <seconds>}`.
 */
export function basetenRateLimits(): RateLimit[] {
  const route = (req: RecordedRequest) =>
    `${req.method} ${req.path.replace(/^\/v1\/api_keys\/[^/]+$/, '/v1/api_keys/{prefix}')}`
  return [
    {
      name: 'Baseten: 100 requests/s per key and endpoint',
      bucket: (req) => `${req.headers.authorization ?? ''} ${route(req)}`,
      requests: 100,
      perMs: 1000,
      reply: (retryAfterS) => ({
        status: 429,
        json: { error: 'Rate limit exceeded', retry_after: Math.max(1, Math.ceil(retryAfterS)) }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof basetenFake>> = {
  fake: basetenFake,
  rateLimits: () => basetenRateLimits(),
  alert: { type: 'baseten_api_key', name: 'Baseten API key' },
  sample: { value: 'abcd1234.0123456789abcdefABCDEF0123456789', id: 'abcd1234' },
  operations: [
    'DELETE /v1/api_keys/{api_key_prefix}',
    'GET /v1/api_keys',
    'POST /v1/api_keys',
    'GET /v1/models',
    'GET /v1/users/me'
  ],
  requests: (n) => 3 * n // probe, delete, probe: the value is the id
}

import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, organizationId, uuid } from '../../../sandbox/store.js'

// Plays Braintrust: src/providers/braintrust/README.md, src/providers/braintrust/openapi.yaml.
// `preview_name` is undocumented; the fake shows "sk-****" and the last 4 characters.
export function braintrustFake() {
  const store = new KeyStore(() => ({ id: uuid(), value: `sk-${alnum(48)}` }))
  // Each owner is an organization: "API keys are scoped to the organization".
  const orgId = (owner: string) => {
    const hex = organizationId(owner, '')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-8${hex.slice(15, 18)}-${hex.slice(18, 24)}000000`
  }
  const unauthorized: Reply = { status: 401, text: 'Invalid authorization token' }
  const bearer = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  const view = (k: { id: string; value: string; name: string; owner: string }) => ({
    id: k.id,
    created: new Date(0).toISOString(),
    name: k.name,
    preview_name: `sk-****${k.value.slice(-4)}`,
    user_id: null,
    user_email: `${k.owner}@example.test`,
    org_id: orgId(k.owner)
  })

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(bearer(req))
    const query = new Map(req.query)
    if (req.method === 'GET' && req.path === '/v1/project') {
      if (!who) return unauthorized
      return { status: 200, json: { objects: [] } }
    }
    if (req.method === 'GET' && req.path === '/v1/organization') {
      if (!who) return unauthorized
      return {
        status: 200,
        json: { objects: [{ id: orgId(who.owner), name: `${who.owner}-org`, api_url: null }] }
      }
    }
    if (req.method === 'GET' && req.path === '/v1/api_key') {
      if (!who) return unauthorized
      if (!who.canManage) return { status: 403, text: 'Missing permission to read api keys' }
      const all = store.listed(who.owner).sort((a, b) => a.id.localeCompare(b.id))
      const after = query.get('starting_after')
      const from = after ? all.findIndex((k) => k.id === after) + 1 : 0
      const limit = Number(query.get('limit') ?? 100)
      return { status: 200, json: { objects: all.slice(from, from + limit).map(view) } }
    }
    const del = /^\/v1\/api_key\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      if (!who) return unauthorized
      const key = store.find((k) => k.id === del[1])
      if (!key) return { status: 404, text: 'api_key not found' }
      if (key.owner !== who.owner || !who.canManage)
        return { status: 403, text: 'Missing delete permission on api_key' }
      store.delete(key)
      return { status: 200, json: view(key) }
    }
    return { status: 404, text: 'Not found' }
  }
  return { store, route }
}

/**
 * Braintrust publishes no figure, only that a 429 carries Retry-After. Assumed here: 100
 * requests per second per credential, answered 429 text/plain with `Retry-After`.
 */
export function braintrustRateLimits(requestsPerSecond = 100): RateLimit[] {
  return [
    {
      name: `Braintrust: ${requestsPerSecond} requests/s per credential (assumed)`,
      bucket: (req) => req.headers.authorization ?? '',
      requests: requestsPerSecond,
      perMs: 1000,
      reply: (retryAfterS) => ({
        status: 429,
        text: 'Too many requests',
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof braintrustFake>> = {
  fake: braintrustFake,
  rateLimits: () => braintrustRateLimits(),
  alert: { type: 'braintrust_api_key', name: 'Braintrust API key' },
  sample: { value: `sk-${'Ab1'.repeat(16)}`, id: '0b9e6f9e-4b1c-4d0a-9f43-1a2b3c4d5e6f' },
  operations: [
    'DELETE /v1/api_key/{api_key_id}',
    'GET /v1/api_key',
    'GET /v1/organization',
    'GET /v1/project'
  ],
  requests: (n) => 3 * n + Math.floor(n / 100) + 1 // the list ends on a short page of 100
}

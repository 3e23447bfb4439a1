import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, uuid, type FakeKey } from '../../../sandbox/store.js'

// Plays the API Keys API v2 (src/providers/google/README.md, apikeys-discovery.json). A key's id
// is its resource name, `projects/<number>/locations/global/keys/<uuid>`; its owner stands for
// the project: a management token (an OAuth access token, made with `addToken`) may look up,
// read and delete the keys of its own owner only, as `roles/serviceusage.apiKeysAdmin` on one
// project. A deleted key stays findable (lookupKey, keys.get with `deleteTime`) for its 30 days
// unless it is `purged`. Errors are Google's `{error: {code, message, status}}`.
export function googleFake() {
  let project = 100_000_000_000
  const store = new KeyStore(() => ({
    id: `projects/${++project}/locations/global/keys/${uuid()}`,
    value: `AIza${alnum(35)}`
  }))
  /** Keys past their 30 days: lookupKey answers no name, keys.get 404. */
  const purged = new Set<FakeKey>()
  /** How many reads of a delete's operation answer `done: false` before it is done. */
  const options = { pendingPolls: 0 }
  const operations = new Map<string, { key: FakeKey; polls: number }>()

  const error = (code: number, status: string, message: string): Reply => ({
    status: code,
    json: { error: { code, message, status } }
  })
  const unauthenticated = error(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
  )
  const denied = error(403, 'PERMISSION_DENIED', 'The caller does not have permission')
  const bearer = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  /** A key by a predicate, deleted or not, while Google keeps it (not purged). */
  const kept = (predicate: (k: FakeKey) => boolean) =>
    store.keys.find((k) => !purged.has(k) && predicate(k))
  const time = (ms: number) => new Date(ms).toISOString()
  const keyBody = (k: FakeKey) => ({
    name: k.id,
    uid: k.id.split('/').at(-1),
    displayName: k.name,
    createTime: '2026-01-01T00:00:00.000000Z',
    updateTime: time(k.deletedAt ?? Date.parse('2026-01-01T00:00:00Z')),
    etag: `W/"${k.id.length}"`,
    // Shown once the delete has taken effect (the store's `propagationMs` plays a delay).
    ...(k.deletedAt !== undefined && !store.isAlive(k) ? { deleteTime: time(k.deletedAt) } : {})
  })
  const operation = (name: string, k: FakeKey, done: boolean) => ({
    name,
    metadata: {},
    done,
    ...(done
      ? { response: { '@type': 'type.googleapis.com/google.api.apikeys.v2.Key', ...keyBody(k) } }
      : {})
  })

  const route = (req: RecordedRequest): Reply => {
    // Only an OAuth access token authenticates here: an API key (a key of the store) does not.
    const who = store.authenticate(bearer(req))
    if (!who || who.key) return unauthenticated
    if (req.method === 'GET' && req.path === '/v2/keys:lookupKey') {
      const value = new Map(req.query).get('keyString') ?? ''
      const key = store.keys.find((k) => k.value === value)
      if (!key) return error(404, 'NOT_FOUND', 'Key not found.')
      if (key.owner !== who.owner || !who.canManage) return denied
      const parent = key.id.split('/').slice(0, 4).join('/')
      return { status: 200, json: purged.has(key) ? { parent } : { parent, name: key.id } }
    }
    const op = /^\/v2\/(operations\/[^/]+)$/.exec(req.path)
    if (req.method === 'GET' && op) {
      const entry = operations.get(op[1] ?? '')
      if (!entry || entry.key.owner !== who.owner)
        return error(404, 'NOT_FOUND', 'Operation not found.')
      entry.polls -= 1
      return { status: 200, json: operation(op[1] ?? '', entry.key, entry.polls < 0) }
    }
    const named = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/keys\/[^/]+)$/.exec(req.path)
    if (named) {
      const name = decodeURIComponent(named[1] ?? '')
      const key = kept((k) => k.id === name)
      if (req.method === 'GET') {
        if (!key) return error(404, 'NOT_FOUND', `Key ${name} not found.`)
        if (key.owner !== who.owner) return denied
        return { status: 200, json: keyBody(key) }
      }
      if (req.method === 'DELETE') {
        if (!key || key.deletedAt !== undefined)
          return error(404, 'NOT_FOUND', `Key ${name} not found.`)
        if (key.owner !== who.owner || !who.canManage) return denied
        store.delete(key)
        const opName = `operations/akmf.p7-${alnum(20)}`
        operations.set(opName, { key, polls: options.pendingPolls })
        return { status: 200, json: operation(opName, key, options.pendingPolls === 0) }
      }
    }
    return error(404, 'NOT_FOUND', 'The requested URL was not found on this server.')
  }
  return { store, route, purged, options }
}

/**
 * Google publishes no per-method figure for the API Keys API that this work could read: the
 * fake plays an assumed 120 requests a minute per token (the pace the adapter keeps), with
 * Google's RESOURCE_EXHAUSTED answer.
 */
export function googleRateLimits(): RateLimit[] {
  return [
    {
      name: 'Google API Keys (assumed): 120 requests/minute per token',
      bucket: (req) => req.headers.authorization ?? '',
      requests: 120,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: {
          error: {
            code: 429,
            message: 'Quota exceeded for quota metric and limit of service apikeys.googleapis.com',
            status: 'RESOURCE_EXHAUSTED'
          }
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof googleFake>> = {
  fake: googleFake,
  rateLimits: () => googleRateLimits(),
  alert: { type: 'google_api_key', name: 'Google API Key' },
  sample: {
    value: `AIza${'Sy7Qx'.repeat(7)}`,
    id: 'projects/123456867718/locations/global/keys/b7ff1f9f-8275-410a-94dd-3855ee9b5dd2'
  },
  operations: [
    'DELETE /v2/projects/{projectsId}/locations/{locationsId}/keys/{keysId}',
    'GET /v2/keys:lookupKey',
    'GET /v2/operations/{operationsId}',
    'GET /v2/projects/{projectsId}/locations/{locationsId}/keys/{keysId}'
  ],
  requests: (n) => 4 * n // lookupKey, keys.get (alive), delete, keys.get (deleteTime)
}

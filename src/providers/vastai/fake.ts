import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, hex } from '../../../sandbox/store.js'

// Plays Vast.ai: src/providers/vastai/README.md, src/providers/vastai/openapi.yaml.
export function vastaiFake() {
  const store = new KeyStore((seq) => ({ id: String(1000 + seq), value: hex(64) }))
  const unauthorized: Reply = {
    status: 401,
    json: { success: false, error: 'invalid_user', msg: 'Invalid or missing API key.' }
  }
  /** Each key's `rights` as the list shows them (null: full access, the default). */
  const rights = new Map<string, Record<string, unknown> | null>()
  const bearer = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(bearer(req))
    if (req.method === 'GET' && req.path === '/api/v0/users/current/') {
      if (!who) return unauthorized
      return {
        status: 200,
        json: {
          id: 7,
          username: who.owner,
          email: `${who.owner}@example.test`,
          key_id: who.key ? Number(who.key.id) : 1
        }
      }
    }
    if (req.method === 'GET' && req.path === '/api/v0/auth/apikeys/') {
      if (!who) return unauthorized
      return {
        status: 200,
        json: {
          apikeys: store.listed(who.owner).map((k) => ({
            id: Number(k.id),
            user_id: 7,
            rights: rights.get(k.id) ?? null,
            team_id: null,
            team_name: null,
            name: k.name
          }))
        }
      }
    }
    if (req.method === 'POST' && req.path === '/api/v0/auth/apikeys/') {
      if (!who) return unauthorized
      const body = JSON.parse(req.body) as { name: string; permissions?: Record<string, unknown> }
      const key = store.addKey({ owner: who.owner, name: body.name, canManage: who.canManage })
      rights.set(key.id, body.permissions ?? null)
      return { status: 200, json: { id: Number(key.id), key: key.value, permissions: false } }
    }
    const del = /^\/api\/v0\/auth\/apikeys\/([^/]+)\/$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      if (!who) return unauthorized
      const key = store.find((k) => k.id === del[1])
      if (!key) return { status: 404, json: { msg: 'API Key not found.' } }
      if (key.owner !== who.owner || !who.canManage)
        return { status: 403, json: { msg: 'You do not have permission to delete this API Key.' } }
      store.delete(key)
      return { status: 200, json: 'Successfully Deleted API Key' }
    }
    return { status: 404, json: { msg: 'Not found' } }
  }
  return { store, route, rights }
}

/**
 * Vast.ai's published limits, per endpoint and identity: a delete at most every 2.0 s, a key
 * list every 1.0 s (the identity is read as the account, the stricter reading). Its 429 has no
 * Retry-After: plain text, or `{detail}`, naming the threshold.
 */
export function vastaiRateLimits(store: KeyStore): RateLimit[] {
  const account = (req: RecordedRequest) => {
    const secret = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    return store.authenticate(secret)?.owner ?? `unknown:${secret ?? ''}`
  }
  const tooFrequent = (threshold: string) =>
    `API requests too frequent endpoint threshold=${threshold}`
  return [
    {
      name: 'Vast.ai DELETE /api/v0/auth/apikeys/{id}/: 2.0 s between calls',
      bucket: (req) =>
        req.method === 'DELETE' && /^\/api\/v0\/auth\/apikeys\/[^/]+\/$/.test(req.path)
          ? account(req)
          : undefined,
      requests: 1,
      perMs: 2000,
      reply: () => ({ status: 429, text: tooFrequent('2.0') })
    },
    {
      name: 'Vast.ai GET /api/v0/auth/apikeys/: 1.0 s between calls',
      bucket: (req) =>
        req.method === 'GET' && req.path === '/api/v0/auth/apikeys/' ? account(req) : undefined,
      requests: 1,
      perMs: 1000,
      reply: () => ({ status: 429, json: { detail: tooFrequent('1.0') } })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof vastaiFake>> = {
  fake: vastaiFake,
  rateLimits: (fake) => vastaiRateLimits(fake.store),
  alert: { type: 'vastai_api_key', name: 'Vast.ai API key' },
  sample: { value: 'f'.repeat(64), id: '42' },
  operations: [
    'DELETE /api/v0/auth/apikeys/{id}/',
    'GET /api/v0/users/current/',
    'GET /api/v0/auth/apikeys/',
    'POST /api/v0/auth/apikeys/'
  ],
  requests: (n) => 3 * n // users/current (its id, and alive), delete, probe
}

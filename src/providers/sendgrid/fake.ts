import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays SendGrid's v3 API keys and scopes routes: src/providers/sendgrid/README.md,
// src/providers/sendgrid/openapi.yaml. Keys are `SG.<22-character id>.<43-character secret>`
// (69 characters); the middle part is the API key id. A key made with `canManage` may read and
// delete its account's (its owner's) API keys; any other gets 403.
export function sendgridFake() {
  const store = new KeyStore(() => {
    const id = alnum(22)
    return { id, value: `SG.${id}.${alnum(43)}` }
  })
  const error = (status: number, message: string): Reply => ({
    status,
    json: { errors: [{ field: null, message }] }
  })
  const unauthorized = error(401, 'authorization required')
  const forbidden = error(403, 'access forbidden')
  /** Each created key's scopes; any other key's follow `canManage`. */
  const scopes = new Map<string, string[]>()
  const scopesOf = (k: { id: string; canManage: boolean }) =>
    scopes.get(k.id) ??
    (k.canManage ? ['api_keys.read', 'api_keys.delete', 'mail.send'] : ['mail.send'])
  const credential = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(credential(req))
    if (!who) return unauthorized
    if (req.method === 'GET' && req.path === '/v3/scopes')
      return {
        status: 200,
        json: {
          scopes: who.key
            ? scopesOf(who.key)
            : who.canManage
              ? ['api_keys.read', 'api_keys.delete', 'mail.send']
              : ['mail.send']
        }
      }
    if (req.method === 'GET' && req.path === '/v3/api_keys') {
      if (!who.canManage) return forbidden
      return {
        status: 200,
        json: { result: store.listed(who.owner).map((k) => ({ name: k.name, api_key_id: k.id })) }
      }
    }
    if (req.method === 'POST' && req.path === '/v3/api_keys') {
      if (!who.canManage) return forbidden
      const body = JSON.parse(req.body) as { name: string; scopes?: string[] }
      const granted = body.scopes ?? ['api_keys.read', 'api_keys.delete', 'mail.send']
      const key = store.addKey({
        owner: who.owner,
        name: body.name,
        canManage: granted.includes('api_keys.delete')
      })
      scopes.set(key.id, granted)
      return {
        status: 201,
        json: { api_key: key.value, api_key_id: key.id, name: key.name, scopes: granted }
      }
    }
    const del = /^\/v3\/api_keys\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && del) {
      if (!who.canManage) return forbidden
      const id = decodeURIComponent(del[1] ?? '')
      const key = store.find((k) => k.id === id && k.owner === who.owner)
      if (!key) return error(404, 'unable to find API Key')
      // As published: a `result` list holding the key's name, id and scopes.
      return {
        status: 200,
        json: { result: [{ api_key_id: key.id, name: key.name, scopes: scopesOf(key) }] }
      }
    }
    if (req.method === 'DELETE' && del) {
      if (!who.canManage) return forbidden
      const id = decodeURIComponent(del[1] ?? '')
      const key = store.find((k) => k.id === id && k.owner === who.owner)
      if (!key) return error(404, 'unable to find API Key')
      store.delete(key)
      return { status: 204 }
    }
    return error(404, 'not found')
  }
  return { store, route }
}

/**
 * SendGrid publishes no number for these endpoints ("a specific number of requests per refresh
 * period" per endpoint, rate limits page): the fake plays an assumed 600 requests a minute per
 * key and endpoint, and the documented 429 `{"errors":[{"field":null,"message":"too many
 * requests"}]}` with X-RateLimit-* headers.
 */
export function sendgridRateLimits(requestsPerMinute = 600): RateLimit[] {
  const endpoint = (req: RecordedRequest) =>
    `${req.method} ${req.path.replace(/^\/v3\/api_keys\/[^/]+$/, '/v3/api_keys/{api_key_id}')}`
  return [
    {
      name: `SendGrid (assumed): ${requestsPerMinute} requests/minute per key and endpoint`,
      bucket: (req) => `${req.headers.authorization ?? ''} ${endpoint(req)}`,
      requests: requestsPerMinute,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: {
          'x-ratelimit-limit': String(requestsPerMinute),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + retryAfterS))
        },
        json: { errors: [{ field: null, message: 'too many requests' }] }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof sendgridFake>> = {
  fake: sendgridFake,
  rateLimits: () => sendgridRateLimits(),
  alert: { type: 'sendgrid_api_key', name: 'SendGrid API Key' },
  sample: { value: `SG.qfTQ6KG0QBiwWdJ0-pCLCA.${'Ab3'.repeat(14)}x`, id: 'qfTQ6KG0QBiwWdJ0-pCLCA' },
  operations: [
    'DELETE /v3/api_keys/{api_key_id}',
    'GET /v3/api_keys',
    'GET /v3/api_keys/{api_key_id}',
    'GET /v3/scopes',
    'POST /v3/api_keys'
  ],
  requests: (n) => n + 3 * n // the list once (one page, counted per key as a bound), probe, delete, probe
}

import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays CometAPI (a new-api derivative): src/providers/cometapi/README.md,
// src/providers/cometapi/openapi.yaml. Management errors come as HTTP 200 `success:false`.
export function cometapiFake() {
  const store = new KeyStore((seq) => ({ id: String(seq), value: `sk-${alnum(48)}` }))
  /** Show listed keys masked (first 4, stars, last 4), as upstream new-api does. */
  const options = { maskKeys: false }
  const denied: Reply = {
    status: 200,
    json: { success: false, message: '无权进行此操作，未登录且未提供 access token' }
  }
  const view = (k: { id: string; value: string; name: string }) => {
    const bare = k.value.slice(3)
    return {
      id: Number(k.id),
      user_id: 1,
      key: options.maskKeys ? `${bare.slice(0, 4)}**********${bare.slice(-4)}` : bare,
      status: 1,
      name: k.name,
      remain_quota: 0,
      unlimited_quota: true
    }
  }
  // Management routes take the raw access token; the model routes take the sk- key as a bearer.
  const manager = (req: RecordedRequest) => {
    const raw = req.headers.authorization ?? ''
    return store.tokens.find((t) => t.value === raw)
  }

  const route = (req: RecordedRequest): Reply => {
    const query = new Map(req.query)
    if (req.method === 'GET' && req.path === '/v1/models') {
      const key = /^Bearer (sk-\S+)$/.exec(req.headers.authorization ?? '')?.[1]
      const who = store.authenticate(key)
      if (!who?.key)
        return {
          status: 401,
          json: { error: { message: 'invalid token', type: 'comet_api_error' } }
        }
      return { status: 200, json: { object: 'list', data: [{ id: 'gpt-4o', object: 'model' }] } }
    }
    const who = manager(req)
    if (req.method === 'GET' && req.path === '/api/token/') {
      if (!who) return denied
      const size = Number(query.get('page_size') ?? 10)
      const page = Math.max(1, Number(query.get('p') ?? 1))
      const all = store.listed(who.owner)
      return {
        status: 200,
        json: {
          success: true,
          message: '',
          data: {
            page,
            page_size: size,
            total: all.length,
            items: all.slice((page - 1) * size, page * size).map(view)
          }
        }
      }
    }
    if (req.method === 'GET' && req.path === '/api/token/search') {
      if (!who) return denied
      const token = (query.get('token') ?? '').replace(/^sk-/, '')
      const found = token ? store.listed(who.owner).filter((k) => k.value.slice(3) === token) : []
      return { status: 200, json: { success: true, message: '', data: found.map(view) } }
    }
    const del = /^\/api\/token\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      if (!who) return denied
      const key = store.find((k) => k.id === del[1] && k.owner === who.owner)
      if (!key) return { status: 200, json: { success: false, message: 'record not found' } }
      store.delete(key)
      return { status: 200, json: { success: true, message: '' } }
    }
    return { status: 404, json: { success: false, message: 'Invalid URL' } }
  }
  return { store, route, options }
}

/**
 * CometAPI publishes no limit. Assumed here: 100 requests per second per credential, answered
 * as new-api's rate limiter does: a bare 429, no body, no Retry-After.
 */
export function cometapiRateLimits(requestsPerSecond = 100): RateLimit[] {
  return [
    {
      name: `CometAPI: ${requestsPerSecond} requests/s per credential (assumed)`,
      bucket: (req) => req.headers.authorization ?? '',
      requests: requestsPerSecond,
      perMs: 1000,
      reply: () => ({ status: 429, text: '' })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof cometapiFake>> = {
  fake: cometapiFake,
  rateLimits: () => cometapiRateLimits(),
  alert: { type: 'cometapi_api_key', name: 'CometAPI key' },
  sample: { value: `sk-${'Cd2'.repeat(16)}`, id: '7' },
  operations: [
    'DELETE /api/token/{id}',
    'GET /api/token/',
    'GET /api/token/search',
    'GET /v1/models'
  ],
  requests: (n) => 3 * n + Math.max(1, Math.ceil(n / 100)) // the list (pages of 100) says its total
}

import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, withOrganizationHeader, type FakeKey } from '../../../sandbox/store.js'

// Plays Anthropic's Admin API and model list: src/providers/anthropic/README.md,
// src/providers/anthropic/openapi.yaml. Tokens are Admin API keys (sent as `x-api-key`); keys are
// API keys. Errors are `{type: "error", error: {type, message}}`. The Admin API never deletes a
// key: an update to `inactive` or `archived` turns it off and it stays listed with that status.
// A key the store deletes outright plays one deleted in the Console: gone from every answer.
export function anthropicFake() {
  const store = new KeyStore(() => ({
    id: `apikey_01${alnum(24)}`,
    value: `sk-ant-api03-${alnum(40)}-${alnum(26)}_${alnum(25)}AA`
  }))
  /** Keys the Admin API has turned off, with the status it set. */
  const statuses = new Map<FakeKey, string>()
  const error = (status: number, type: string, message: string): Reply => ({
    status,
    json: { type: 'error', error: { type, message } },
    headers: { 'request-id': `req_${alnum(24)}` }
  })
  const unauthorized = error(401, 'authentication_error', 'invalid x-api-key')
  /** The keys the Admin API shows an organization: every key not deleted in the Console. */
  const shown = (owner: string) =>
    store.keys.filter((k) => k.owner === owner && (k.deletedAt === undefined || statuses.has(k)))
  const view = (k: FakeKey) => ({
    id: k.id,
    type: 'api_key',
    name: k.name,
    workspace_id: null,
    created_at: new Date(0).toISOString(),
    created_by: { id: `user_01${k.owner}`, type: 'user' },
    partial_key_hint: `${k.value.slice(0, 16)}...${k.value.slice(-4)}`,
    status: statuses.get(k) ?? 'active'
  })

  const route = (req: RecordedRequest): Reply => {
    const query = new Map(req.query)
    const secret = req.headers['x-api-key']
    if (req.method === 'GET' && req.path === '/v1/models') {
      // Model calls take an API key; an Admin API key is not one.
      if (!store.authenticate(secret)?.key) return unauthorized
      const model = {
        type: 'model',
        id: 'claude-sonnet-4-20250514',
        display_name: 'Claude Sonnet 4',
        created_at: new Date(0).toISOString()
      }
      return {
        status: 200,
        json: { data: [model], has_more: false, first_id: model.id, last_id: model.id }
      }
    }
    // Admin API calls take an Admin API key (a token here), never an API key.
    const admin = store.tokens.find((t) => t.value === secret)
    if (req.path.startsWith('/v1/organizations/')) {
      if (!admin) return unauthorized
      if (!admin.canManage)
        return error(
          403,
          'permission_error',
          'This key does not have permission to manage API keys'
        )
    }
    if (req.method === 'GET' && req.path === '/v1/organizations/api_keys' && admin) {
      const all = shown(admin.owner)
      const after = query.get('after_id')
      const from = after ? all.findIndex((k) => k.id === after) + 1 : 0
      const page = all.slice(from, from + Number(query.get('limit') ?? 20))
      return {
        status: 200,
        json: {
          data: page.map(view),
          has_more: from + page.length < all.length,
          first_id: page[0]?.id ?? null,
          last_id: page.at(-1)?.id ?? null
        }
      }
    }
    const one = /^\/v1\/organizations\/api_keys\/([^/]+)$/.exec(req.path)
    if (one && admin && (req.method === 'GET' || req.method === 'POST')) {
      const key = shown(admin.owner).find((k) => k.id === decodeURIComponent(one[1] ?? ''))
      if (!key) return error(404, 'not_found_error', 'The requested resource could not be found.')
      if (req.method === 'POST') {
        const { status } = JSON.parse(req.body || '{}') as { status?: string | null }
        if (status === 'inactive' || status === 'archived') {
          if (!statuses.has(key)) store.delete(key)
          statuses.set(key, status)
        } else if (status === 'active') {
          statuses.delete(key)
          delete key.deletedAt
        }
      }
      return { status: 200, json: view(key) }
    }
    return error(404, 'not_found_error', 'The requested resource could not be found.')
  }
  const organized = withOrganizationHeader(
    route,
    'anthropic-organization-id',
    (req) => store.authenticate(req.headers['x-api-key'])?.owner
  )
  return { store, route: organized, statuses }
}

/**
 * Anthropic publishes no limit for the Admin API; its 429 is `rate_limit_error` (errors page).
 * Assumed here: 100 requests per second per credential, and a `retry-after` header.
 */
export function anthropicRateLimits(requestsPerSecond = 100): RateLimit[] {
  return [
    {
      name: `Anthropic: ${requestsPerSecond} requests/s per credential (assumed)`,
      bucket: (req) => req.headers['x-api-key'] ?? '',
      requests: requestsPerSecond,
      perMs: 1000,
      reply: (retryAfterS) => ({
        status: 429,
        json: {
          type: 'error',
          error: {
            type: 'rate_limit_error',
            message: 'Number of requests has exceeded your rate limit'
          }
        },
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof anthropicFake>> = {
  fake: anthropicFake,
  rateLimits: () => anthropicRateLimits(),
  alert: { type: 'anthropic_api_key', name: 'Anthropic API Key' },
  sample: { value: `sk-ant-api03-${'Ef3_'.repeat(23)}xAA`, id: 'apikey_01Rj2N8SVvo6BePZj99NhmiT' },
  operations: [
    'GET /v1/organizations/api_keys',
    'GET /v1/organizations/api_keys/{api_key_id}',
    'POST /v1/organizations/api_keys/{api_key_id}',
    'GET /v1/models'
  ],
  requests: (n) => 3 * n + Math.max(1, Math.ceil(n / 1000)) // pages of 1,000 until has_more is false
}

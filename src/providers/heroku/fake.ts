import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, uuid, type FakeKey } from '../../../sandbox/store.js'

// Plays the Heroku Platform API's OAuth authorizations and account: src/providers/heroku/README.md,
// src/providers/heroku/openapi.yaml. A key is one OAuth authorization (its id) and its access
// token (its value, HRKU- and a UUID); a token acts for its owner's account only. A key made with
// `canManage: false` plays a token whose scope may not read or delete authorizations (403).
// Lists come in pages of `pageSize` (Heroku's default, 200), with 206 and Next-Range.
export function herokuFake(pageSize = 200) {
  const store = new KeyStore(() => ({ id: uuid(), value: `HRKU-${uuid()}` }))
  const error = (status: number, id: string, message: string): Reply => ({
    status,
    json: { id, message, url: 'https://devcenter.heroku.com/articles/platform-api-reference' }
  })
  const unauthorized = error(401, 'unauthorized', 'Invalid credentials provided.')
  const forbidden = error(403, 'forbidden', 'You do not have access to this resource.')
  const tokenOf = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  const at = new Date(0).toISOString()
  /** Each authorization's scope and token lifetime, where set; others: global, indefinite. */
  const scopes = new Map<string, string[]>()
  const lifetimes = new Map<string, number>()
  /**
   * Not Heroku's documented behaviour: a create that grants `global` whatever scope was asked,
   * so a test sees the adapter refuse (and revoke) a broader authorization.
   */
  const quirks = { createGrantsGlobal: false }
  const view = (k: FakeKey) => ({
    id: k.id,
    description: k.name,
    scope: scopes.get(k.id) ?? ['global'],
    created_at: at,
    updated_at: at,
    client: null,
    grant: null,
    session: null,
    refresh_token: null,
    access_token: {
      id: `${k.id.slice(0, -4)}0000`,
      token: k.value,
      expires_in: lifetimes.get(k.id) ?? null
    },
    user: { id: uuid(), email: 'someone@example.com', full_name: null }
  })

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(tokenOf(req))
    if (!who?.key) return unauthorized
    if (req.method === 'GET' && req.path === '/account')
      return {
        status: 200,
        json: { id: uuid(), email: `${who.owner}@example.com`, name: null, verified: true }
      }
    if (!who.canManage) return forbidden
    if (req.method === 'GET' && req.path === '/oauth/authorizations') {
      const all = store.listed(who.owner).sort((a, b) => a.id.localeCompare(b.id))
      // Range: "id ]<last id>..; max=<n>" (a Next-Range this fake gave), or none: the start.
      const after = /^id \](\S+)\.\./.exec(req.headers.range ?? '')?.[1]
      const from = after === undefined ? all : all.filter((k) => k.id > after)
      const page = from.slice(0, pageSize)
      if (from.length > pageSize)
        return {
          status: 206,
          headers: { 'next-range': `id ]${page.at(-1)?.id ?? ''}..; max=${pageSize}` },
          json: page.map(view)
        }
      return { status: 200, json: page.map(view) }
    }
    if (req.method === 'POST' && req.path === '/oauth/authorizations') {
      const body = JSON.parse(req.body) as {
        scope: string[]
        description?: string
        expires_in?: number | null
      }
      const key = store.addKey({ owner: who.owner, name: body.description ?? '' })
      scopes.set(key.id, quirks.createGrantsGlobal ? ['global'] : body.scope)
      if (typeof body.expires_in === 'number') lifetimes.set(key.id, body.expires_in)
      return { status: 201, json: view(key) }
    }
    const del = /^\/oauth\/authorizations\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && del) {
      const key = store.listed(who.owner).find((k) => k.id === del[1])
      if (!key) return error(404, 'not_found', "Couldn't find that authorization.")
      return { status: 200, json: view(key) }
    }
    if (req.method === 'DELETE' && del) {
      const key = store.listed(who.owner).find((k) => k.id === del[1])
      if (!key) return error(404, 'not_found', "Couldn't find that authorization.")
      const answer = view(key)
      store.delete(key)
      return { status: 200, json: answer }
    }
    return error(404, 'not_found', 'The requested API endpoint was not found.')
  }
  return { store, route, scopes, lifetimes, quirks }
}

/**
 * Heroku: 4,500 requests an hour per account; over it, 429 with `{id: "rate_limit"}` (Platform
 * API reference, rate limits). Played per token (a token is one account's).
 */
export function herokuRateLimits(perHour = 4500): RateLimit[] {
  return [
    {
      name: `Heroku Platform API: ${perHour} requests/hour per account`,
      bucket: (req) => req.headers.authorization ?? '',
      requests: perHour,
      perMs: 3_600_000,
      reply: () => ({
        status: 429,
        json: {
          id: 'rate_limit',
          message:
            'Your account reached the API rate limit\nPlease wait a few minutes before making new requests',
          url: 'https://devcenter.heroku.com/articles/platform-api-reference#rate-limits'
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof herokuFake>> = {
  fake: () => herokuFake(),
  rateLimits: () => herokuRateLimits(),
  alert: { type: 'heroku_platform_api_oauth2_token', name: 'Heroku Platform API OAuth2 Token' },
  sample: {
    value: 'HRKU-01234567-89ab-cdef-0123-456789abcdef',
    id: '01234567-89ab-cdef-0123-456789abcdef'
  },
  operations: [
    'DELETE /oauth/authorizations/{oauth_authorization_id}',
    'GET /account',
    'GET /oauth/authorizations',
    'GET /oauth/authorizations/{oauth_authorization_id}',
    'POST /oauth/authorizations'
  ],
  requests: (n) => 3 * n // the list (found, and alive), delete, probe
}

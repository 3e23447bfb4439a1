import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, type FakeKey, type Identity } from '../../../sandbox/store.js'

// Plays GitLab's REST API v4 token routes: src/providers/gitlab/README.md,
// src/providers/gitlab/openapi.yaml. Keys are glpat- access tokens. A key whose owner is
// `project:<id>` or `group:<id>` is that project's or group's access token; any other is a
// personal access token of the user named by its owner. A token made with `canManage` plays an
// administrator; any other credential acts for its owner only.
export function gitlabFake() {
  const store = new KeyStore((seq) => ({ id: String(seq), value: `glpat-${alnum(20)}` }))
  const message = (status: number, text: string): Reply => ({
    status,
    json: { message: `${status} ${text}` }
  })
  const unauthorized = message(401, 'Unauthorized')
  const notFound = message(404, 'Not found')
  const scoped = (owner: string) => /^(project|group):/.test(owner)
  const isAdmin = (who: Identity) => who.canManage && who.key === undefined

  /** A project's or group's token's scopes, role and expiry (default: api, maintainer, none). */
  const details = new Map<
    string,
    { scopes: string[]; access_level: number; expires_at: string | null }
  >()
  const view = (k: FakeKey) => ({
    id: Number(k.id),
    name: k.name,
    revoked: false,
    created_at: new Date(0).toISOString(),
    description: null,
    scopes: details.get(k.id)?.scopes ?? ['api'],
    user_id: 1,
    last_used_at: null,
    active: true,
    expires_at: details.get(k.id)?.expires_at ?? null,
    ...(scoped(k.owner) ? { access_level: details.get(k.id)?.access_level ?? 40 } : {})
  })

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(req.headers['private-token'])
    if (req.path === '/api/v4/personal_access_tokens/self') {
      if (!who) return unauthorized
      if (req.method === 'GET') return { status: 200, json: who.key ? view(who.key) : { id: 1 } }
      if (req.method === 'DELETE') {
        if (who.key) store.delete(who.key)
        return { status: 204 }
      }
    }
    if (!who) return unauthorized
    const pat = /^\/api\/v4\/personal_access_tokens\/(\d+)$/.exec(req.path)
    if (req.method === 'DELETE' && pat) {
      const key = store.find((k) => k.id === pat[1] && !scoped(k.owner))
      // An administrator learns that a token does not exist (404); anyone else gets 401 for a
      // token that is not theirs or not there (the documented answers of the same id's GET).
      if (isAdmin(who)) {
        if (!key) return notFound
      } else if (!key || key.owner !== who.owner) return unauthorized
      store.delete(key)
      return { status: 204 }
    }
    const tokens = /^\/api\/v4\/(projects|groups)\/(\d+)\/access_tokens$/.exec(req.path)
    if (tokens) {
      const holder = `${tokens[1] === 'projects' ? 'project' : 'group'}:${tokens[2]}`
      if (!isAdmin(who) && who.owner !== holder) return message(403, 'Forbidden')
      if (req.method === 'GET') return { status: 200, json: store.listed(holder).map(view) }
      if (req.method === 'POST') {
        const body = JSON.parse(req.body) as {
          name: string
          scopes: string[]
          access_level?: number
          expires_at?: string
        }
        const key = store.addKey({ owner: holder, name: body.name })
        details.set(key.id, {
          scopes: body.scopes,
          access_level: body.access_level ?? 40,
          expires_at: body.expires_at ?? null
        })
        return { status: 201, json: { ...view(key), token: key.value } }
      }
    }
    const resource = /^\/api\/v4\/(projects|groups)\/(\d+)\/access_tokens\/(\d+)$/.exec(req.path)
    if (req.method === 'GET' && resource) {
      const [, kind, owner, id] = resource
      const holder = `${kind === 'projects' ? 'project' : 'group'}:${owner}`
      if (!isAdmin(who) && who.owner !== holder) return message(403, 'Forbidden')
      const key = store.find((k) => k.id === id && k.owner === holder)
      return key ? { status: 200, json: view(key) } : notFound
    }
    if (req.method === 'DELETE' && resource) {
      const [, kind, owner, id] = resource
      const holder = `${kind === 'projects' ? 'project' : 'group'}:${owner}`
      if (!isAdmin(who) && who.owner !== holder) return message(403, 'Forbidden')
      const key = store.find((k) => k.id === id && k.owner === holder)
      if (!key) return notFound
      store.delete(key)
      return { status: 204 }
    }
    return message(404, 'Not Found')
  }
  return { store, route, details }
}

/**
 * GitLab.com: authenticated API traffic is limited to 2,000 requests each minute per user; a
 * throttled request gets 429 with `Retry-After` (GitLab.com rate limits page). Played per
 * credential, with GitLab Dedicated's documented plain-text body "Retry later".
 */
export function gitlabRateLimits(requestsPerMinute = 2000): RateLimit[] {
  return [
    {
      name: `GitLab.com: ${requestsPerMinute} authenticated API requests/minute per user`,
      bucket: (req) => req.headers['private-token'] ?? '',
      requests: requestsPerMinute,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        text: 'Retry later',
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof gitlabFake>> = {
  fake: gitlabFake,
  rateLimits: () => gitlabRateLimits(),
  alert: { type: 'gitlab_access_token', name: 'GitLab Access Token' },
  sample: { value: `glpat-${'Gh4'.repeat(7)}`, id: '9' },
  operations: [
    'DELETE /api/v4/groups/{id}/access_tokens/{token_id}',
    'DELETE /api/v4/personal_access_tokens/self',
    'DELETE /api/v4/personal_access_tokens/{id}',
    'DELETE /api/v4/projects/{id}/access_tokens/{token_id}',
    'GET /api/v4/groups/{id}/access_tokens',
    'GET /api/v4/groups/{id}/access_tokens/{token_id}',
    'GET /api/v4/personal_access_tokens/self',
    'GET /api/v4/projects/{id}/access_tokens',
    'GET /api/v4/projects/{id}/access_tokens/{token_id}',
    'POST /api/v4/groups/{id}/access_tokens',
    'POST /api/v4/projects/{id}/access_tokens'
  ],
  requests: (n) => 3 * n // GET self (its id, and alive), delete, probe
}

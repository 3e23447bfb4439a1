import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import {
  KeyStore,
  alnum,
  withOrganizationHeader,
  type FakeKey,
  type Identity
} from '../../../sandbox/store.js'

// Plays OpenAI's Administration API and /v1/models: src/providers/openai/README.md,
// src/providers/openai/openapi.yaml. A key's id is the action's `key-id` form:
// `<project id>:<key id>` for a project key, `admin:<key id>` for an admin key. A key's owner is
// its organization; the store's tokens are admin keys that are not themselves listed.
export function openaiFake() {
  /** What the next `store.addKey()` makes; `addKey` below sets it for one key. */
  const next = { kind: 'project' as 'project' | 'admin', project: 'proj_main', serviceAccount: '' }
  const store = new KeyStore(() => {
    const keyId = `key_${alnum(16)}`
    if (next.kind === 'admin') return { id: `admin:${keyId}`, value: `sk-admin-${alnum(64)}` }
    const prefix = next.serviceAccount ? 'sk-svcacct-' : 'sk-proj-'
    return { id: `${next.project}:${keyId}`, value: `${prefix}${alnum(64)}` }
  })
  /** Keys owned by a service account (their service account's id), by key id. */
  const serviceAccounts = new Map<string, string>()
  /** Keys whose owner lost access to the project: listed only with owner_project_access=any. */
  const inactiveOwners = new Set<string>()
  const options = {
    /** The redacted value as shown; the reference shows "sk-abc...def" and "sk-admin...def". */
    redact: (k: FakeKey) =>
      isAdmin(k)
        ? `sk-admin...${k.value.slice(-4)}`
        : `${k.value.slice(0, 6)}...${k.value.slice(-4)}`
  }

  const isAdmin = (k: FakeKey) => k.id.startsWith('admin:')
  const keyIdOf = (k: FakeKey) => k.id.slice(k.id.indexOf(':') + 1)
  const projectOf = (k: FakeKey) => k.id.slice(0, k.id.indexOf(':'))

  /** Adds a key of the given kind, project, owner, service account. */
  function addKey(
    o: {
      owner?: string
      kind?: 'project' | 'admin'
      project?: string
      serviceAccount?: string
      ownerInactive?: boolean
      canManage?: boolean
      name?: string
    } = {}
  ): FakeKey {
    Object.assign(next, {
      kind: o.kind ?? 'project',
      project: o.project ?? 'proj_main',
      serviceAccount: o.serviceAccount ?? ''
    })
    try {
      const key = store.addKey({
        ...(o.owner ? { owner: o.owner } : {}),
        ...(o.canManage !== undefined ? { canManage: o.canManage } : {}),
        ...(o.name ? { name: o.name } : {})
      })
      if (o.serviceAccount) serviceAccounts.set(key.id, o.serviceAccount)
      if (o.ownerInactive) inactiveOwners.add(key.id)
      return key
    } finally {
      Object.assign(next, { kind: 'project', project: 'proj_main', serviceAccount: '' })
    }
  }

  const error = (status: number, message: string, code: string | null = null): Reply => ({
    status,
    json: { error: { message, type: 'invalid_request_error', param: null, code } }
  })
  const bearer = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  /** The error guide's 401 for a wrong, deleted or deactivated key; it echoes the key masked. */
  const incorrect = (secret: string | undefined): Reply =>
    error(
      401,
      `Incorrect API key provided: ${secret ? `${secret.slice(0, 8)}${'*'.repeat(20)}${secret.slice(-4)}` : '(none)'}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_api_key'
    )
  /** The error guide's other 401: a live key without the permission for the endpoint. */
  const noPermission = error(
    401,
    'You have insufficient permissions for this operation. Invalid Authentication.'
  )

  /** The organization an admin credential (an admin key, or a token playing one) acts for. */
  const admin = (req: RecordedRequest): Identity | Reply => {
    const secret = bearer(req)
    const who = store.authenticate(secret)
    if (!who) return incorrect(secret)
    if (who.key && !isAdmin(who.key)) return noPermission
    return who
  }
  const page = <T extends { id: string }>(all: T[], query: Map<string, string>, size: number) => {
    const after = query.get('after')
    const from = after ? all.findIndex((x) => x.id === after) + 1 : 0
    const limit = Number(query.get('limit') ?? size)
    const data = all.slice(from, from + limit)
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: from + limit < all.length
    }
  }
  const projectsOf = (owner: string) =>
    [...new Set(store.keys.filter((k) => k.owner === owner && !isAdmin(k)).map(projectOf))].sort()
  const adminView = (k: FakeKey) => ({
    object: 'organization.admin_api_key',
    id: keyIdOf(k),
    name: k.name,
    redacted_value: options.redact(k),
    created_at: 1711471533,
    expires_at: null,
    last_used_at: null,
    owner: { type: 'user', object: 'organization.user', id: 'user_abc', role: 'owner' }
  })
  const projectKeyView = (k: FakeKey) => {
    const sa = serviceAccounts.get(k.id)
    return {
      object: 'organization.project.api_key',
      redacted_value: options.redact(k),
      name: k.name,
      created_at: 1711471533,
      last_used_at: null,
      id: keyIdOf(k),
      owner_project_access: inactiveOwners.has(k.id) ? 'inactive' : 'active',
      owner: sa
        ? {
            type: 'service_account',
            service_account: { id: sa, name: 'Bot', role: 'member', created_at: 1711471533 }
          }
        : {
            type: 'user',
            user: { id: 'user_abc', name: 'First Last', email: `${k.owner}@example.test` }
          }
    }
  }

  const route = (req: RecordedRequest): Reply => {
    const query = new Map(req.query)
    if (req.method === 'GET' && req.path === '/v1/models') {
      const secret = bearer(req)
      const who = store.authenticate(secret)
      if (!who?.key) return incorrect(secret)
      if (isAdmin(who.key)) return noPermission
      return {
        status: 200,
        json: {
          object: 'list',
          data: [{ id: 'gpt-4o', object: 'model', created: 1686935002, owned_by: 'openai' }]
        }
      }
    }
    const who = admin(req)
    if ('status' in who) return who
    if (req.method === 'GET' && req.path === '/v1/organization/admin_api_keys') {
      const all = store
        .listed(who.owner)
        .filter(isAdmin)
        .map(adminView)
        .sort((a, b) => a.id.localeCompare(b.id))
      return { status: 200, json: page(all, query, 20) }
    }
    if (req.method === 'GET' && req.path === '/v1/organization/projects') {
      const all = projectsOf(who.owner).map((id) => ({
        id,
        object: 'organization.project',
        name: id,
        created_at: 1711471533,
        archived_at: null,
        status: 'active'
      }))
      return { status: 200, json: page(all, query, 20) }
    }
    const list = /^\/v1\/organization\/projects\/([^/]+)\/api_keys$/.exec(req.path)
    if (req.method === 'GET' && list) {
      const project = decodeURIComponent(list[1] ?? '')
      if (!projectsOf(who.owner).includes(project)) return error(404, `No such project: ${project}`)
      const access = query.get('owner_project_access')
      const all = store
        .listed(who.owner)
        .filter((k) => !isAdmin(k) && projectOf(k) === project)
        .filter((k) =>
          access === 'inactive'
            ? inactiveOwners.has(k.id)
            : access === 'active' || access === undefined
              ? !inactiveOwners.has(k.id)
              : true
        )
        .map(projectKeyView)
        .sort((a, b) => a.id.localeCompare(b.id))
      return { status: 200, json: page(all, query, 20) }
    }
    if (req.method === 'POST' && req.path === '/v1/organization/admin_api_keys') {
      if (!who.canManage) return noPermission
      const body = JSON.parse(req.body) as { name: string }
      const key = addKey({ kind: 'admin', owner: who.owner, name: body.name })
      return { status: 200, json: { ...adminView(key), value: key.value } }
    }
    const delAdmin = /^\/v1\/organization\/admin_api_keys\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && delAdmin) {
      if (!who.canManage) return noPermission
      const key = store.find((k) => k.id === `admin:${delAdmin[1]}` && k.owner === who.owner)
      if (!key) return error(400, `No admin API key found with id '${delAdmin[1]}'.`)
      store.delete(key)
      return {
        status: 200,
        json: { id: keyIdOf(key), object: 'organization.admin_api_key.deleted', deleted: true }
      }
    }
    const delProject = /^\/v1\/organization\/projects\/([^/]+)\/api_keys\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && delProject) {
      if (!who.canManage) return noPermission
      const id = `${decodeURIComponent(delProject[1] ?? '')}:${delProject[2]}`
      const key = store.find((k) => k.id === id && k.owner === who.owner)
      if (!key) return error(400, `No API key found with id '${delProject[2]}' in this project.`)
      if (serviceAccounts.has(key.id))
        return error(400, 'API keys owned by a service account cannot be deleted this way.')
      store.delete(key)
      return {
        status: 200,
        json: { object: 'organization.project.api_key.deleted', id: keyIdOf(key), deleted: true }
      }
    }
    return error(404, `Invalid URL (${req.method} ${req.path})`)
  }
  const organized = withOrganizationHeader(
    route,
    'openai-organization',
    (req) => store.authenticate(bearer(req))?.owner
  )
  return { store, route: organized, options, addKey }
}

/**
 * OpenAI publishes no limit for its Administration API. Assumed here: 100 requests per second
 * per credential, answered 429 with `Retry-After` and an ErrorResponse body, as the reference's
 * TooManyRequests response is described.
 */
export function openaiRateLimits(requestsPerSecond = 100): RateLimit[] {
  return [
    {
      name: `OpenAI: ${requestsPerSecond} requests/s per credential (assumed)`,
      bucket: (req) => req.headers.authorization ?? '',
      requests: requestsPerSecond,
      perMs: 1000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: {
          error: {
            message: 'Rate limit reached for requests',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded'
          }
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof openaiFake>> = {
  fake: openaiFake,
  rateLimits: () => openaiRateLimits(),
  alert: { type: 'openai_api_key', name: 'OpenAI API Key' },
  sample: { value: `sk-proj-${'Ef3'.repeat(20)}`, id: 'proj_abc:key_abc' },
  operations: [
    'DELETE /v1/organization/admin_api_keys/{key_id}',
    'DELETE /v1/organization/projects/{project_id}/api_keys/{api_key_id}',
    'GET /v1/models',
    'GET /v1/organization/admin_api_keys',
    'POST /v1/organization/admin_api_keys',
    'GET /v1/organization/projects',
    'GET /v1/organization/projects/{project_id}/api_keys'
  ],
  // admin keys and projects (one page each), then the project's keys (pages of 100, has_more)
  requests: (n) => 3 * n + 2 + Math.max(1, Math.ceil(n / 100))
}

import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, hex, type FakeKey } from '../../../sandbox/store.js'

// Plays Cloudflare's API v4 token routes: src/providers/cloudflare/README.md,
// src/providers/cloudflare/openapi.yaml. A key whose owner is `account:<id>` is that account's
// account-owned token (cfat_…); any other is a user token (cfut_…) of the user its owner names.
// Ids are 32 hexadecimal characters. A management token (made with `canManage`) sees the
// accounts in `accounts` and may delete any token of its user or of those accounts.
export function cloudflareFake() {
  const store = new KeyStore(() => ({ id: hex(32), value: `cfut_${alnum(40)}${alnum(8)}` }))
  /** The accounts a management token can list (GET /accounts). */
  const accounts: string[] = [hex(32)]
  const envelope = (status: number, code: number, message: string): Reply => ({
    status,
    json: { success: false, errors: [{ code, message }], messages: [], result: null }
  })
  const ok = (result: unknown, extra: Record<string, unknown> = {}): Reply => ({
    status: 200,
    json: { success: true, errors: [], messages: [], result, ...extra }
  })
  const invalidToken = envelope(401, 1000, 'Invalid API Token')
  const credential = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  const isAccountToken = (k: FakeKey) => k.owner.startsWith('account:')
  const verifyAnswer = (k: FakeKey) => ok({ id: k.id, status: 'active' })

  /** Each user token's policies, IP condition and dates, where set; others have `DEFAULT`. */
  interface Details {
    policies: Array<Record<string, unknown>>
    condition?: Record<string, unknown>
    expires_on?: string
    not_before?: string
  }
  const details = new Map<string, Details>()
  const DEFAULT: Details = {
    policies: [
      {
        id: 'f267e341f3dd4697bd3b9f71dd96247f',
        effect: 'allow',
        resources: { 'com.cloudflare.api.account.zone.eb78d65290b24279ba6f44721b3ea3c4': '*' },
        permission_groups: [
          { id: 'c8fed203ed3043cba015a93ad1616f1f', name: 'Zone Read' },
          { id: '82e64a83756745bbbb1c9c2701bf816b', name: 'DNS Read' }
        ]
      }
    ]
  }
  /**
   * Not Cloudflare's documented behaviour: a create that grants every zone whatever the
   * policies asked, so a test sees the adapter refuse (and delete) a broader token.
   */
  const quirks = { createBroadens: false }
  const tokenJson = (k: FakeKey) => {
    const d = details.get(k.id) ?? DEFAULT
    return {
      id: k.id,
      name: k.name,
      status: 'active',
      issued_on: '2018-07-01T05:20:00Z',
      modified_on: '2018-07-01T05:20:00Z',
      ...d
    }
  }
  const userTokens = (owner: string) =>
    store.listed(owner).filter((k) => !isAccountToken(k) && store.isAlive(k))

  /** Adds an account-owned token of `accountId` (one of `accounts`, or another). */
  const addAccountToken = (accountId = accounts[0] ?? '') => {
    const key = store.addKey({ owner: `account:${accountId}` })
    key.value = `cfat_${alnum(40)}${alnum(8)}`
    return key
  }

  const route = (req: RecordedRequest): Reply => {
    const secret = credential(req)
    const who = store.authenticate(secret)
    if (req.method === 'GET' && req.path === '/client/v4/user/tokens/verify') {
      if (!who?.key || isAccountToken(who.key)) return invalidToken
      return verifyAnswer(who.key)
    }
    const accountVerify = /^\/client\/v4\/accounts\/([0-9a-f]{32})\/tokens\/verify$/.exec(req.path)
    if (req.method === 'GET' && accountVerify) {
      if (!who?.key || who.key.owner !== `account:${accountVerify[1]}`) return invalidToken
      return verifyAnswer(who.key)
    }
    if (!who) return invalidToken
    if (req.method === 'GET' && req.path === '/client/v4/accounts') {
      if (!who.canManage || who.key)
        return envelope(403, 9109, 'Unauthorized to access requested resource')
      const params = new Map(req.query)
      const perPage = Number(params.get('per_page') ?? '20')
      const page = Number(params.get('page') ?? '1')
      const items = accounts.slice((page - 1) * perPage, page * perPage)
      return ok(
        items.map((id) => ({ id, name: `Account ${id.slice(0, 6)}`, type: 'standard' })),
        {
          result_info: {
            page,
            per_page: perPage,
            count: items.length,
            total_count: accounts.length,
            total_pages: Math.max(1, Math.ceil(accounts.length / perPage))
          }
        }
      )
    }
    // A user's token routes need API Tokens Write (a management token of that user).
    const mayManageUser = who.canManage && !(who.key && isAccountToken(who.key))
    if (req.method === 'GET' && req.path === '/client/v4/user/tokens') {
      if (!mayManageUser) return envelope(403, 9109, 'Unauthorized to access requested resource')
      const params = new Map(req.query)
      const perPage = Number(params.get('per_page') ?? '20')
      const page = Number(params.get('page') ?? '1')
      const all = userTokens(who.owner)
      const items = all.slice((page - 1) * perPage, page * perPage)
      return ok(
        items.map((k) => tokenJson(k)),
        { result_info: { page, per_page: perPage, count: items.length, total_count: all.length } }
      )
    }
    if (req.method === 'POST' && req.path === '/client/v4/user/tokens') {
      if (!mayManageUser) return envelope(403, 9109, 'Unauthorized to access requested resource')
      const body = JSON.parse(req.body) as Details & { name: string }
      const key = store.addKey({ owner: who.owner, name: body.name, canManage: false })
      const granted: Details = quirks.createBroadens
        ? {
            policies: [
              {
                effect: 'allow',
                resources: { 'com.cloudflare.api.account.zone.*': '*' },
                permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }]
              }
            ]
          }
        : {
            policies: body.policies,
            ...(body.condition ? { condition: body.condition } : {}),
            ...(body.expires_on ? { expires_on: body.expires_on } : {}),
            ...(body.not_before ? { not_before: body.not_before } : {})
          }
      details.set(key.id, {
        ...granted,
        policies: granted.policies.map((p, i) => ({ id: `${'0'.repeat(31)}${i}`, ...p }))
      })
      return ok({ ...tokenJson(key), value: key.value })
    }
    const userToken = /^\/client\/v4\/user\/tokens\/([0-9a-f]{32})$/.exec(req.path)
    if (req.method === 'GET' && userToken) {
      if (!mayManageUser) return envelope(403, 9109, 'Unauthorized to access requested resource')
      const key = userTokens(who.owner).find((k) => k.id === userToken[1])
      if (!key) return envelope(404, 1003, 'Token not found')
      return ok(tokenJson(key))
    }
    const userDelete = /^\/client\/v4\/user\/tokens\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && userDelete) {
      if (!who.canManage) return envelope(403, 9109, 'Unauthorized to access requested resource')
      const key = store.find(
        (k) => k.id === userDelete[1] && !isAccountToken(k) && k.owner === who.owner
      )
      if (!key) return envelope(404, 1003, 'Token not found')
      store.delete(key)
      return ok({ id: key.id })
    }
    const accountDelete = /^\/client\/v4\/accounts\/([0-9a-f]{32})\/tokens\/([^/]+)$/.exec(req.path)
    if (req.method === 'DELETE' && accountDelete) {
      const [, accountId, id] = accountDelete
      if (!who.canManage || !accounts.includes(accountId ?? ''))
        return envelope(403, 9109, 'Unauthorized to access requested resource')
      const key = store.find((k) => k.id === id && k.owner === `account:${accountId}`)
      if (!key) return envelope(404, 1003, 'Token not found')
      store.delete(key)
      return ok({ id: key.id })
    }
    return envelope(404, 7003, 'No route for the URI')
  }
  return { store, route, accounts, addAccountToken, details, quirks }
}

/**
 * Cloudflare's global limit: 1,200 requests per five minutes per user or account token (limits
 * page), played per credential. The 429 carries Cloudflare's error envelope and Retry-After.
 */
export function cloudflareRateLimits(): RateLimit[] {
  return [
    {
      name: 'Cloudflare: 1,200 requests/5 minutes per token',
      bucket: (req) => req.headers.authorization ?? '',
      requests: 1200,
      perMs: 300_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: {
          success: false,
          errors: [
            {
              code: 10000,
              message: 'Rate limited. Please wait and consider throttling your request speed'
            }
          ],
          messages: [],
          result: null
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof cloudflareFake>> = {
  fake: cloudflareFake,
  rateLimits: () => cloudflareRateLimits(),
  alert: { type: 'cloudflare_user_api_token', name: 'Cloudflare User API Token' },
  sample: {
    value: `cfut_${'Qx7'.repeat(13)}Q${'ab12cd34'}`,
    id: 'ed17574386854bf78a67040be0a770b0'
  },
  operations: [
    'DELETE /client/v4/accounts/{account_id}/tokens/{token_id}',
    'DELETE /client/v4/user/tokens/{token_id}',
    'GET /client/v4/accounts',
    'GET /client/v4/accounts/{account_id}/tokens/verify',
    'GET /client/v4/user/tokens',
    'GET /client/v4/user/tokens/{token_id}',
    'GET /client/v4/user/tokens/verify',
    'POST /client/v4/user/tokens'
  ],
  requests: (n) => 3 * n // verify (the id, and alive), delete, verify
}

import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'
import { markerOf } from '../../src/rotate/rotate.js'
import { rotateOne } from '../helpers/rotation.js'

const VERIFY = '/client/v4/user/tokens/verify'
const bearer = (s: string): [string, string] => ['authorization', `Bearer ${s}`]

const suite = describeProvider({
  id: 'cloudflare',
  deleteLine: (key) => `DELETE /client/v4/user/tokens/${key.id}`,
  auth: bearer,
  resolveLines: () => [`GET ${VERIFY}`],
  resolveAuthenticates: true,
  probeLine: `GET ${VERIFY}`,
  probeAuth: bearer,
  selfRevocation: false,
  // A token without API Tokens Write gets 403.
  forbid: (sandbox) => ({
    token: sandbox.providers.cloudflare.store.addToken({ canManage: false }),
    reason: 'forbidden'
  }),
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      headers: { 'retry-after': '0' },
      json: {
        success: false,
        errors: [{ code: 10000, message: 'Rate limited' }],
        messages: [],
        result: null
      }
    }
  }
})

describe('cloudflare specifics', () => {
  const cloudflare = PROVIDERS.cloudflare
  const requests = () => suite.sandbox().providers.cloudflare.service.requests.map(line)

  it('finds an account-owned token through the accounts the credential sees, deletes it there and proves it dead', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const fake = { ...sandbox.providers.cloudflare, ...sandbox.fakes.cloudflare }
    const account = fake.accounts[0] ?? ''
    const key = fake.addAccountToken(account)
    const token = fake.store.addToken()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cloudflare', value: key.value }],
      tokens: { cloudflare: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: 200 })
    expect(requests()).toEqual([
      'GET /client/v4/accounts?page=1&per_page=50',
      `GET /client/v4/accounts/${account}/tokens/verify`,
      `DELETE /client/v4/accounts/${account}/tokens/${key.id}`,
      `GET /client/v4/accounts/${account}/tokens/verify`
    ])
    expect(key.deletedAt).toBeDefined()
    expect(sandbox.violations()).toEqual([])
  })

  it('an account token of an account the credential cannot see is not found, and nothing is deleted', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const fake = { ...sandbox.providers.cloudflare, ...sandbox.fakes.cloudflare }
    const key = fake.addAccountToken('0123456789abcdef0123456789abcdef')
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cloudflare', value: key.value }],
      tokens: { cloudflare: fake.store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found' })
    expect(requests().filter((l) => l.startsWith('DELETE'))).toEqual([])
    expect(key.deletedAt).toBeUndefined()
  })

  it('revokes an account token by its scoped id, and claims no proof it cannot make', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const fake = { ...sandbox.providers.cloudflare, ...sandbox.fakes.cloudflare }
    const account = fake.accounts[0] ?? ''
    const key = fake.addAccountToken(account)
    const id = `account:${account}:${key.id}`
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cloudflare', id, value: key.value }],
      tokens: { cloudflare: fake.store.addToken() }
    })
    // The run learns the account from the id only at the delete: the check before cannot ask it.
    expect(results[0]).toMatchObject({ keyRef: id, outcome: 'revoked', verified: null })
    expect(requests()).toEqual([
      `DELETE /client/v4/accounts/${account}/tokens/${key.id}`,
      `GET /client/v4/accounts/${account}/tokens/verify`
    ])
    expect(key.deletedAt).toBeDefined()
    expect(sandbox.violations()).toEqual([])
  })

  it('a verify that answers another status than active deletes nothing', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, service } = sandbox.providers.cloudflare
    const key = store.addKey()
    service.inject({
      method: 'GET',
      path: /\/user\/tokens\/verify$/,
      times: 99,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: {
            success: true,
            errors: [],
            messages: [],
            result: { id: key.id, status: 'disabled' }
          }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cloudflare', value: key.value }],
      tokens: { cloudflare: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found' })
    expect(requests().filter((l) => l.startsWith('DELETE'))).toEqual([])
    expect(key.deletedAt).toBeUndefined()
  })

  it('fails when the delete answers for another token id', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.cloudflare
    const key = store.addKey()
    service.inject({
      method: 'DELETE',
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: { success: true, errors: [], messages: [], result: { id: 'f'.repeat(32) } }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cloudflare', value: key.value }],
      tokens: { cloudflare: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('answered for another key')
  })

  it('a 403 to the verify proves nothing and deletes nothing', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, service } = sandbox.providers.cloudflare
    const key = store.addKey()
    service.inject({
      method: 'GET',
      path: /\/user\/tokens\/verify$/,
      times: 99,
      fault: {
        kind: 'reply',
        reply: {
          status: 403,
          json: {
            success: false,
            errors: [{ code: 9109, message: 'Unauthorized' }],
            messages: [],
            result: null
          }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cloudflare', value: key.value }],
      tokens: { cloudflare: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', httpStatus: 403 })
    expect(key.deletedAt).toBeUndefined()
  })

  it('claims cfut_/cfat_ values and the native token alerts, not the Global API Key', () => {
    expect(providerForValue(`cfut_${'a'.repeat(40)}12345678`)?.id).toBe('cloudflare')
    expect(providerForValue(`cfat_${'a'.repeat(40)}12345678`)?.id).toBe('cloudflare')
    const none = new Map()
    expect(
      providerForSecretType('cloudflare_user_api_token', 'Cloudflare User API Token', none)
    ).toBe('cloudflare')
    expect(
      providerForSecretType('cloudflare_account_api_token', 'Cloudflare Account API Token', none)
    ).toBe('cloudflare')
    expect(
      providerForSecretType('cloudflare_global_user_api_key', 'Cloudflare Global API Key', none)
    ).toBeUndefined()
  })

  it('checks ids and values before any request', () => {
    const hex = 'ed17574386854bf78a67040be0a770b0'
    for (const ok of [hex, `account:${'0'.repeat(32)}:${hex}`])
      expect(cloudflare.checkId(ok)).toBeUndefined()
    for (const bad of ['123', `account:${hex}`, `account:abc:${hex}`, `${hex}0`, `user:${hex}`])
      expect(cloudflare.checkId(bad)).toMatch(/Cloudflare token id/)
    expect(cloudflare.checkValue?.(`cfut_${'a'.repeat(40)}12345678`)).toBeUndefined()
    expect(cloudflare.checkValue?.('Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY')).toBeUndefined()
    expect(cloudflare.checkValue?.(`cfk_${'a'.repeat(40)}12345678`)).toMatch(/Global API Key/)
    expect(cloudflare.checkValue?.('cfut_abc\ndef')).toMatch(/one line/)
    expect(cloudflare.checkValue?.('short')).toMatch(/Cloudflare API token/)
  })
})

describe('cloudflare replacement (rotate, then revoke)', () => {
  const TOKENS = '/client/v4/user/tokens'
  const requests = () => suite.sandbox().providers.cloudflare.service.requests.map(line)
  const policy = {
    id: 'f267e341f3dd4697bd3b9f71dd96247f',
    effect: 'allow',
    resources: { 'com.cloudflare.api.account.zone.22b1de5f1c0e4b3ea97bb1e963b06a43': '*' },
    permission_groups: [
      { id: 'c8fed203ed3043cba015a93ad1616f1f', name: 'Zone Read' },
      { id: '4755a26eedb94da69e1066d98aa820be', name: 'DNS Write', meta: { key: 'k', value: 'v' } }
    ]
  }
  const deny = {
    id: '0000000000000000000000000000000a',
    effect: 'deny',
    resources: { 'com.cloudflare.api.account.zone.eb78d65290b24279ba6f44721b3ea3c4': '*' },
    permission_groups: [{ id: '82e64a83756745bbbb1c9c2701bf816b', name: 'DNS Read' }]
  }

  it("the replacement has exactly the leaked token's policies, IP condition and dates", async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const fake = sandbox.fakes.cloudflare
    const { store } = sandbox.providers.cloudflare
    const old = store.addKey()
    const condition = { 'request.ip': { in: ['199.27.128.0/21'], not_in: ['199.27.128.9/32'] } }
    fake.details.set(old.id, {
      policies: [policy, deny],
      condition,
      expires_on: '2030-01-01T00:00:00Z',
      not_before: '2018-07-01T05:20:00Z'
    })
    const { result, held } = await rotateOne(sandbox, 'cloudflare', old.value, store.addToken())
    expect(result).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'rotated' } })
    const fresh = store.authenticate(held)?.key
    expect(fresh?.name).toBe(markerOf(old.value))
    const create = sandbox.providers.cloudflare.service.requests.find((r) => r.method === 'POST')
    // No policy id and no group name (read-only), everything else as read.
    expect(JSON.parse(create?.body ?? '{}')).toEqual({
      name: markerOf(old.value),
      policies: [
        {
          effect: 'allow',
          resources: policy.resources,
          permission_groups: [
            { id: 'c8fed203ed3043cba015a93ad1616f1f' },
            { id: '4755a26eedb94da69e1066d98aa820be', meta: { key: 'k', value: 'v' } }
          ]
        },
        {
          effect: 'deny',
          resources: deny.resources,
          permission_groups: [{ id: '82e64a83756745bbbb1c9c2701bf816b' }]
        }
      ],
      condition,
      expires_on: '2030-01-01T00:00:00Z',
      not_before: '2018-07-01T05:20:00Z'
    })
    expect(requests()).toEqual([
      `GET ${VERIFY}`,
      `GET ${TOKENS}?page=1&per_page=50`,
      `GET ${TOKENS}/${old.id}`,
      `POST ${TOKENS}`,
      `GET ${VERIFY}`,
      `DELETE ${TOKENS}/${old.id}`,
      `GET ${VERIFY}`
    ])
    expect(sandbox.violations()).toEqual([])
  })

  it('a create answer with broader policies is deleted at once, never stored', async () => {
    const sandbox = suite.sandbox()
    const fake = sandbox.fakes.cloudflare
    const { store } = sandbox.providers.cloudflare
    const old = store.addKey()
    fake.quirks.createBroadens = true
    try {
      const { result, held } = await rotateOne(sandbox, 'cloudflare', old.value, store.addToken())
      expect(result?.outcome).toBe('revoked')
      expect(result?.rotation?.outcome).toBe('failed')
      expect(result?.rotation?.message).toMatch(/policies are not the leaked token's/)
      expect(held).toBe(old.value)
      expect(store.keys.filter((k) => k.name === markerOf(old.value) && store.isAlive(k))).toEqual(
        []
      )
    } finally {
      fake.quirks.createBroadens = false
    }
    expect(sandbox.violations()).toEqual([])
  })

  it('an account-owned token is revoked without a replacement, and nothing is created', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const old = sandbox.fakes.cloudflare.addAccountToken()
    const { result } = await rotateOne(
      sandbox,
      'cloudflare',
      old.value,
      sandbox.providers.cloudflare.store.addToken()
    )
    expect(result).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'no-create-call' } })
    expect(result?.rotation?.message).toMatch(/account-owned/)
    expect(
      requests().filter((r) => r.startsWith('POST') || r.startsWith(`GET ${TOKENS}?`))
    ).toEqual([])
  })

  it('a re-run finds the earlier replacement on a later page of the token list', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.cloudflare
    const owner = 'cf-paged'
    for (let i = 0; i < 60; i++) store.addKey({ owner, name: `filler-${i}` })
    const old = store.addKey({ owner })
    const earlier = store.addKey({ owner, name: markerOf(old.value) })
    sandbox.resetRequests()
    const { result, held } = await rotateOne(
      sandbox,
      'cloudflare',
      old.value,
      store.addToken({ owner })
    )
    expect(result).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'replaced-earlier' } })
    expect(held).toBe(old.value)
    expect(store.isAlive(earlier)).toBe(true)
    expect(requests().filter((r) => r.startsWith(`GET ${TOKENS}?`))).toEqual([
      `GET ${TOKENS}?page=1&per_page=50`,
      `GET ${TOKENS}?page=2&per_page=50`
    ])
    expect(sandbox.violations()).toEqual([])
  })
})

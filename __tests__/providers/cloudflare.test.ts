import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

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

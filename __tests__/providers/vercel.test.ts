import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readSettings } from '../../src/settings/settings.js'
import { Redactor } from '../../src/secrets.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'vercel',
  // The token revokes itself: "current", nothing in the query or body.
  deleteLine: () => 'DELETE /v3/user/tokens/current',
  auth: (secret) => ['authorization', `Bearer ${secret}`],
  resolveLines: () => [],
  probeLine: 'GET /v2/user',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  // A live token that may not delete itself: 403.
  forbid: (_sandbox, key) => {
    key.canManage = false
    return { token: '', reason: 'forbidden' }
  },
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      headers: { 'retry-after': '1' },
      json: { error: { code: 'rate_limited', message: 'Too many requests' } }
    }
  }
})

const vercel = PROVIDERS.vercel
const fake = () => suite.sandbox().providers.vercel
const replyTo = (
  method: string,
  path: RegExp,
  status: number,
  json?: unknown,
  times = 1,
  skip = 0
) =>
  fake().service.inject({
    method,
    path,
    times,
    skip,
    fault: { kind: 'reply', reply: json === undefined ? { status } : { status, json } }
  })
const revoke = (value: string) =>
  revokeAt(suite.sandbox(), { keys: [{ provider: 'vercel', value }] })
const USER = /^\/v2\/user$/
const CURRENT = /^\/v3\/user\/tokens\/current$/
const forbidden = { error: { code: 'forbidden', message: 'You do not have permission' } }

describe('vercel specifics', () => {
  it('sends the token only as a bearer, with no query and no body', async () => {
    const key = fake().store.addKey()
    await revoke(key.value)
    const requests = fake().service.requests
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/user',
      'DELETE /v3/user/tokens/current',
      'GET /v2/user'
    ])
    for (const r of requests) {
      expect(r.query).toEqual([])
      expect(r.body).toBe('')
      expect(r.headers.authorization).toBe(`Bearer ${key.value}`)
    }
  })

  it('a 200 without tokenId is not the documented answer: the key fails, never revoked', async () => {
    const key = fake().store.addKey()
    replyTo('DELETE', CURRENT, 200, { ok: true })
    const { results } = await revoke(key.value)
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('unexpected answer')
  })

  it('a 403 after its own delete is no proof: revoked, not verified', async () => {
    const key = fake().store.addKey()
    replyTo('GET', USER, 403, forbidden, 99, 1)
    const { results } = await revoke(key.value)
    expect(key.deletedAt).toBeDefined()
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(results[0]?.message).toContain('proves neither')
  })

  it('a 403 before the delete is not read as dead: the token still revokes itself', async () => {
    const key = fake().store.addKey()
    replyTo('GET', USER, 403, forbidden)
    const { results } = await revoke(key.value)
    expect(key.deletedAt).toBeDefined()
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
  })

  it('a 404 to "current" fails the key, never read as not found', async () => {
    const key = fake().store.addKey()
    replyTo('DELETE', CURRENT, 404, { error: { code: 'not_found', message: 'Token not found' } })
    const { results } = await revoke(key.value)
    expect(results[0]).toMatchObject({ outcome: 'failed', httpStatus: 404 })
    expect(results[0]?.message).toContain('Token not found')
  })

  it('a token echoed in an error is not quoted back', async () => {
    const key = fake().store.addKey()
    const other = fake().store.addKey()
    replyTo('DELETE', CURRENT, 403, {
      error: { code: 'forbidden', message: `no for ${key.value} or ${other.value}` }
    })
    const { results } = await revoke(key.value)
    const text = JSON.stringify(results)
    expect(text).not.toContain(key.value)
    expect(text).not.toContain(other.value.slice(4))
  })

  it('claims vcp_/vci_ tokens, refuses vck_/vca_/vcr_ before any request, naming the next step', () => {
    const token = `vcp_${'A1b2C3d4E5'.repeat(5)}Zz9Yy8`
    expect(vercel.checkValue?.(token)).toBeUndefined()
    expect(vercel.checkValue?.(`vci_${'x'.repeat(56)}`)).toBeUndefined()
    expect(providerForValue(token)?.id).toBe('vercel')
    expect(vercel.checkValue?.(`vck_${'x'.repeat(40)}`)).toMatch(/API key \(vck_\).*dashboard/)
    expect(vercel.checkValue?.(`vca_${'x'.repeat(40)}`)).toMatch(/app access token \(vca_/)
    expect(vercel.checkValue?.(`vcr_${'x'.repeat(40)}`)).toMatch(/refresh token \(vcr_\)/)
    // An older token has no prefix: accepted by its characters.
    expect(vercel.checkValue?.('DdZV6ZDZW6Vpl7n7JqtrCE5i')).toBeUndefined()
    expect(vercel.checkValue?.('has space')).toMatch(/^a Vercel access token/)
    expect(vercel.checkId('5d9f2ebd')).toMatch(/DELETE \/v3\/user\/tokens\/current/)
  })

  it('settings refuse key-id for Vercel before any request, naming `key`', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
    expect(() =>
      readSettings(read({ provider: 'vercel', 'key-id': '5d9f2ebd38dd' }), new Redactor())
    ).toThrow(/key-id.*Vercel.*the token itself in `key`/s)
  })

  it("maps GitHub's personal and integration token types natively, not the support token", () => {
    const map = (type: string, name: string) => providerForSecretType(type, name, new Map())
    expect(map('vercel_personal_access_token', 'Vercel Personal Access Token')).toBe('vercel')
    expect(map('vercel_integration_access_token', 'Vercel Integration Access Token')).toBe('vercel')
    expect(vercel.secretTypes).toEqual([
      'vercel_personal_access_token',
      'vercel_integration_access_token'
    ])
    expect(map('vercel_support_access_token', 'Vercel Support Access Token')).toBeUndefined()
    // The API key and app types map by name, and their values are refused with the next step.
    expect(map('vercel_api_key', 'Vercel API Key')).toBe('vercel')
    expect(map('vercel_app_refresh_token', 'Vercel App Refresh Token')).toBe('vercel')
  })
})

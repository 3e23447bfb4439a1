import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readSettings } from '../../src/settings/settings.js'
import { Redactor } from '../../src/secrets.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'npm',
  // The token revokes itself: its own value names it in the path.
  deleteLine: (key) => `DELETE /-/npm/v1/tokens/token/${key.value}`,
  auth: (secret) => ['authorization', `Bearer ${secret}`],
  resolveLines: () => [],
  probeLine: 'GET /-/whoami',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  // An account whose token deletes demand a one-time password: 401 WWW-Authenticate: OTP.
  forbid: (_sandbox, key) => {
    key.canManage = false
    return { token: '', reason: 'forbidden' }
  },
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, headers: { 'retry-after': '1' }, json: { error: 'Too Many Requests' } }
  }
})

const npm = PROVIDERS.npm
const fake = () => suite.sandbox().providers.npm
const injectDelete = (reply: {
  status: number
  json?: unknown
  headers?: Record<string, string>
  text?: string
}) =>
  fake().service.inject({
    method: 'DELETE',
    path: /^\/-\/npm\/v1\/tokens\/token\//,
    times: 1,
    fault: { kind: 'reply', reply }
  })

describe('npm specifics', () => {
  it('a one-time password demand fails the key, says so, and never reports it revoked', async () => {
    const key = fake().store.addKey({ canManage: false })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'npm', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'forbidden', httpStatus: 401 })
    expect(results[0]?.message).toMatch(/one-time password.*nothing was revoked/)
    expect(key.deletedAt).toBeUndefined()
    expect(JSON.stringify(results)).not.toContain(key.value)
  })

  it('reads an OTP demand from the body when the header is missing, as the npm CLI does', async () => {
    const key = fake().store.addKey()
    injectDelete({ status: 401, json: { error: 'You must provide a one-time pass.' } })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'npm', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'forbidden' })
    expect(results[0]?.message).toContain('one-time password')
  })

  it('a 401 to a token seen alive (a granular token) is "may not", never "dead" or revoked', async () => {
    const key = fake().store.addKey()
    injectDelete({ status: 401, json: { error: 'Unauthorized' } })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'npm', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'forbidden', httpStatus: 401 })
    expect(results[0]?.message).toMatch(/session tokens.*npmjs\.com/)
    expect(key.deletedAt).toBeUndefined()
  })

  it('a token still working after the 204 is sent, not proven: npm documents up to an hour', async () => {
    const key = fake().store.addKey()
    fake().store.ignoreDeletes = true
    try {
      const { results } = await revokeAt(suite.sandbox(), {
        keys: [{ provider: 'npm', value: key.value }]
      })
      expect(results[0]).toMatchObject({ outcome: 'submitted', verified: null, httpStatus: 204 })
      expect(results[0]?.message).toMatch(
        /^Sent, not proven: npm accepted the revocation of this key, but the key still works .*up to an hour.*not yet seen dead/
      )
      expect(results[0]).not.toHaveProperty('collateral')
    } finally {
      fake().store.ignoreDeletes = false
    }
  })

  it('a 200 with a body is not the documented 204: it fails instead of guessing', async () => {
    const key = fake().store.addKey()
    injectDelete({ status: 200, json: { ok: true } })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'npm', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
  })

  it('never sends npm-otp, npm-auth-type or npm-command, and the token only as its own bearer', async () => {
    const key = fake().store.addKey()
    await revokeAt(suite.sandbox(), { keys: [{ provider: 'npm', value: key.value }] })
    const requests = fake().service.requests
    expect(requests.length).toBe(3)
    for (const r of requests) {
      expect(r.headers['npm-otp']).toBeUndefined()
      expect(r.headers['npm-auth-type']).toBeUndefined()
      expect(r.headers['npm-command']).toBeUndefined()
      expect(r.headers.authorization).toBe(`Bearer ${key.value}`)
      expect(r.query).toEqual([])
    }
  })

  it('another live token of the same user is left alive', async () => {
    const key = fake().store.addKey()
    const other = fake().store.addKey()
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'npm', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(other.deletedAt).toBeUndefined()
  })

  it('claims npm_ tokens, refuses other shapes before any request, and maps npm_access_token', () => {
    const token = `npm_${'Ab3'.repeat(12)}`
    expect(npm.checkValue?.(token)).toBeUndefined()
    expect(providerForValue(token)?.id).toBe('npm')
    expect(npm.checkValue?.(token.slice(0, -1))).toMatch(/35 after npm_/)
    expect(npm.checkValue?.('a73c9572-f1b9-8983-983d-ba3ac3cc913d')).toMatch(/legacy token/)
    expect(npm.checkId('npm-1')).toMatch(/by its value/)
    expect(providerForSecretType('npm_access_token', 'npm Access Token', new Map())).toBe('npm')
  })

  it('settings refuse a cut-short token before any request, naming `key`', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
    expect(() =>
      readSettings(read({ provider: 'npm', key: `npm_${'Ab3'.repeat(11)}` }), new Redactor())
    ).toThrow(/Input 'key' line 1 is not an? npm key.*33 after npm_/)
  })
})

import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readTokens } from '../../src/settings/secret-inputs.js'
import { accountSid } from '../../src/providers/twilio/fake.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const basic = (user: string, password: string): [string, string] => [
  'authorization',
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
]
/** The Basic header a credential `AC…:token` or a key `SK…:secret` sends. */
const pair = (secret: string): [string, string] => {
  const parts = secret.split(':')
  const [user = '', password = ''] = parts.length === 3 ? parts.slice(1) : parts
  return basic(user, password)
}
const ACCOUNT = accountSid('alice')
const keyPath = (sid: string) => `/2010-04-01/Accounts/${ACCOUNT}/Keys/${sid}.json`
const USAGE = `GET /2010-04-01/Accounts/${ACCOUNT}/Usage/Records.json?PageSize=1`

const suite = describeProvider({
  id: 'twilio',
  // By id alone the delete is followed by a read of the Key resource, which must answer 404.
  deleteLine: (key, byValue) =>
    byValue ? `DELETE ${keyPath(key.id)}` : [`DELETE ${keyPath(key.id)}`, `GET ${keyPath(key.id)}`],
  auth: pair,
  resolveLines: (key) => [`GET ${keyPath(key.id)}`],
  probeLine: USAGE,
  probeAuth: pair,
  selfRevocation: false,
  // A Standard key as the credential: Twilio refuses it on the Keys resource with 401 (20003).
  forbid: (sandbox) => ({
    token: sandbox.providers.twilio.store.addToken({ canManage: false }),
    reason: 'unauthorized'
  }),
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      json: {
        code: 20429,
        message: 'Too Many Requests',
        more_info: 'https://www.twilio.com/docs/errors/20429',
        status: 429
      }
    }
  }
})

describe('twilio specifics', () => {
  const twilio = PROVIDERS.twilio
  const requests = () => suite.sandbox().providers.twilio.service.requests.map(line)

  it('revokes a key given by its SID alone in key-id: the delete answers 204, then the Key resource answers 404', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.twilio
    const key = store.addKey()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'twilio', id: key.id }],
      tokens: { twilio: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null, httpStatus: 204 })
    expect(requests()).toEqual([`DELETE ${keyPath(key.id)}`, `GET ${keyPath(key.id)}`])
    expect(key.deletedAt).toBeDefined()
    expect(sandbox.violations()).toEqual([])
  })

  it('fails when the Key resource is still there after a 204 to its delete by SID', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.twilio
    store.ignoreDeletes = true
    const key = store.addKey()
    try {
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'twilio', id: key.id }],
        tokens: { twilio: store.addToken() }
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
      expect(results[0]?.message).toContain('still there')
    } finally {
      store.ignoreDeletes = false
    }
  })

  it('deletes with a Main key credential ACCOUNT_SID:MAIN_KEY_SID:SECRET', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, service } = sandbox.providers.twilio
    const key = store.addKey()
    const main = `${ACCOUNT}:SK${'ab'.repeat(16)}:${'M4in'.repeat(8)}`
    store.addToken({ value: main })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'twilio', value: key.value }],
      tokens: { twilio: main }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    const del = service.requests.find((r) => r.method === 'DELETE')
    expect(del?.headers.authorization).toBe(basic(`SK${'ab'.repeat(16)}`, 'M4in'.repeat(8))[1])
    expect(sandbox.violations()).toEqual([])
  })

  it('a key of another account is not found there, and nothing is deleted', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.twilio
    const theirs = store.addKey({ owner: 'bob' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'twilio', value: theirs.value }],
      tokens: { twilio: store.addToken({ owner: 'alice' }) }
    })
    expect(results[0]?.outcome).not.toBe('revoked')
    expect(requests().filter((l) => l.startsWith('DELETE'))).toEqual([])
    expect(theirs.deletedAt).toBeUndefined()
  })

  it('a credential not of the documented form fails before any request, naming twilio-token', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = sandbox.providers.twilio.store.addKey()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'twilio', value: key.value }],
      tokens: { twilio: 'not-a-twilio-credential' }
    })
    expect(results[0]?.outcome).toBe('failed')
    expect(results[0]?.message).toContain('`twilio-token`')
    expect(results[0]?.message).not.toContain('not-a-twilio-credential')
    expect(requests()).toEqual([])
    expect(() => readTokens([['twilio', 'ACnope:tok']])).toThrow(/twilio-token/)
    expect(() => readTokens([['twilio', `${ACCOUNT}:${'a'.repeat(32)}`]])).not.toThrow()
  })

  it('fails when the key fetch names another SID', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.twilio
    const key = store.addKey()
    service.inject({
      method: 'GET',
      path: /\/Keys\//,
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: {
            sid: `SK${'f'.repeat(32)}`,
            friendly_name: 'x',
            date_created: null,
            date_updated: null
          }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'twilio', value: key.value }],
      tokens: { twilio: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(key.deletedAt).toBeUndefined()
  })

  it('claims SK…:secret values and the native API key alerts, not account SIDs or access tokens', () => {
    expect(providerForValue(`SK${'a'.repeat(32)}:${'b'.repeat(32)}`)?.id).toBe('twilio')
    const none = new Map()
    expect(providerForSecretType('twilio_api_key', 'Twilio API Key', none)).toBe('twilio')
    expect(
      providerForSecretType('twilio_account_sid', 'Twilio Account String Identifier', none)
    ).toBeUndefined()
    expect(
      providerForSecretType('twilio_access_token', 'Twilio Access Token', none)
    ).toBeUndefined()
  })

  it('checks ids, values and the credential before any request', () => {
    const sid = `SK${'0a'.repeat(16)}`
    expect(twilio.checkId(sid)).toBeUndefined()
    expect(twilio.checkId(`AC${'0a'.repeat(16)}`)).toMatch(/API key SID/)
    expect(twilio.checkValue?.(`${sid}:${'x'.repeat(32)}`)).toBeUndefined()
    expect(twilio.checkValue?.(sid)).toMatch(/key-id/)
    expect(twilio.checkValue?.(`AC${'0a'.repeat(16)}:${'x'.repeat(32)}`)).toMatch(/account SID/)
    expect(twilio.checkValue?.(`${sid}:abc def`)).toMatch(/one line/)
    expect(twilio.checkToken?.(`AC${'0a'.repeat(16)}:${'t'.repeat(32)}`)).toBeUndefined()
    expect(twilio.checkToken?.(`AC${'0a'.repeat(16)}:${sid}:${'s'.repeat(32)}`)).toBeUndefined()
    expect(twilio.checkToken?.(`${sid}:${'s'.repeat(32)}`)).toMatch(/ACCOUNT_SID:AUTH_TOKEN/)
  })
})

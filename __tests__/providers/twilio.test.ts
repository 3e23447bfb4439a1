import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readTokens } from '../../src/settings/secret-inputs.js'
import { accountSid } from '../../src/providers/twilio/fake.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'
import { markerOf } from '../../src/rotate/rotate.js'
import { rotateOne as rotate } from '../helpers/rotation.js'

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

describe('twilio replacement (rotate, then revoke)', () => {
  const IAM_LIST = `GET /v1/Keys?AccountSid=${ACCOUNT}&PageSize=1000`
  const requests = () => suite.sandbox().providers.twilio.service.requests.map(line)
  const rotateOne = (value: string, token: string) =>
    rotate(suite.sandbox(), 'twilio', value, token)

  it('a Restricted key is replaced by a Restricted key with its policy, through IAM v1', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const fake = sandbox.fakes.twilio
    const { store } = sandbox.providers.twilio
    const old = store.addKey()
    const policy = { allow: ['/twilio/messaging/messages/read'] }
    fake.restrict(old.id, policy)
    const { result, held } = await rotateOne(old.value, store.addToken())
    expect(result).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'rotated' } })
    const fresh = store.authenticate(held)?.key
    expect(fresh?.name).toBe(markerOf(old.value))
    expect(fake.policies.get(fresh?.id ?? '')).toEqual(policy)
    expect(held).toMatch(/^SK[0-9a-f]{32}:[A-Za-z0-9]+$/)
    const create = sandbox.providers.twilio.service.requests.find((r) => r.method === 'POST')
    expect(Object.fromEntries(new URLSearchParams(create?.body))).toEqual({
      AccountSid: ACCOUNT,
      FriendlyName: markerOf(old.value),
      KeyType: 'restricted',
      Policy: JSON.stringify(policy)
    })
    expect(requests()).toEqual([
      `GET ${keyPath(old.id)}`,
      USAGE,
      IAM_LIST,
      `GET /v1/Keys/${old.id}`,
      'POST /v1/Keys',
      USAGE,
      `DELETE ${keyPath(old.id)}`,
      USAGE
    ])
    expect(sandbox.violations()).toEqual([])
  })

  it('a Standard key is replaced by a Standard key: no KeyType, no Policy', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.twilio
    const old = store.addKey()
    const { result, held } = await rotateOne(old.value, store.addToken())
    expect(result?.rotation?.outcome).toBe('rotated')
    const fresh = store.authenticate(held)?.key
    expect(sandbox.fakes.twilio.policies.has(fresh?.id ?? '')).toBe(false)
    const create = sandbox.providers.twilio.service.requests.find((r) => r.method === 'POST')
    expect([...new URLSearchParams(create?.body).keys()]).toEqual(['AccountSid', 'FriendlyName'])
    expect(sandbox.violations()).toEqual([])
  })

  it('a create answer broader than asked (no policy for a Restricted key) is deleted, never stored', async () => {
    const sandbox = suite.sandbox()
    const fake = sandbox.fakes.twilio
    const { store } = sandbox.providers.twilio
    const old = store.addKey()
    fake.restrict(old.id, { allow: ['/twilio/voice/calls/read'] })
    fake.quirks.createIgnoresPolicy = true
    const before = store.keys.length
    try {
      const { result, held } = await rotateOne(old.value, store.addToken())
      expect(result?.outcome).toBe('revoked')
      expect(result?.rotation?.outcome).toBe('failed')
      expect(result?.rotation?.message).toMatch(/not of the leaked key's kind and policy/)
      expect(held).toBe(old.value)
      // One key was made and deleted at once; none named for the old key is left alive.
      expect(store.keys.length).toBe(before + 1)
      expect(store.keys.filter((k) => k.name === markerOf(old.value) && store.isAlive(k))).toEqual(
        []
      )
    } finally {
      fake.quirks.createIgnoresPolicy = false
    }
    expect(sandbox.violations()).toEqual([])
  })

  it('a re-run finds the earlier replacement on a later page of the IAM v1 list', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.twilio
    const owner = 'paged-owner'
    for (let i = 0; i < 1000; i++) store.addKey({ owner, name: `filler-${i}` })
    const old = store.addKey({ owner })
    const token = store.addToken({ owner })
    const earlier = store.addKey({ owner, name: markerOf(old.value) })
    sandbox.resetRequests()
    const { result, held } = await rotateOne(old.value, token)
    expect(result).toMatchObject({
      outcome: 'revoked',
      rotation: { outcome: 'replaced-earlier' }
    })
    expect(held).toBe(old.value)
    expect(store.isAlive(earlier)).toBe(true)
    const account = accountSid(owner)
    expect(requests().filter((r) => r.startsWith('GET /v1/Keys?'))).toEqual([
      `GET /v1/Keys?AccountSid=${account}&PageSize=1000`,
      `GET /v1/Keys?AccountSid=${account}&PageSize=1000&Page=1&PageToken=PA1`
    ])
    expect(sandbox.violations()).toEqual([])
  })
})

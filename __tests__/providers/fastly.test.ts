import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readSettings } from '../../src/settings/settings.js'
import { Redactor } from '../../src/secrets.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'fastly',
  // The token revokes itself: no id, nothing in the path, query or body.
  deleteLine: () => 'DELETE /tokens/self',
  auth: (secret) => ['fastly-key', secret],
  resolveLines: () => [],
  probeLine: 'GET /tokens/self',
  probeAuth: (v) => ['fastly-key', v],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  // A live token that may not revoke itself: Fastly answers 403 "Invalid token".
  forbid: (_sandbox, key) => {
    key.canManage = false
    return { token: '', reason: 'forbidden' }
  },
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      headers: { 'fastly-ratelimit-remaining': '0', 'fastly-ratelimit-reset': '0' },
      json: { msg: 'Too Many Requests' }
    }
  }
})

const fastly = PROVIDERS.fastly
const fake = () => suite.sandbox().providers.fastly
const replyTo = (method: string, status: number, json?: unknown, times = 1) =>
  fake().service.inject({
    method,
    path: /^\/tokens\/self$/,
    times,
    fault: { kind: 'reply', reply: json === undefined ? { status } : { status, json } }
  })

describe('fastly specifics', () => {
  it('sends the token only as Fastly-Key, with no query and no body', async () => {
    const key = fake().store.addKey()
    await revokeAt(suite.sandbox(), { keys: [{ provider: 'fastly', value: key.value }] })
    const requests = fake().service.requests
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /tokens/self',
      'DELETE /tokens/self',
      'GET /tokens/self'
    ])
    for (const r of requests) {
      expect(r.query).toEqual([])
      expect(r.body).toBe('')
      expect(r.headers['fastly-key']).toBe(key.value)
      expect(r.headers.authorization).toBeUndefined()
    }
  })

  it('a 403 after its own 204 is no proof: revoked, not verified', async () => {
    const key = fake().store.addKey()
    // The probe before answers as the fake does (200); the one after gets 403.
    fake().service.inject({
      method: 'GET',
      path: /^\/tokens\/self$/,
      times: 99,
      skip: 1,
      fault: { kind: 'reply', reply: { status: 403, json: { msg: 'Invalid token' } } }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'fastly', value: key.value }]
    })
    expect(key.deletedAt).toBeDefined()
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
  })

  it('a 403 before the revoke is not read as dead: the token still revokes itself', async () => {
    const key = fake().store.addKey()
    replyTo('GET', 403, { msg: 'Invalid token' })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'fastly', value: key.value }]
    })
    expect(key.deletedAt).toBeDefined()
    // Its own 204 makes it revoked; not seen alive before, so not verified.
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(results[0]?.message).toContain('purge-only')
  })

  it.each([
    [400, 'Token revocation error'],
    [403, 'Invalid token']
  ])('a DELETE answered %i fails the key, quoting Fastly, nothing revoked', async (status, msg) => {
    const key = fake().store.addKey()
    replyTo('DELETE', status, { msg })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'fastly', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', httpStatus: status })
    expect(results[0]?.message).toContain(msg)
    expect(key.deletedAt).toBeUndefined()
  })

  it('a 200 to the DELETE is not the documented 204: the key fails, never revoked', async () => {
    const key = fake().store.addKey()
    replyTo('DELETE', 200, {})
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'fastly', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed' })
  })

  it('a token echoed in an error is not quoted back', async () => {
    const key = fake().store.addKey()
    const other = fake().store.addKey()
    replyTo('DELETE', 400, { msg: `cannot revoke ${key.value} (also ${other.value})` })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'fastly', value: key.value }]
    })
    const text = JSON.stringify(results)
    expect(text).not.toContain(key.value)
    expect(text).not.toContain(other.value)
  })

  it('takes token characters of any length, refuses anything else before any request', () => {
    expect(fastly.checkValue?.('7TCVltde6-TNRSLzQQ5cEExSLi2JxS3G')).toBeUndefined()
    expect(fastly.checkValue?.('short_one')).toBeUndefined()
    expect(fastly.checkValue?.('has space')).toMatch(/^a Fastly API token/)
    expect(fastly.checkValue?.('a\nb')).toMatch(/^a Fastly API token/)
    expect(fastly.checkId('3krg2uUGZzb2W9Euo4moOY')).toMatch(/DELETE \/tokens\/self/)
    // No prefix: no format names Fastly.
    expect(providerForValue('7TCVltde6-TNRSLzQQ5cEExSLi2JxS3G')?.id).not.toBe('fastly')
  })

  it('settings refuse key-id for Fastly before any request, naming `key`', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
    expect(() =>
      readSettings(read({ provider: 'fastly', 'key-id': '3krg2uUGZzb2W9Euo4moOY' }), new Redactor())
    ).toThrow(/key-id.*Fastly.*the token itself in `key`/s)
  })

  it("maps GitHub's fastly_api_token natively", () => {
    expect(providerForSecretType('fastly_api_token', 'Fastly API Token', new Map())).toBe('fastly')
  })
})

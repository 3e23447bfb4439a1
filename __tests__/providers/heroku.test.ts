import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'
import { markerOf } from '../../src/rotate/rotate.js'
import { rotateOne } from '../helpers/rotation.js'

const ACCEPT = 'application/vnd.heroku+json; version=3'

const suite = describeProvider({
  id: 'heroku',
  deleteLine: (key) => `DELETE /oauth/authorizations/${key.id}`,
  auth: (secret) => ['authorization', `Bearer ${secret}`],
  // The token lists its own account's authorizations: that also shows it alive.
  resolveLines: () => ['GET /oauth/authorizations'],
  resolveAuthenticates: true,
  probeLine: 'GET /account',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  // A token whose scope may not read or delete authorizations: 403.
  forbid: (_sandbox, key) => {
    key.canManage = false
    return { token: '', reason: 'forbidden' }
  },
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      json: { id: 'rate_limit', message: 'Your account reached the API rate limit' }
    }
  }
})

const heroku = PROVIDERS.heroku
const fake = () => suite.sandbox().providers.heroku

describe('heroku specifics', () => {
  it('deletes only the authorization whose token is the value exactly, among lookalikes', async () => {
    const key = fake().store.addKey({ owner: 'lookalikes' })
    // Same account: one token that shares all but the last character, one that is a prefix.
    const near = fake().store.addKey({ owner: 'lookalikes' })
    near.value = `${key.value.slice(0, -1)}${key.value.endsWith('0') ? '1' : '0'}`
    const longer = fake().store.addKey({ owner: 'lookalikes' })
    longer.value = `${key.value}0`
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'heroku', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(key.deletedAt).toBeDefined()
    expect(near.deletedAt).toBeUndefined()
    expect(longer.deletedAt).toBeUndefined()
    const text = JSON.stringify(results)
    for (const k of [key, near, longer]) expect(text).not.toContain(k.value)
  })

  it('reads every page of the list (206 and Next-Range) before deciding', async () => {
    const owner = 'many'
    for (let i = 0; i < 450; i++) fake().store.addKey({ owner })
    const listed = fake()
      .store.listed(owner)
      .sort((a, b) => a.id.localeCompare(b.id))
    const key = listed.at(-1)!
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'heroku', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    const lists = fake().service.requests.filter((r) => r.path === '/oauth/authorizations')
    expect(lists).toHaveLength(3)
    expect(lists[0]?.headers.range).toBeUndefined()
    expect(lists[1]?.headers.range).toMatch(/^id \]/)
    expect(fake().store.listed(owner)).toHaveLength(449)
  })

  it('a working token no listed authorization holds is unresolvable: nothing deleted', async () => {
    const key = fake().store.addKey({ owner: 'hidden' })
    const other = fake().store.addKey({ owner: 'hidden' })
    fake().service.inject({
      method: 'GET',
      path: /^\/oauth\/authorizations$/,
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: [{ id: other.id, description: 'other', access_token: { token: other.value } }]
        }
      }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'heroku', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
    expect(results[0]?.message).toMatch(/Dashboard/)
    expect(other.deletedAt).toBeUndefined()
    expect(fake().service.requests.filter((r) => r.method === 'DELETE')).toEqual([])
    expect(JSON.stringify(results)).not.toContain(other.value)
  })

  it('a delete answer for another authorization fails, and its echoed token is never printed', async () => {
    const key = fake().store.addKey()
    const echoed = 'HRKU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
    fake().service.inject({
      method: 'DELETE',
      path: /^\/oauth\/authorizations\//,
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: { id: key.id, access_token: { token: echoed }, message: echoed }
        }
      }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'heroku', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('answered for another key')
    expect(JSON.stringify(results)).not.toContain(echoed)
  })

  it('an error quoting a bare-UUID token from the list never prints it', async () => {
    const key = fake().store.addKey({ owner: 'uuids' })
    const secret = '0f0f0f0f-1111-2222-3333-444444444444'
    fake().service.inject({
      method: 'GET',
      path: /^\/oauth\/authorizations$/,
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 206,
          headers: { 'next-range': 'id ]x..; max=200' },
          json: [
            { id: 'x', access_token: { token: secret }, refresh_token: { token: `${secret}0` } }
          ]
        }
      }
    })
    fake().service.inject({
      method: 'GET',
      path: /^\/oauth\/authorizations$/,
      times: 1,
      fault: { kind: 'reply', reply: { status: 500, json: { id: 'x', message: `boom ${secret}` } } }
    })
    const { results, redactor } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'heroku', value: key.value }]
    })
    // Every token the list held is a known secret of the run (masked in the runner's log too),
    // the refresh token included, whatever its shape.
    expect(redactor.redact(`a ${secret} b`)).not.toContain(secret)
    expect(redactor.redact(`a ${secret}0 b`)).not.toContain(`${secret}0`)
    expect(results[0]).toMatchObject({ outcome: 'failed', httpStatus: 500 })
    expect(results[0]?.message).toContain('boom')
    expect(JSON.stringify(results)).not.toContain(secret)
    expect(key.deletedAt).toBeUndefined()
  })

  it('sends the version Accept header and the token as its bearer on every call', async () => {
    const key = fake().store.addKey()
    await revokeAt(suite.sandbox(), { keys: [{ provider: 'heroku', value: key.value }] })
    const requests = fake().service.requests
    expect(requests.length).toBe(3)
    for (const r of requests) {
      expect(r.headers.accept).toBe(ACCEPT)
      expect(r.headers.authorization).toBe(`Bearer ${key.value}`)
    }
  })

  it('claims HRKU- tokens, takes bare UUIDs with provider heroku, maps the native type', () => {
    const token = 'HRKU-01234567-89ab-cdef-0123-456789abcdef'
    expect(heroku.checkValue?.(token)).toBeUndefined()
    expect(providerForValue(token)?.id).toBe('heroku')
    expect(heroku.checkValue?.('01234567-89ab-cdef-0123-456789abcdef')).toBeUndefined()
    expect(heroku.checkValue?.('HRKU-0123')).toMatch(/cut short/)
    expect(heroku.checkValue?.('postgres://u:p@h/db')).toMatch(/^a Heroku Platform API token/)
    expect(heroku.checkId('01234567-89ab-cdef-0123-456789abcdef')).toMatch(/token in `key`/)
    expect(
      providerForSecretType(
        'heroku_platform_api_oauth2_token',
        'Heroku Platform API Token',
        new Map()
      )
    ).toBe('heroku')
  })
})

describe('heroku replacement (rotate, then revoke)', () => {
  const requests = () => fake().service.requests.map(line)

  it("the replacement has the leaked authorization's scope and lifetime, made by the leaked token", async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, fakes } = { store: fake().store, fakes: sandbox.fakes.heroku }
    const old = store.addKey({ owner: 'rot-scope' })
    fakes.scopes.set(old.id, ['read', 'write-protected'])
    fakes.lifetimes.set(old.id, 86400)
    const { result, held } = await rotateOne(sandbox, 'heroku', old.value, '')
    expect(result).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'rotated' } })
    const fresh = store.authenticate(held)?.key
    expect(fresh?.name).toBe(markerOf(old.value))
    expect(fakes.scopes.get(fresh?.id ?? '')).toEqual(['read', 'write-protected'])
    const create = fake().service.requests.find((r) => r.method === 'POST')
    expect(create?.headers.authorization).toBe(`Bearer ${old.value}`)
    expect(JSON.parse(create?.body ?? '{}')).toEqual({
      scope: ['read', 'write-protected'],
      description: markerOf(old.value),
      expires_in: 86400
    })
    expect(requests()).toEqual([
      'GET /oauth/authorizations',
      'GET /oauth/authorizations',
      `GET /oauth/authorizations/${old.id}`,
      'POST /oauth/authorizations',
      'GET /account',
      `DELETE /oauth/authorizations/${old.id}`,
      'GET /account'
    ])
    expect(sandbox.violations()).toEqual([])
  })

  it('a create answer with a broader scope is revoked at once, never stored', async () => {
    const sandbox = suite.sandbox()
    const fakes = sandbox.fakes.heroku
    const { store } = fake()
    const old = store.addKey({ owner: 'rot-broader' })
    fakes.scopes.set(old.id, ['read'])
    fakes.quirks.createGrantsGlobal = true
    try {
      const { result, held } = await rotateOne(sandbox, 'heroku', old.value, '')
      expect(result?.outcome).toBe('revoked')
      expect(result?.rotation?.outcome).toBe('failed')
      expect(result?.rotation?.message).toMatch(/does not have the leaked one's scope/)
      expect(held).toBe(old.value)
      expect(store.keys.filter((k) => k.name === markerOf(old.value) && store.isAlive(k))).toEqual(
        []
      )
    } finally {
      fakes.quirks.createGrantsGlobal = false
    }
    expect(sandbox.violations()).toEqual([])
  })

  it('a re-run finds the earlier replacement on a later page (Range, Next-Range)', async () => {
    const sandbox = suite.sandbox()
    const { store } = fake()
    const owner = 'rot-paged'
    for (let i = 0; i < 250; i++) store.addKey({ owner, name: `filler-${i}` })
    const old = store.addKey({ owner })
    const earlier = store.addKey({ owner, name: markerOf(old.value) })
    // The list is sorted by id: this one comes last, past the first page of 200.
    earlier.id = 'ffffffff-ffff-4fff-bfff-ffffffffffff'
    sandbox.resetRequests()
    const { result, held } = await rotateOne(sandbox, 'heroku', old.value, '')
    expect(result).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'replaced-earlier' } })
    expect(held).toBe(old.value)
    expect(store.isAlive(earlier)).toBe(true)
    const lists = fake().service.requests.filter((r) => r.path === '/oauth/authorizations')
    // The resolve reads the whole list (two pages); the lookup reads it again to its second page.
    expect(lists.map((r) => r.headers.range !== undefined)).toEqual([false, true, false, true])
    expect(sandbox.violations()).toEqual([])
  })
})

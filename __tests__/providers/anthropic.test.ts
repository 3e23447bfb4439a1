import { describe, expect, it } from '@jest/globals'
import { anthropic, hintMatches } from '../../src/providers/anthropic/adapter.js'
import { providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { planAlerts } from '../../src/revoke/from-alerts.js'
import type { Alert } from '../../src/github/read/alerts.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const LIST = 'GET /v1/organizations/api_keys?limit=1000'
const adminKey = (s: string): [string, string] => ['x-api-key', s]
const suite = describeProvider({
  id: 'anthropic',
  // Given by id, the key is read first: a key already off is not this run's doing.
  deleteLine: (key, byValue) =>
    byValue
      ? `POST /v1/organizations/api_keys/${key.id}`
      : [`GET /v1/organizations/api_keys/${key.id}`, `POST /v1/organizations/api_keys/${key.id}`],
  auth: adminKey,
  resolveLines: () => [LIST],
  probeLine: 'GET /v1/models?limit=1',
  probeAuth: adminKey,
  selfRevocation: false,
  // An Admin API key without the permission: 403 permission_error.
  forbid: (sandbox) => ({
    token: sandbox.providers.anthropic.store.addToken({ canManage: false }),
    reason: 'forbidden'
  }),
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      json: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } },
      headers: { 'retry-after': '0' }
    }
  }
})

describe('anthropic specifics', () => {
  const VALUE = `sk-ant-api03-R2D${'x'.repeat(85)}igAA`

  it('matches a partial_key_hint only in its documented shape: start, three dots, end', () => {
    expect(hintMatches('sk-ant-api03-R2D...igAA', VALUE)).toBe(true)
    expect(hintMatches('sk-ant-api03-R2D...igAB', VALUE)).toBe(false)
    expect(hintMatches('sk-ant-api03-R2E...igAA', VALUE)).toBe(false)
    expect(hintMatches('sk-ant-api03-R2D…igAA', VALUE)).toBe(false)
    expect(hintMatches('sk-ant-api03-R2D***igAA', VALUE)).toBe(false)
    expect(hintMatches('sk-ant-api03-R2D...gAA', VALUE)).toBe(false)
    expect(hintMatches('...igAA', VALUE)).toBe(false)
    expect(hintMatches(null, VALUE)).toBe(false)
    expect(hintMatches('sk-ant-api03-R2D...igAA', 'sk-ant-api03-R2DigAA')).toBe(false)
  })

  it('deactivates (status inactive), reads the status back, and the key is refused after', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'ada' })
    const key = store.addKey({ owner: 'ada' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', value: key.value }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: 200 })
    // The result says what happened: deactivated, not deleted.
    expect(results[0]?.message).toBe(
      "Deactivated (status inactive; Anthropic's Admin API does not delete keys) and verified dead: the key worked before the deactivation and is refused after it."
    )
    const update = service.requests.find((r) => r.method === 'POST')
    expect(JSON.parse(update?.body ?? '')).toEqual({ status: 'inactive' })
    expect(update?.headers['anthropic-version']).toBe('2023-06-01')
    expect(update?.headers['content-type']).toBe('application/json')
    expect(sandbox.fakes.anthropic.statuses.get(key)).toBe('inactive')
  })

  it('fails, quoting the status, when the answer does not show the key inactive', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'bea' })
    const key = store.addKey({ owner: 'bea' })
    service.inject({
      method: 'POST',
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: {
            id: key.id,
            type: 'api_key',
            name: key.name,
            created_at: new Date(0).toISOString(),
            created_by: { id: 'user_01x', type: 'user' },
            partial_key_hint: null,
            status: 'active',
            workspace_id: null
          }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', id: key.id }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('"active"')
  })

  it.each([
    [403, 'permission_error', 'forbidden'],
    [400, 'invalid_request_error', 'invalid-input'],
    [500, 'api_error', 'provider-error']
  ])(
    'an update answered %i %s fails as %s, quoting Anthropic, and the key stays',
    async (status, type, reason) => {
      const sandbox = suite.sandbox()
      const { store, service } = sandbox.providers.anthropic
      const token = store.addToken({ owner: 'bly' })
      const key = store.addKey({ owner: 'bly' })
      service.inject({
        method: 'POST',
        times: 99,
        fault: {
          kind: 'reply',
          reply: { status, json: { type: 'error', error: { type, message: `said ${type}` } } }
        }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'anthropic', id: key.id, value: key.value }],
        tokens: { anthropic: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', reason, httpStatus: status })
      expect(results[0]?.message).toContain(`said ${type}`)
      expect(key.deletedAt).toBeUndefined()
      expect(sandbox.fakes.anthropic.statuses.has(key)).toBe(false)
    }
  )

  it('fails when the answer is for another key', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'bob' })
    const key = store.addKey({ owner: 'bob' })
    service.inject({
      method: 'POST',
      times: 1,
      fault: {
        kind: 'reply',
        reply: { status: 200, json: { id: 'apikey_01other', status: 'inactive' } }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', id: key.id }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('another key')
  })

  it('a key given by id that is already inactive is not found: nothing sent to turn it off', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'cai' })
    const key = store.addKey({ owner: 'cai' })
    sandbox.fakes.anthropic.statuses.set(key, 'archived')
    store.delete(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', id: key.id }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null, httpStatus: 200 })
    expect(service.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(sandbox.fakes.anthropic.statuses.get(key)).toBe('archived')
  })

  it('with verify off too, a value whose only match is inactive sends nothing', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'dee' })
    const key = store.addKey({ owner: 'dee' })
    sandbox.fakes.anthropic.statuses.set(key, 'inactive')
    store.delete(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', value: key.value }],
      tokens: { anthropic: token },
      verify: false
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
    expect(service.requests.map((r) => r.method)).toEqual(['GET'])
  })

  it('a probe answer other than 200 or 401 proves nothing: the hint stays a candidate, nothing is deactivated', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'hal' })
    const key = store.addKey({ owner: 'hal' })
    service.inject({
      method: 'GET',
      path: /^\/v1\/models$/,
      times: 99,
      fault: {
        kind: 'reply',
        reply: {
          status: 403,
          json: { type: 'error', error: { type: 'permission_error', message: 'no' } }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', value: key.value }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable', verified: null })
    expect(results[0]?.message).toContain(`key-id: ${key.id}`)
    expect(sandbox.fakes.anthropic.statuses.get(key)).toBeUndefined()
  })

  it('with the id given, a probe answer other than 200 or 401 proves nothing: deactivated, not verified', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'hal' })
    const key = store.addKey({ owner: 'hal' })
    service.inject({
      method: 'GET',
      path: /^\/v1\/models$/,
      times: 99,
      fault: {
        kind: 'reply',
        reply: {
          status: 403,
          json: { type: 'error', error: { type: 'permission_error', message: 'no' } }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', id: key.id, value: key.value }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(sandbox.fakes.anthropic.statuses.get(key)).toBe('inactive')
  })

  it('a value whose only match is already inactive is not found, and nothing is sent', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'dan' })
    const key = store.addKey({ owner: 'dan' })
    sandbox.fakes.anthropic.statuses.set(key, 'inactive')
    store.delete(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', value: key.value }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
    expect(results[0]?.message).toContain('refused')
    expect(service.requests.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('asks for key-id when two keys of the organization show the same hint, in any status', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'eve' })
    const first = store.addKey({ owner: 'eve' })
    const twin = store.addKey({ owner: 'eve' })
    twin.value = `${first.value.slice(0, 16)}${'Q'.repeat(first.value.length - 20)}${first.value.slice(-4)}`
    sandbox.fakes.anthropic.statuses.set(twin, 'inactive')
    store.delete(twin)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', value: first.value }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
    expect(results[0]?.message).toContain('`key-id`')
    expect(service.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(first.deletedAt).toBeUndefined()
  })

  it('a value with the hint of a key but another middle is refused by the probe: nothing sent', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'fay' })
    const key = store.addKey({ owner: 'fay' })
    const middle = key.value.length >> 1
    const wrong = `${key.value.slice(0, middle)}${key.value[middle] === 'Z' ? 'Y' : 'Z'}${key.value.slice(middle + 1)}`
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'anthropic', value: wrong }],
      tokens: { anthropic: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
    expect(service.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(key.deletedAt).toBeUndefined()
  })

  it('follows after_id pagination while has_more, and lists once for several keys', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.anthropic
    const token = store.addToken({ owner: 'gus' })
    const keys = Array.from({ length: 1005 }, () => store.addKey({ owner: 'gus' }))
    const { results } = await revokeAt(sandbox, {
      keys: [keys[2]!, keys[1003]!].map((k) => ({
        provider: 'anthropic' as const,
        value: k.value
      })),
      tokens: { anthropic: token },
      verify: false
    })
    expect(results.map((r) => r.outcome)).toEqual(['revoked', 'revoked'])
    const lists = service.requests.filter((r) => r.path === '/v1/organizations/api_keys')
    expect(lists).toHaveLength(2)
    expect(new Map(lists[1]!.query).get('after_id')).toBe(keys[999]!.id)
  })

  it('refuses an Admin API key before any request, saying where to delete it by hand', () => {
    const problem = anthropic.checkValue?.(`sk-ant-admin01-${'a'.repeat(93)}AA`)
    expect(problem).toContain('Admin API key')
    expect(problem).toContain('Claude Console > Settings > Admin keys')
    expect(anthropic.checkValue?.(VALUE)).toBeUndefined()
    expect(anthropic.checkValue?.('sk-ant-sid01-abc')).toContain('sk-ant-api')
    expect(anthropic.checkValue?.('sk-ant-api03-ab+cd')).toBeDefined()
  })

  it('owns sk-ant- values and checks ids', () => {
    expect(providerForValue(VALUE)?.id).toBe('anthropic')
    expect(anthropic.checkId('apikey_01Rj2N8SVvo6BePZj99NhmiT')).toBeUndefined()
    expect(anthropic.checkId('apikey_01/../x')).toBeDefined()
    expect(anthropic.checkId('01Rj2N8SVvo6BePZj99NhmiT')).toBeDefined()
  })

  it("maps GitHub's Anthropic types; an admin key alert fails naming the Console, a session id maps nowhere", () => {
    const none = new Map()
    expect(providerForSecretType('anthropic_api_key', 'Anthropic API Key', none)).toBe('anthropic')
    expect(providerForSecretType('anthropic_session_id', 'Anthropic Session ID', none)).toBe(
      undefined
    )
    const alert = (secretType: string, secret: string): Alert =>
      ({
        repository: 'acme/app',
        number: 7,
        url: 'https://github.com/acme/app/security/secret-scanning/7',
        state: 'open',
        secretType,
        displayName: 'Anthropic Admin API Key',
        secret
      }) as Alert
    const plan = planAlerts(
      [alert('anthropic_admin_api_key', `sk-ant-admin01-${'b'.repeat(93)}AA`)],
      none
    )
    expect(plan.keys).toEqual([])
    expect(plan.unrevocable[0]).toMatchObject({
      provider: 'anthropic',
      outcome: 'failed',
      reason: 'invalid-input'
    })
    expect(plan.unrevocable[0]?.message).toContain('Claude Console > Settings > Admin keys')
    expect(plan.unrevocable[0]?.message).not.toContain('custom pattern')
  })
})

import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const bearer = (s: string): [string, string] => ['authorization', `Bearer ${s}`]

const suite = describeProvider({
  id: 'sendgrid',
  deleteLine: (key) => `DELETE /v3/api_keys/${key.id}`,
  auth: bearer,
  resolveLines: () => ['GET /v3/api_keys'],
  probeLine: 'GET /v3/scopes',
  probeAuth: bearer,
  selfRevocation: false,
  // A key without API key permissions gets 403.
  forbid: (sandbox) => ({
    token: sandbox.providers.sendgrid.store.addKey({ canManage: false }).value,
    reason: 'forbidden'
  }),
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, json: { errors: [{ field: null, message: 'too many requests' }] } }
  }
})

describe('sendgrid specifics', () => {
  const sendgrid = PROVIDERS.sendgrid
  const requests = () => suite.sandbox().providers.sendgrid.service.requests.map(line)

  it('deletes the listed id named by the value only once the value itself works', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.sendgrid
    const key = store.addKey()
    // The same id with another secret: a lookalike copy of the key.
    const lookalike = `${key.value.slice(0, -1)}${key.value.endsWith('A') ? 'B' : 'A'}`
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'sendgrid', value: lookalike }],
      tokens: { sendgrid: store.addKey().value }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found' })
    expect(requests()).toEqual(['GET /v3/api_keys', 'GET /v3/scopes'])
    expect(key.deletedAt).toBeUndefined()
  })

  it('a live key whose id the account does not list fails as another account’s, and nothing is deleted', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.sendgrid
    const mine = store.addKey({ owner: 'alice' })
    const theirs = store.addKey({ owner: 'bob' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'sendgrid', value: theirs.value }],
      tokens: { sendgrid: store.addKey({ owner: 'alice' }).value }
    })
    // The value works, but this account lists no such id: another account's key.
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
    expect(results[0]?.message).toContain('another account')
    expect(requests().filter((l) => l.startsWith('DELETE'))).toEqual([])
    expect(theirs.deletedAt).toBeUndefined()
    expect(mine.deletedAt).toBeUndefined()
  })

  it('reads the key list once for several keys of a run', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.sendgrid
    const a = store.addKey()
    const b = store.addKey()
    const { results } = await revokeAt(sandbox, {
      keys: [
        { provider: 'sendgrid', value: a.value },
        { provider: 'sendgrid', value: b.value }
      ],
      tokens: { sendgrid: store.addKey().value }
    })
    expect(results.map((r) => r.outcome)).toEqual(['revoked', 'revoked'])
    expect(results.map((r) => r.verified)).toEqual([true, true])
    expect(requests().filter((l) => l === 'GET /v3/api_keys')).toHaveLength(1)
  })

  it('fails on a 200 to a delete: only 204 means deleted', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.sendgrid
    const key = store.addKey()
    service.inject({
      method: 'DELETE',
      times: 1,
      fault: { kind: 'reply', reply: { status: 200, json: { result: 'ok' } } }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'sendgrid', id: key.id }],
      tokens: { sendgrid: store.addKey().value }
    })
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'provider-error',
      httpStatus: 200
    })
    expect(key.deletedAt).toBeUndefined()
  })

  it('a list the credential may not read fails the key and deletes nothing', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.sendgrid
    const key = store.addKey()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'sendgrid', value: key.value }],
      tokens: { sendgrid: store.addKey({ canManage: false }).value }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'forbidden' })
    expect(results[0]?.message).toContain('sendgrid-token')
    expect(key.deletedAt).toBeUndefined()
  })

  it('claims SG. values and the native alert type', () => {
    const value = `SG.qfTQ6KG0QBiwWdJ0-pCLCA.${'a'.repeat(43)}`
    expect(value).toHaveLength(69)
    expect(providerForValue(value)?.id).toBe('sendgrid')
    expect(providerForSecretType('sendgrid_api_key', 'SendGrid API Key', new Map())).toBe(
      'sendgrid'
    )
  })

  it('checks ids and values before any request', () => {
    expect(sendgrid.checkId('qfTQ6KG0QBiwWdJ0-pCLCA')).toBeUndefined()
    expect(sendgrid.checkId('a/b')).toMatch(/API key id/)
    expect(sendgrid.checkValue?.(`SG.qfTQ6KG0QBiwWdJ0-pCLCA.${'a'.repeat(43)}`)).toBeUndefined()
    expect(sendgrid.checkValue?.(`SG.qfTQ6KG0QBiwWdJ0-pCLCA.${'a'.repeat(40)}`)).toMatch(
      /69 characters, and this has 66/
    )
    expect(sendgrid.checkValue?.('SG.abc')).toMatch(/SG\.<key id>\.<secret>/)
    expect(sendgrid.checkValue?.('SG.abc\n.def')).toMatch(/one line/)
  })
})

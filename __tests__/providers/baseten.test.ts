import { describe, expect, it } from '@jest/globals'
import { baseten } from '../../src/providers/baseten/adapter.js'
import { loadProviders } from '../../src/providers/registry.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const apiKey = (s: string): [string, string] => ['authorization', `Api-Key ${s}`]
const suite = describeProvider({
  id: 'baseten',
  deleteLine: (key) => `DELETE /v1/api_keys/${key.id}`,
  auth: apiKey,
  resolveLines: () => [],
  probeLine: 'GET /v1/models',
  probeAuth: apiKey,
  selfRevocation: true,
  forbid: (sandbox) => ({
    token: sandbox.providers.baseten.store.addKey({ canManage: false }).value,
    reason: 'forbidden'
  }),
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, json: { error: 'Rate limit exceeded', retry_after: 0 } }
  }
})

describe('baseten specifics', () => {
  it('reads the wait from its 429 body {retry_after}, and only from its own', async () => {
    expect(baseten.retryAfterFromBody?.('{"error":"Rate limit exceeded","retry_after":37}')).toBe(
      37
    )
    expect(baseten.retryAfterFromBody?.('<html>')).toBeUndefined()
    expect(baseten.retryAfterFromBody?.('{"retry_after":"soon"}')).toBeUndefined()
    // Another provider's (or GitHub's) body with the same field is not read as a wait.
    for (const other of Object.values(await loadProviders()).filter((p) => p.id !== 'baseten'))
      expect([other.id, other.retryAfterFromBody?.('{"retry_after":37}')]).toEqual([
        other.id,
        undefined
      ])
  })

  it('takes a candidate id from the value: the prefix before the first dot', async () => {
    expect(
      await baseten.resolve?.({} as never, 'abcd1234.secretsecretsecret', {
        kind: 'self',
        secret: ''
      })
    ).toEqual({ kind: 'candidate', id: 'abcd1234', shown: 'prefix' })
    expect(baseten.ownsKeyFormat?.('abcd1234.0123456789abcdefABCDEF')).toBe(true)
    expect(baseten.ownsKeyFormat?.('sk-abc')).toBe(false)
  })

  it('fails when the tombstone names another prefix', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.baseten.store.addKey()
    sandbox.providers.baseten.service.inject({
      method: 'DELETE',
      times: 1,
      fault: { kind: 'reply', reply: { status: 200, json: { prefix: 'zzzzzzzz' } } }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'baseten', value: key.value }]
    })
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'provider-error',
      message: expect.stringMatching(/Baseten delete: answered for another key/)
    })
    expect(key.deletedAt).toBeUndefined()
  })

  it('honours the body field retry_after of a 429', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.baseten.store.addKey()
    sandbox.providers.baseten.service.inject({
      method: 'DELETE',
      times: 1,
      fault: {
        kind: 'reply',
        reply: { status: 429, json: { error: 'Rate limit exceeded', retry_after: 1 } }
      }
    })
    const started = Date.now()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'baseten', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', attempts: 2 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })
})

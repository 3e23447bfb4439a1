import { describe, expect, it } from '@jest/globals'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'cometapi',
  deleteLine: (key) => `DELETE /api/token/${key.id}`,
  auth: (secret) => ['authorization', secret],
  resolveLines: () => ['GET /api/token/?p=1&page_size=100'],
  unknownId: 'failed',
  probeLine: 'GET /v1/models',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: false,
  // Another account's id: new-api answers HTTP 200 success:false "record not found".
  forbid: (sandbox) => ({
    token: sandbox.providers.cometapi.store.addToken({ owner: 'bob' }),
    reason: 'provider-error'
  }),
  rateLimited: { kind: 'reply', reply: { status: 429, text: 'Too Many Requests' } }
})

describe('cometapi specifics', () => {
  it('treats HTTP 200 with success:false as a failure, quoting the message', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.cometapi
    const key = store.addKey()
    const token = store.addToken()
    service.inject({
      method: 'DELETE',
      times: 1,
      fault: {
        kind: 'reply',
        reply: { status: 200, json: { success: false, message: 'quota locked' } }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cometapi', id: key.id }],
      tokens: { cometapi: token }
    })
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'provider-error',
      httpStatus: 200
    })
    expect(results[0]?.message).toContain('quota locked')
    expect(key.deletedAt).toBeUndefined()
  })

  it('falls back to the search endpoint when the list masks keys', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.cometapi
    sandbox.fakes.cometapi.options.maskKeys = true
    try {
      const token = store.addToken({ owner: 'gina' })
      const key = store.addKey({ owner: 'gina' })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'cometapi', value: key.value }],
        tokens: { cometapi: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
      const search = service.requests.find((r) => r.path === '/api/token/search')
      expect(search && new Map(search.query).get('token')).toBe(key.value.slice(3))
    } finally {
      sandbox.fakes.cometapi.options.maskKeys = false
    }
  })

  it('pages through p=1,2 with page_size=100', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.cometapi
    const token = store.addToken({ owner: 'hal' })
    const keys = Array.from({ length: 130 }, () => store.addKey({ owner: 'hal' }))
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'cometapi', value: keys[120]!.value }],
      tokens: { cometapi: token },
      verify: false
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked' })
    const pages = service.requests
      .filter((r) => r.path === '/api/token/')
      .map((r) => new Map(r.query).get('p'))
    expect(pages).toEqual(['1', '2'])
  })
})

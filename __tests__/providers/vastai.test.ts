import { describe, expect, it } from '@jest/globals'
import { vastai } from '../../src/providers/vastai/adapter.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const bearer = (s: string): [string, string] => ['authorization', `Bearer ${s}`]
const suite = describeProvider({
  id: 'vastai',
  deleteLine: (key) => `DELETE /api/v0/auth/apikeys/${key.id}/`,
  auth: bearer,
  resolveLines: () => ['GET /api/v0/users/current/'],
  resolveAuthenticates: true,
  probeLine: 'GET /api/v0/users/current/',
  probeAuth: bearer,
  selfRevocation: true,
  forbid: (sandbox) => ({
    token: sandbox.providers.vastai.store.addToken({ owner: 'bob' }),
    reason: 'forbidden'
  }),
  // Vast.ai's plain-text 429, no Retry-After (threshold shortened for the test).
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, text: 'API requests too frequent endpoint threshold=0.05' }
  }
})

describe('vastai specifics', () => {
  it('reads the wait from the 429 text "threshold=2.0"', () => {
    expect(vastai.retryAfterFromBody?.('API requests too frequent endpoint threshold=2.0')).toBe(2)
    expect(vastai.retryAfterFromBody?.('slow down')).toBeUndefined()
  })

  it('reports a key that no longer authenticates as not found without deleting anything', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.vastai.store.addKey()
    sandbox.providers.vastai.store.delete(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'vastai', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
    expect(results[0]?.message).toContain('Vast.ai refused the value itself (HTTP 401)')
    expect(sandbox.providers.vastai.service.requests.some((r) => r.method === 'DELETE')).toBe(false)
  })

  it('accepts the JSON 429 body {detail} as well', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.vastai.store.addKey()
    const token = sandbox.providers.vastai.store.addToken()
    sandbox.providers.vastai.service.inject({
      method: 'DELETE',
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 429,
          json: { detail: 'API requests too frequent endpoint threshold=0.01' }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'vastai', id: key.id }],
      tokens: { vastai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', attempts: 2 })
  })
})

import { describe, expect, it } from '@jest/globals'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'quiva',
  deleteLine: (key, byValue) =>
    byValue ? `DELETE /accounts/api-key?key=${key.value}` : `DELETE /accounts/api-key?id=${key.id}`,
  auth: (secret, self) =>
    self || /^msr?-/.test(secret) ? ['x-api-key', secret] : ['authorization', `Bearer ${secret}`],
  resolveLines: () => [],
  probeLine: 'GET /accounts/info',
  probeAuth: (v) => ['x-api-key', v],
  selfRevocation: true,
  forbid: (sandbox) => ({
    token: sandbox.providers.quiva.store.addKey({ canManage: false }).value,
    reason: 'forbidden'
  }),
  rateLimited: { kind: 'reply', reply: { status: 429, json: { error: 'Too many requests' } } }
})

describe('quiva specifics', () => {
  it('never repeats the key that the delete answer echoes back', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.quiva.store.addKey()
    const { results } = await revokeAt(sandbox, { keys: [{ provider: 'quiva', value: key.value }] })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    const answered = sandbox.providers.quiva.service.requests.find((r) => r.method === 'DELETE')
    expect(answered).toBeDefined()
    expect(JSON.stringify(results)).not.toContain(key.value)
  })

  it('a restricted msr- key may not revoke itself: forbidden, with the token named', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.quiva.store.addKey({ canManage: false })
    const { results } = await revokeAt(sandbox, { keys: [{ provider: 'quiva', value: key.value }] })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'forbidden' })
    expect(key.deletedAt).toBeUndefined()
  })
})

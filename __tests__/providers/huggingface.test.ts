import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'huggingface',
  deleteLine: () => 'POST /api/credentials/revoke',
  // The revocation must carry no Authorization header at all.
  auth: () => ['authorization', undefined],
  resolveLines: () => [],
  probeLine: 'GET /api/whoami-v2',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, headers: { 'retry-after': '1' }, json: { error: 'Too Many Requests' } }
  }
})

const hf = PROVIDERS.huggingface
const fake = () => suite.sandbox().providers.huggingface
const revokes = () =>
  fake().service.requests.filter((r) => r.method === 'POST' && r.path === '/api/credentials/revoke')

describe('huggingface specifics', () => {
  it('sends several tokens in one request, {"credentials": [...]}, with no Authorization', async () => {
    const keys = [fake().store.addKey(), fake().store.addKey(), fake().store.addKey()]
    const { results } = await revokeAt(suite.sandbox(), {
      keys: keys.map((k) => ({ provider: 'huggingface' as const, value: k.value }))
    })
    expect(results.map((r) => r.outcome)).toEqual(['revoked', 'revoked', 'revoked'])
    expect(results.every((r) => r.verified === true)).toBe(true)
    expect(revokes()).toHaveLength(1)
    expect(revokes()[0]?.headers.authorization).toBeUndefined()
    expect(JSON.parse(revokes()[0]?.body ?? '')).toEqual({
      credentials: keys.map((k) => k.value)
    })
    for (const k of keys) expect(JSON.stringify(results)).not.toContain(k.value)
  })

  it('a 202 proves nothing: a token the probe could not see alive before is sent, not proven', async () => {
    const key = fake().store.addKey()
    fake().service.inject({
      method: 'GET',
      path: /^\/api\/whoami-v2$/,
      times: 3,
      fault: { kind: 'reply', reply: { status: 500, json: { error: 'down' } } }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'huggingface', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'submitted', verified: null })
    expect(results[0]?.message).toMatch(/confirms nothing/)
  })

  it('a 202 for a token that still works is never revoked', async () => {
    const key = fake().store.addKey()
    fake().store.ignoreDeletes = true
    try {
      const { results } = await revokeAt(suite.sandbox(), {
        keys: [{ provider: 'huggingface', value: key.value }]
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', verified: false })
      expect(results[0]?.message).toContain('still works')
    } finally {
      fake().store.ignoreDeletes = false
    }
  })

  it('any answer but 202 fails the tokens of that request', async () => {
    const key = fake().store.addKey()
    fake().service.inject({
      method: 'POST',
      path: /^\/api\/credentials\/revoke$/,
      times: 1,
      fault: { kind: 'reply', reply: { status: 200, json: { ok: true } } }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'huggingface', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(key.deletedAt).toBeUndefined()
  })

  it('claims hf_ tokens, refuses api_org_ and cut-short values, maps only the user token type', () => {
    const token = `hf_${'Ab3'.repeat(11)}x`
    expect(hf.checkValue?.(token)).toBeUndefined()
    expect(providerForValue(token)?.id).toBe('huggingface')
    expect(hf.checkValue?.('hf_abc')).toMatch(/cut short/)
    expect(hf.checkValue?.(`api_org_${'Ab3'.repeat(10)}`)).toMatch(/deprecated/)
    expect(hf.checkId('hf-1')).toMatch(/by its value/)
    expect(
      providerForSecretType('hf_user_access_token', 'Hugging Face User Access Token', new Map())
    ).toBe('huggingface')
    expect(hf.secretTypes).toEqual(['hf_user_access_token'])
  })
})

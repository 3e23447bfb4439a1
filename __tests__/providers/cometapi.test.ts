import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { TokenIndex, sameKey } from '../../src/providers/cometapi/adapter.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'cometapi',
  deleteLine: (key) => `DELETE /api/token/${key.id}`,
  auth: (secret) => ['authorization', secret],
  resolveLines: () => ['GET /api/token/?p=1&page_size=100'],
  probeLine: 'GET /v1/models',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: false,
  // Another account's id: new-api answers HTTP 200 success:false "record not found".
  // new-api answers HTTP 200 with success:false "record not found".
  unknownIdStatus: 200,
  // No `forbid`: new-api looks a token up among the access token's own, so another account's
  // key gets the same "record not found" as an id nobody has (the not-found case above).
  rateLimited: { kind: 'reply', reply: { status: 429, text: 'Too Many Requests' } }
})

describe('cometapi specifics', () => {
  it('finds through its index exactly the tokens a scan with sameKey finds', () => {
    // Short parts of few characters, so stored keys and values often share starts and ends.
    const part = fc.string({ unit: fc.constantFrom('s', 'k', '-', 'a'), maxLength: 4 })
    const mask = fc.constantFrom('', '*', '***', '*a*')
    const stored = fc.tuple(fc.constantFrom('', 'sk-'), part, mask, part)
    fc.assert(
      fc.property(
        fc.array(stored, { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), part), { maxLength: 10 }),
        (parts, picks) => {
          const tokens = parts.map(([sk, start, m, end], id) => ({
            id,
            key: `${sk}${start}${m}${end}`
          }))
          // Values with a stored key's start and end around anything, nothing included.
          const bares = picks.map(([n, middle]) => {
            const [, start, , end] = parts[n % Math.max(1, parts.length)] ?? ['', '', '', '']
            return `${start}${middle}${end}`
          })
          const index = new TokenIndex()
          tokens.forEach((token) => index.add(token))
          for (const bare of [...bares, ...tokens.map((t) => t.key.replace(/^sk-/, ''))]) {
            const exact = tokens.filter((t) => sameKey(t.key, bare) === 'exact').map((t) => t.id)
            expect(index.exact(bare)).toEqual(exact)
            if (exact.length === 0)
              expect(index.masked(bare)).toBe(tokens.some((t) => sameKey(t.key, bare) === 'masked'))
          }
        }
      ),
      { numRuns: 1000 }
    )
  })

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

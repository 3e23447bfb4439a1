import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { previewForm, previewMatches } from '../../src/providers/braintrust/adapter.js'
import { PartialFormIndex } from '../../src/providers/partial-forms.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const bearer = (s: string): [string, string] => ['authorization', `Bearer ${s}`]
const suite = describeProvider({
  id: 'braintrust',
  deleteLine: (key) => `DELETE /v1/api_key/${key.id}`,
  auth: bearer,
  // A preview is a candidate: the value itself must list its one organization, the key's.
  resolveLines: () => ['GET /v1/api_key?limit=100', 'GET /v1/organization?limit=2'],
  resolveAuthenticates: true,
  probeLine: 'GET /v1/project?limit=1',
  probeAuth: bearer,
  selfRevocation: false,
  forbid: (sandbox) => ({
    token: sandbox.providers.braintrust.store.addToken({ owner: 'bob' }),
    reason: 'forbidden'
  }),
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, text: 'Too many requests', headers: { 'retry-after': '0' } }
  }
})

describe('braintrust specifics', () => {
  it('matches a preview only on its visible start and end', () => {
    const value = 'sk-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv'
    expect(previewMatches('sk-****stuv', value)).toBe(true)
    expect(previewMatches('sk-ABC…tuv', value)).toBe(true)
    expect(previewMatches('sk-****stuw', value)).toBe(false)
    expect(previewMatches('sk-ABCDEFGH', value)).toBe(false)
    expect(previewMatches('****', value)).toBe(false)
  })

  it('finds through its index exactly the keys a scan with previewMatches finds', () => {
    // Short parts of few characters, so previews and values often share starts and ends.
    const part = fc.string({ unit: fc.constantFrom('s', 'k', '-', 'a'), maxLength: 4 })
    const mask = fc.constantFrom('', '*', '**', '…', '...', '..', '•', '*a*')
    const preview = fc.tuple(part, mask, part).map(([start, m, end]) => [start, m, end])
    fc.assert(
      fc.property(
        fc.array(preview, { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), part), { maxLength: 10 }),
        (parts, picks) => {
          const keys = parts.map(([start, m, end], i) => ({
            id: `id-${i}`,
            name: '',
            preview_name: `${start}${m}${end}`
          }))
          // Values with a preview's start and end around anything, nothing included.
          const values = picks.map(([n, middle]) => {
            const [start, , end] = parts[n % Math.max(1, parts.length)] ?? ['', '', '']
            return `${start}${middle}${end}`
          })
          const index = new PartialFormIndex<{ id: string }>()
          for (const key of keys) {
            const form = previewForm(key.preview_name)
            if (form) index.add(form, key)
          }
          for (const value of values) {
            const scanned = keys
              .filter((k) => previewMatches(k.preview_name, value))
              .map((k) => k.id)
            expect(
              index
                .matches(value)
                .map((k) => k.id)
                .sort()
            ).toEqual(scanned.sort())
          }
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('asks for key-id when several keys share the preview, deleting nothing', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.braintrust
    const token = store.addToken({ owner: 'carol' })
    const first = store.addKey({ owner: 'carol' })
    const twin = store.addKey({ owner: 'carol' })
    twin.value = `sk-${'Q'.repeat(44)}${first.value.slice(-4)}`
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'braintrust', value: first.value }],
      tokens: { braintrust: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
    expect(results[0]?.message).toContain('`key-id`')
    expect(first.deletedAt).toBeUndefined()
    expect(twin.deletedAt).toBeUndefined()
  })

  it('follows starting_after pagination and lists once for several keys', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.braintrust
    const token = store.addToken({ owner: 'dave' })
    const keys = Array.from({ length: 150 }, () => store.addKey({ owner: 'dave' }))
    const wanted = [keys[3], keys[140]].map((k) => ({
      provider: 'braintrust' as const,
      value: k!.value
    }))
    const { results } = await revokeAt(sandbox, {
      keys: wanted,
      tokens: { braintrust: token },
      verify: false
    })
    expect(results.map((r) => r.outcome)).toEqual(['revoked', 'revoked'])
    const lists = sandbox.providers.braintrust.service.requests.filter(
      (r) => r.method === 'GET' && r.path === '/v1/api_key'
    )
    expect(lists).toHaveLength(2)
    expect(new Map(lists[1]!.query).get('starting_after')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('says a key missing from the token account but still alive belongs elsewhere', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.braintrust
    const key = store.addKey({ owner: 'erin' })
    const token = store.addToken({ owner: 'frank' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'braintrust', value: key.value }],
      tokens: { braintrust: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable', verified: false })
    expect(key.deletedAt).toBeUndefined()
  })
})

import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { RevocationFailure } from '../../../src/errors.js'
import type { HttpResponse } from '../../../src/http/client.js'
import { ownValue, readSelfRevoke } from '../../../src/providers/answers.js'
import { readAllPages } from '../../../src/providers/pages.js'
import { Redactor } from '../../../src/secrets.js'
import { couldShow, PartialFormIndex } from '../../../src/providers/partial-forms.js'

describe('one partial-form index for every provider that lists partial forms', () => {
  it('finds exactly the items a scan with couldShow finds', () => {
    // Few characters, so forms and values often share starts and ends.
    const part = fc.string({ unit: fc.constantFrom('s', 'k', '-', 'a'), maxLength: 4 })
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: part, end: part }), { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), part), { maxLength: 10 }),
        (forms, picks) => {
          const index = new PartialFormIndex<number>()
          forms.forEach((form, i) => index.add(form, i))
          const values = picks.map(([n, middle]) => {
            const form = forms[n % Math.max(1, forms.length)] ?? { start: '', end: '' }
            return `${form.start}${middle}${form.end}`
          })
          for (const value of values) {
            const scanned = forms.flatMap((form, i) => (couldShow(form, value) ? [i] : []))
            expect([...index.matches(value)].sort((a, b) => a - b)).toEqual(scanned)
          }
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('a form showing the whole value is no match: the mask hides at least one character', () => {
    expect(couldShow({ start: 'sk-ab', end: 'cd' }, 'sk-abcd')).toBe(false)
    expect(couldShow({ start: 'sk-ab', end: 'cd' }, 'sk-abXcd')).toBe(true)
    // Start and end may not overlap inside a short value.
    expect(couldShow({ start: 'sk-abc', end: 'cd' }, 'sk-abcd')).toBe(false)
  })
})

describe('one paged-list reader', () => {
  const pages = (ends: Array<{ more: boolean; next?: string }>) => {
    const seen: Array<string | undefined> = []
    const read = (max = 10) =>
      readAllPages('Test list', max, (cursor) => {
        seen.push(cursor)
        return Promise.resolve(ends[seen.length - 1] ?? { more: false })
      })
    return { seen, read }
  }

  it('reads every page, each after the cursor the one before gave', async () => {
    const { seen, read } = pages([
      { more: true, next: 'a' },
      { more: true, next: 'b' },
      { more: false, next: 'c' }
    ])
    await read()
    expect(seen).toEqual([undefined, 'a', 'b'])
  })

  it.each([
    ['says there is more without a cursor', [{ more: true }]],
    [
      'gives the same cursor again',
      [
        { more: true, next: 'a' },
        { more: true, next: 'a' }
      ]
    ]
  ])('fails, never "the whole list", when a page %s', async (_, ends) => {
    const { read } = pages(ends)
    await expect(read()).rejects.toThrow(/says there is more but not where it goes on/)
  })

  it('fails past its page bound, naming key-id', async () => {
    const { seen, read } = pages(
      Array.from({ length: 5 }, (_, i) => ({ more: true, next: String(i + 1) }))
    )
    const error = await read(3).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RevocationFailure)
    expect(String(error)).toMatch(/more than 3 pages; give `key-id`/)
    expect(seen).toHaveLength(3)
  })
})

describe('the answer of a call that revokes the token authenticating it', () => {
  const ctx = {
    http: undefined as never,
    redactor: new Redactor(),
    memo: <T>(_key: string, load: () => Promise<T>) => load()
  }
  const answer = (status: number, retriedAfterAmbiguous = false): HttpResponse => ({
    status,
    headers: {},
    text: '{}',
    truncated: false,
    attempts: retriedAfterAmbiguous ? 2 : 1,
    retriedAfterAmbiguous
  })

  it('takes only the value itself, never a target without one', () => {
    expect(ownValue({ id: 'x', value: 'tok' }, 'P')).toBe('tok')
    expect(() => ownValue({ id: 'x' }, 'P')).toThrow(/P: a token is revoked with its own value/)
  })

  it('is deleted on its documented status only, after the body check', () => {
    expect(readSelfRevoke(ctx, answer(204), 'P revoke', 204).answer).toEqual({ kind: 'deleted' })
    expect(() =>
      readSelfRevoke(ctx, answer(204), 'P revoke', 204, () => {
        throw new Error('names another token')
      })
    ).toThrow(/another token/)
    expect(() => readSelfRevoke(ctx, answer(200), 'P revoke', 204)).toThrow(/unexpected answer/)
    expect(() => readSelfRevoke(ctx, answer(403), 'P revoke', 204)).toThrow(RevocationFailure)
  })

  it('reads a 401 as a value that does not authenticate, or after a lost answer as gone', () => {
    expect(readSelfRevoke(ctx, answer(401), 'P revoke', 204).answer).toEqual({
      kind: 'key-rejected'
    })
    expect(readSelfRevoke(ctx, answer(401, true), 'P revoke', 204).answer).toEqual({
      kind: 'not-found'
    })
  })
})

import { describe, expect, it } from '@jest/globals'
import {
  ANNOTATIONS_PER_KIND,
  annotate,
  failureSummary,
  type Annotator
} from '../../src/report/publish.js'
import type { KeyResult } from '../../src/model.js'

const key = (outcome: KeyResult['outcome']): KeyResult => ({
  provider: 'vastai',
  keyRef: '42',
  outcome,
  verified: null,
  httpStatus: null,
  attempts: 1,
  durationMs: 1
})

describe('failureSummary', () => {
  it('says nothing was deleted only when no key has a result', () => {
    expect(failureSummary('GitHub answered 500', [])).toContain(
      '**Nothing was deleted.** GitHub answered 500'
    )
  })

  it('says no key was revoked when keys have results but none was revoked', () => {
    const text = failureSummary('boom', [key('failed'), key('not-found')])
    expect(text).toContain('**No key was revoked**')
    expect(text).not.toContain('Nothing was deleted')
  })

  it('says loudly how many keys were revoked before the error', () => {
    const text = failureSummary('boom', [key('revoked'), key('revoked'), key('failed')])
    expect(text).toContain('**2 key(s) WERE revoked before the run stopped**')
    expect(text).not.toContain('Nothing was deleted')
  })
})

describe('annotate', () => {
  /** Records each annotation as `kind: title: text`. */
  function recorder(): { out: Annotator; lines: string[] } {
    const lines: string[] = []
    const at =
      (kind: string) =>
      (text: string | Error, props?: { title?: string }): void => {
        lines.push(`${kind}: ${props?.title ?? ''}: ${String(text)}`)
      }
    return { out: { error: at('error'), warning: at('warning'), notice: at('notice') }, lines }
  }
  const many = (n: number, over: Partial<KeyResult>): KeyResult[] =>
    Array.from({ length: n }, (_, i) => ({ ...key('revoked'), keyRef: `k${i}`, ...over }))

  it("pins GitHub's published limit: 10 warning and 10 error annotations per step", async () => {
    const { readFile } = await import('node:fs/promises')
    const { createRequire } = await import('node:module')
    const file = createRequire(import.meta.url).resolve(
      '@octokit/openapi/generated/api.github.com.json'
    )
    expect(await readFile(file, 'utf8')).toContain(
      'GitHub Actions are limited to 10 warning annotations and 10 error annotations per step'
    )
    expect(ANNOTATIONS_PER_KIND).toBe(10)
  })

  it('a run of 10,000 keys writes at most 10 annotations of each kind, the last counting the rest', () => {
    const { out, lines } = recorder()
    annotate(
      [
        ...many(9_000, { outcome: 'revoked', verified: true }),
        ...many(600, { outcome: 'failed', reason: 'timeout' }),
        ...many(350, { outcome: 'not-found' }),
        ...many(50, { outcome: 'submitted' })
      ],
      out
    )
    const of = (kind: string) => lines.filter((l) => l.startsWith(`${kind}:`))
    expect([of('error').length, of('warning').length, of('notice').length]).toEqual([10, 10, 10])
    expect(of('error')[9]).toBe(
      'error: More leaked keys NOT revoked: 941 more key(s) (591 failed; 350 not found). GitHub shows 10 annotations of a kind per step: the job summary and the `report-file` output list every key.'
    )
    expect(of('notice')[9]).toContain('8,991 more key(s) (8,991 revoked)')
    expect(of('warning')[9]).toContain('41 more key(s) (41 sent, not proven)')
  })

  it('puts the keys a person must act on first: one that still works, then failures, then not found', () => {
    const { out, lines } = recorder()
    annotate(
      [
        ...many(12, { outcome: 'not-found' }),
        ...many(3, { outcome: 'failed', reason: 'timeout' }),
        { ...key('failed'), keyRef: 'alive', reason: 'provider-error', verified: false }
      ],
      out
    )
    expect(lines).toHaveLength(10)
    expect(lines[0]).toContain('key alive: provider-error')
    expect(lines.slice(1, 4).every((l) => l.includes(': timeout:'))).toBe(true)
    expect(lines[9]).toContain('7 more key(s) (7 not found)')
  })

  it('writes every annotation, and no count, when each kind fits', () => {
    const { out, lines } = recorder()
    annotate([...many(10, { outcome: 'failed' }), ...many(10, { outcome: 'revoked' })], out)
    expect(lines).toHaveLength(20)
    expect(lines.some((l) => l.includes('more key(s)'))).toBe(false)
  })

  it('a key revoked earlier: a notice once its alerts are resolved, a warning while one is open', () => {
    const { out, lines } = recorder()
    const alert = (resolved: boolean) => ({ repository: 'acme/app', number: 1, url: '', resolved })
    annotate(
      [
        { ...key('revoked-earlier'), earlier: { runId: '41' }, alerts: [alert(true)] },
        { ...key('revoked-earlier'), earlier: { runId: '41' }, alerts: [alert(false)] }
      ],
      out
    )
    expect(lines).toEqual([
      expect.stringMatching(/^warning: Leaked key revoked earlier: its alerts are still open: /),
      'notice: Leaked key revoked earlier: alerts resolved: Vast.ai key 42: revoked by an earlier run (run 41); its alerts are resolved now'
    ])
  })
})

import { describe, expect, it } from '@jest/globals'
import { escapeMarkdown, nextStep, number, renderReport } from '../../src/report/markdown.js'
import { renderOutputs } from '../../src/report/outputs.js'
import type { KeyResult } from '../../src/model.js'

const base: KeyResult = {
  provider: 'baseten',
  keyRef: 'abc',
  outcome: 'revoked',
  verified: true,
  httpStatus: 200,
  attempts: 1,
  durationMs: 120
}

describe('report', () => {
  it('escapes provider text so it cannot inject markdown or HTML', () => {
    const text = escapeMarkdown(
      '<img src=x onerror=alert(1)> [click](http://evil) | `code` *b*\nnext'
    )
    expect(text).not.toMatch(/<img|\[click\]\(|\n/)
    expect(text).toContain('&lt;img')
  })

  it('renders one row per key and the next step for each failure', () => {
    const failed: KeyResult = {
      ...base,
      keyRef: 'sha256:0123456789ab',
      outcome: 'failed',
      reason: 'unauthorized',
      verified: null,
      httpStatus: 401,
      message: 'Baseten delete: HTTP 401: <b>Invalid</b>'
    }
    const md = renderReport({
      status: 'partial',
      results: [base, failed],
      dryRun: false,
      runUrl: 'https://github.test/a/b/actions/runs/1'
    })
    expect(md).toContain('## 🔑 Leaked key revocation: partial')
    // The totals row, then one row per key: the failure first, under "need a person".
    expect(md.match(/^\| Baseten \|/gm)).toHaveLength(3)
    expect(md).toContain('| Baseten | 2 | 1 | 1 |')
    expect(md.indexOf('sha256:0123456789ab')).toBeLessThan(md.indexOf('`abc`'))
    expect(md.indexOf('### ❗ These need a person: 1 key')).toBeLessThan(
      md.indexOf('### ✅ Revoked: 1 key')
    )
    expect(md).toContain('&lt;b&gt;Invalid&lt;/b&gt;')
    expect(md).toContain('**Next:** Baseten rejected the credential: set `baseten-token`')
    expect(md).toContain('[Workflow run](https://github.test/a/b/actions/runs/1)')
  })

  it('has a next step for every failure reason', () => {
    for (const reason of [
      'invalid-input',
      'unresolvable',
      'unauthorized',
      'forbidden',
      'rate-limited',
      'provider-error',
      'network',
      'timeout'
    ] as const) {
      expect(nextStep({ ...base, outcome: 'failed', reason })).toBeTruthy()
    }
    expect(nextStep(base)).toBeUndefined()
  })

  it('an invalid-input failure names what was refused, not "the input named above"', () => {
    const refused: KeyResult = {
      ...base,
      outcome: 'failed',
      reason: 'invalid-input',
      verified: null,
      httpStatus: 400,
      message: 'Baseten delete: HTTP 400: bad prefix'
    }
    const steps = [
      nextStep({ ...refused, keyRef: 'abcd1234' }),
      nextStep({ ...refused, keyRef: 'sha256:0123456789ab' }),
      nextStep({
        ...refused,
        keyRef: 'sha256:0123456789ab',
        alerts: [{ repository: 'a/b', number: 1, url: '', resolved: false }]
      }),
      nextStep({
        ...refused,
        httpStatus: null,
        message: 'a/b#1: its secret is not …',
        alerts: [{ repository: 'a/b', number: 1, url: '', resolved: false }]
      }),
      nextStep({ ...refused, httpStatus: null, message: 'Baseten: … set `baseten-token` to …' })
    ]
    expect(steps[0]).toBe(
      'Baseten refused the id in `key-id` as invalid (HTTP 400; its words are quoted above): compare it with the key in the Baseten console, correct it, and run again.'
    )
    expect(steps[1]).toContain('Baseten refused the key value (`key` or `key-from-input`)')
    expect(steps[2]).toContain("Baseten refused the alert's secret as invalid (HTTP 400")
    expect(steps[3]).toContain('Check the `secret-types` line')
    expect(steps[4]).toMatch(/^Set `baseten-token` to a Baseten /)
    for (const step of steps) expect(step).not.toContain('named above')
  })

  it('outputs carry the documented fields and counts', () => {
    const out = renderOutputs('partial', [
      base,
      { ...base, outcome: 'failed', reason: 'timeout', verified: null }
    ])
    expect(out).toMatchObject({ status: 'partial', revoked: '1', failed: '1' })
    expect(JSON.parse(out.result)[1]).toEqual({
      provider: 'baseten',
      keyRef: 'abc',
      outcome: 'failed',
      verified: null,
      httpStatus: 200,
      attempts: 1,
      reason: 'timeout',
      durationMs: 120
    })
  })
})

describe('number', () => {
  it('writes what en-US toLocaleString writes, without loading ICU', () => {
    for (const n of [0, 7, 999, 1000, 1001, 12345, 999999, 1000000, 10000, 50000, 1234567890])
      expect(number(n)).toBe(n.toLocaleString('en-US'))
  })
})

describe('keys revoked by an earlier run', () => {
  const alert = (number: number, resolved: boolean) => ({
    repository: 'acme/app',
    number,
    url: `https://github.test/acme/app/security/secret-scanning/${number}`,
    resolved
  })
  const earlier = (keyRef: string, resolved: boolean): KeyResult => ({
    ...base,
    keyRef,
    outcome: 'revoked-earlier',
    verified: null,
    earlier: { runId: '41', runUrl: 'https://github.test/acme/app/actions/runs/41' },
    message: 'Revoked and verified dead by an earlier run 41',
    alerts: [alert(keyRef.length, resolved)]
  })

  it('counts as revoked once its alerts are resolved, and needs a person while one is open', () => {
    const md = renderReport({
      status: 'partial',
      results: [earlier('sha256:aaaaaaaaaaaa', true), earlier('sha256:bbbbbbbbbbbb', false)],
      dryRun: false
    })
    expect(md).toContain('| Baseten | 2 | 2 |')
    expect(md).toContain('| Provider | Keys | Revoked earlier |')
    const person = md.indexOf('### ❗ These need a person: 1 key')
    const revoked = md.indexOf('### ✅ Revoked: 1 key')
    expect(person).toBeGreaterThan(0)
    expect(md.indexOf('sha256:bbbbbbbbbbbb')).toBeGreaterThan(person)
    expect(md.indexOf('sha256:bbbbbbbbbbbb')).toBeLessThan(revoked)
    expect(md.indexOf('sha256:aaaaaaaaaaaa')).toBeGreaterThan(revoked)
    expect(md).toContain('✅ revoked by an earlier run')
    expect(nextStep(earlier('x', false))).toMatch(/only its alerts are open/)
    expect(nextStep(earlier('x', true))).toBeUndefined()
  })

  it('names the earlier run in `result`, and is no key this run deleted or did not find', () => {
    const outputs = renderOutputs('revoked', [earlier('sha256:aaaaaaaaaaaa', true)])
    expect(outputs).toMatchObject({ revoked: '0', 'not-found': '0', failed: '0' })
    expect(JSON.parse(outputs.result)[0]).toMatchObject({
      outcome: 'revoked-earlier',
      earlier: { runId: '41', runUrl: 'https://github.test/acme/app/actions/runs/41' }
    })
  })
})

describe('a collateral deletion in `result`', () => {
  it('names the deleted bystander (id, name, how to restore), as the README says', () => {
    const collateral = { id: 'abcd1234', name: 'ci', restore: 'create a new key' }
    const outputs = renderOutputs('failed', [
      { ...base, outcome: 'failed', reason: 'provider-error', verified: false, collateral }
    ])
    expect(JSON.parse(outputs.result)[0]).toMatchObject({ collateral })
  })
})

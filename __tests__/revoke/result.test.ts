import { describe, expect, it } from '@jest/globals'
import { isDone, needsAPerson, runStatus } from '../../src/revoke/result.js'
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

describe('runStatus', () => {
  it.each([
    [[], false, 'none'],
    [[base], false, 'revoked'],
    [[base, { ...base, outcome: 'failed' }], false, 'partial'],
    [[base, { ...base, outcome: 'not-found' }], false, 'partial'],
    [[{ ...base, outcome: 'not-found' }], false, 'not-found'],
    [
      [
        { ...base, outcome: 'not-found' },
        { ...base, outcome: 'failed' }
      ],
      false,
      'failed'
    ],
    [
      [
        { ...base, outcome: 'not-found' },
        { ...base, outcome: 'skipped' }
      ],
      false,
      'not-found'
    ],
    [[{ ...base, outcome: 'failed' }], false, 'failed'],
    [[{ ...base, outcome: 'dry-run' }], true, 'dry-run'],
    [[{ ...base, outcome: 'skipped' }], false, 'none']
  ])('%j -> %s', (results, dryRun, status) => {
    expect(runStatus(results as KeyResult[], dryRun as boolean)).toBe(status)
  })
})

describe('keys revoked by an earlier run', () => {
  const alert = (resolved: boolean) => ({ repository: 'acme/app', number: 1, url: '', resolved })
  const earlier = (resolved: boolean): KeyResult => ({
    ...base,
    outcome: 'revoked-earlier',
    verified: null,
    alerts: [alert(true), alert(resolved)]
  })

  it('are done, and need no person, only once every alert of theirs is resolved', () => {
    expect([isDone(earlier(true)), needsAPerson(earlier(true))]).toEqual([true, false])
    expect([isDone(earlier(false)), needsAPerson(earlier(false))]).toEqual([false, true])
  })

  it.each([
    [[earlier(true)], 'revoked'],
    [[base, earlier(true)], 'revoked'],
    // The key is dead, so not a failure; but an alert is open, so not all done either.
    [[earlier(false)], 'partial'],
    [[base, earlier(false)], 'partial'],
    [[{ ...base, outcome: 'not-found' }, earlier(true)], 'partial']
  ])('%j -> %s', (results, status) => {
    expect(runStatus(results as KeyResult[], false)).toBe(status)
  })
})

describe('an alert left for a person because its secret names no key', () => {
  const secretOnly: KeyResult = {
    ...base,
    provider: 'aws',
    outcome: 'skipped',
    verified: null,
    reason: 'unresolvable'
  }
  it('needs a person, so a run that revoked the rest is partial, never green', () => {
    expect(needsAPerson(secretOnly)).toBe(true)
    expect(runStatus([base, secretOnly], false)).toBe('partial')
  })
  it('a closed alert skipped without a reason still needs nobody', () => {
    expect(needsAPerson({ ...secretOnly, reason: undefined })).toBe(false)
    expect(runStatus([base, { ...secretOnly, reason: undefined }], false)).toBe('revoked')
  })
})

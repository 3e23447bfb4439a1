import { describe, expect, it } from '@jest/globals'
import { runStatus, type KeyResult } from '../../src/revoke/result.js'

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

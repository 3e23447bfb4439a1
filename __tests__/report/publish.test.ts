import { describe, expect, it } from '@jest/globals'
import { failureSummary } from '../../src/report/publish.js'
import type { KeyResult } from '../../src/revoke/result.js'

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

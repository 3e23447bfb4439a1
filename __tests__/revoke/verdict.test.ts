import { describe, expect, it } from '@jest/globals'
import { verdict, type Finding, type Voice } from '../../src/revoke/verdict.js'

const voice: Voice = {
  name: 'AWS',
  words: { done: 'Deactivated', verb: 'deactivate', noun: 'deactivation' }
}

/** A delete of a key given by id alone: no value, so no probe after it. */
function byId(over: Partial<Extract<Finding, { kind: 'deleted' }>>): Finding {
  return {
    kind: 'deleted',
    answer: 'deleted',
    lost: false,
    seenAlive: false,
    target: { id: 'AKIAEXAMPLE' },
    after: { kind: 'skipped', because: 'no-value' },
    ...over
  }
}

describe('a key given by id alone', () => {
  it('is revoked but not verified on the delete answer alone', () => {
    expect(verdict(byId({}), voice)).toMatchObject({ outcome: 'revoked', verified: null })
  })

  it("is verified by the provider's own record read back by its exact id, and says so", () => {
    const v = verdict(byId({ readBack: 'ListAccessKeys showed it Active, then Inactive' }), voice)
    expect(v).toMatchObject({ outcome: 'revoked', verified: true })
    expect(v.message).toContain("AWS's own record of this key")
    expect(v.message).toContain('ListAccessKeys showed it Active, then Inactive')
  })

  it('is not verified by a read-back when the first attempt was lost (the retry found it)', () => {
    const v = verdict(byId({ readBack: 'shows it Inactive', lost: true }), voice)
    expect(v.verified).toBeNull()
  })

  it('is not verified by a read-back when the answer confirmed nothing', () => {
    const v = verdict(byId({ readBack: 'shows it Inactive', answer: 'submitted' }), voice)
    expect(v).toMatchObject({ outcome: 'submitted', verified: null })
  })
})

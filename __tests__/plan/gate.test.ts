import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { KeyRequest } from '../../src/model.js'
import { gateKeys } from '../../src/plan/gate.js'
import { plannedKey, readApprovalRules, type Plan } from '../../src/plan/plan.js'

const key = (value: string, provider: KeyRequest['provider'] = 'baseten'): KeyRequest => ({
  provider,
  value,
  source: 'x',
  alerts: [{ repository: 'acme/app', number: 1, url: 'u' }]
})

function planOf(keys: KeyRequest[]): Plan {
  return {
    version: 1,
    repository: 'acme/app',
    runId: '1',
    createdAt: 'now',
    keys: keys.map((k) => plannedKey(k, '*', (t) => t))
  }
}

const values = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9]{20,30}$/), {
  minLength: 1,
  maxLength: 8
})

describe('gateKeys', () => {
  it('revoke: every key now', () => {
    const keys = [key('a'.repeat(20)), key('b'.repeat(20))]
    expect(gateKeys('revoke', [], undefined, keys)).toEqual({ now: keys, held: [], untouched: [] })
  })

  it('plan: holds exactly the keys a rule names; the others go now', () => {
    fc.assert(
      fc.property(values, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (vs, quiva) => {
        const keys = vs.map((v, i) => key(v, quiva[i] ? 'quiva' : 'baseten'))
        const gate = gateKeys('plan', readApprovalRules('provider:baseten'), undefined, keys)
        expect(gate.held.map((h) => h.key)).toEqual(keys.filter((k) => k.provider === 'baseten'))
        expect(gate.now).toEqual(keys.filter((k) => k.provider === 'quiva'))
        expect(gate.untouched).toEqual([])
      })
    )
  })

  it('apply: exactly the planned keys go; every other key is left alone; missing planned keys are reported', () => {
    fc.assert(
      fc.property(
        values,
        values,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (found, extra, inPlan) => {
          const keys = found.map((v) => key(v))
          const planned = keys.filter((_, i) => inPlan[i])
          const gone = extra.filter((v) => !found.includes(v)).map((v) => key(v))
          const gate = gateKeys('apply', [], planOf([...planned, ...gone]), keys)
          expect(gate.now).toEqual(planned)
          expect(gate.held).toEqual([])
          const skipped = gate.untouched.map((r) => r.message ?? '')
          expect(skipped.filter((m) => m.startsWith('Not in the approved plan'))).toHaveLength(
            keys.length - planned.length
          )
          expect(skipped.filter((m) => m.startsWith('In the approved plan'))).toHaveLength(
            gone.length
          )
          expect(gate.untouched.every((r) => r.outcome === 'skipped')).toBe(true)
        }
      )
    )
  })

  it('apply: a key of the same value at another provider is not the planned key', () => {
    const planned = key('c'.repeat(20), 'baseten')
    const gate = gateKeys('apply', [], planOf([planned]), [key('c'.repeat(20), 'quiva')])
    expect(gate.now).toEqual([])
  })
})

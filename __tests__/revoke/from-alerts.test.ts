import { describe, expect, it } from '@jest/globals'
import type { Alert } from '../../src/github/read/alerts.js'
import { planAlerts } from '../../src/revoke/from-alerts.js'

const alert = (over: Partial<Alert>): Alert => ({
  repository: 'acme/app',
  number: 1,
  url: 'https://github.test/a',
  state: 'open',
  secretType: 'x',
  displayName: 'x',
  ...over
})
const BASETEN = 'abcd1234.0123456789abcdefABCDEF0123456789'

describe('planAlerts', () => {
  it('revokes each secret once, skips unmapped and closed alerts, fails unusable secrets', () => {
    const plan = planAlerts(
      [
        alert({ number: 1, displayName: 'Baseten API key', secret: BASETEN }),
        alert({
          number: 2,
          displayName: 'Baseten API key',
          secret: BASETEN,
          repository: 'acme/other'
        }),
        alert({ number: 3, displayName: 'Acme token', secret: 'zzzzzzzzzz' }),
        alert({ number: 4, displayName: 'Baseten API key', secret: BASETEN, state: 'resolved' }),
        alert({ number: 5, displayName: 'Baseten API key', secret: 'not-a-baseten-key' }),
        alert({ number: 6, displayName: 'Baseten API key' })
      ],
      new Map()
    )
    expect(plan.keys).toHaveLength(1)
    expect(plan.keys[0]?.alerts?.map((a) => `${a.repository}#${a.number}`)).toEqual([
      'acme/app#1',
      'acme/other#2'
    ])
    expect(
      plan.unrevocable.map((r) => [r.alerts?.[0]?.number, r.outcome, r.reason ?? null])
    ).toEqual([
      [3, 'skipped', 'unmapped'],
      [4, 'skipped', null],
      [5, 'failed', 'invalid-input'],
      [6, 'failed', 'unresolvable']
    ])
    expect(JSON.stringify(plan.unrevocable)).not.toContain('zzzzzzzzzz')
    expect(plan.unrevocable[0]?.message).toContain('`secret-types`')
  })
})

import { describe, expect, it } from '@jest/globals'
import type { Alert } from '../src/github/alerts.js'
import { relayedAlert } from '../src/github/relayed-alert.js'
import { providerForSecretType } from '../src/providers/registry.js'
import type { ProviderId } from '../src/providers/types.js'
import { isRepository } from '../src/github/context.js'
import { planAlerts } from '../src/revoke/from-alerts.js'
import { Redactor } from '../src/secrets.js'
import { readSettings } from '../src/settings.js'

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

describe('relayedAlert', () => {
  it('reads a forwarded webhook body and the short form', () => {
    expect(
      relayedAlert(
        'repository_dispatch',
        {
          client_payload: {
            action: 'created',
            alert: { number: 7 },
            repository: { full_name: 'o/r' }
          }
        },
        'd/d'
      )
    ).toEqual({ repository: 'o/r', number: 7 })
    expect(
      relayedAlert('repository_dispatch', { client_payload: { alert_number: '8' } }, 'd/d')
    ).toEqual({ repository: 'd/d', number: 8 })
    expect(
      relayedAlert(
        'repository_dispatch',
        { client_payload: { alert_number: 9, repository: 'x/y' } },
        'd/d'
      )
    ).toEqual({ repository: 'x/y', number: 9 })
  })

  it('ignores other events and payloads, refuses bad ones', () => {
    expect(relayedAlert('push', { client_payload: { alert_number: 1 } }, 'd/d')).toBeUndefined()
    expect(
      relayedAlert('repository_dispatch', { client_payload: { something: 1 } }, 'd/d')
    ).toBeUndefined()
    expect(relayedAlert('repository_dispatch', null, 'd/d')).toBeUndefined()
    for (const bad of [
      { alert_number: 0 },
      { alert_number: '1e3' },
      { alert: { number: -1 } },
      { alert_number: 1, repository: '../../etc' },
      { alert_number: 1, repository: 'a/b/c' }
    ]) {
      expect(relayedAlert('repository_dispatch', { client_payload: bad }, 'd/d')).toHaveProperty(
        'error'
      )
    }
  })
})

const forAlert = (a: Alert, mapping: ReadonlyMap<string, ProviderId>) =>
  providerForSecretType(a.secretType, a.displayName, mapping)

describe('providerForSecretType', () => {
  // Each case as { secretType, displayName, provider }: a failure shows which name went where.
  const cases: Array<[secretType: string, displayName: string, provider: ProviderId | undefined]> =
    [
      ['x', 'Baseten API key', 'baseten'],
      ['vast_ai_api_key', '', 'vastai'],
      ['x', 'CometAPI key', 'cometapi'],
      ['x', 'Baseten or Braintrust key', undefined],
      ['x', 'Vastly important token', undefined],
      ['x', 'Acme token', undefined]
    ]

  it('prefers the mapping, then a name that names one provider', () => {
    const mapping = new Map([['custom_1', 'cometapi' as const]])
    const mapped = { secretType: 'custom_1', displayName: 'Braintrust key' }
    expect({ ...mapped, provider: forAlert(alert(mapped), mapping) }).toEqual({
      ...mapped,
      provider: 'cometapi'
    })
    for (const [secretType, displayName, provider] of cases)
      expect({
        secretType,
        displayName,
        provider: forAlert(alert({ secretType, displayName }), new Map())
      }).toEqual({ secretType, displayName, provider })
  })
})

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
      [3, 'skipped', null],
      [4, 'skipped', null],
      [5, 'failed', 'invalid-input'],
      [6, 'failed', 'unresolvable']
    ])
    expect(JSON.stringify(plan.unrevocable)).not.toContain('zzzzzzzzzz')
    expect(plan.unrevocable[0]?.message).toContain('`secret-types`')
  })
})

describe('GitHub helpers', () => {
  it('accepts only owner/name repositories', () => {
    expect(isRepository('acme/app.js')).toBe(true)
    for (const bad of ['acme', 'a/b/c', '../x', 'a/..', 'a b/c', ''])
      expect(isRepository(bad)).toBe(false)
  })
})

describe('alert inputs', () => {
  const read = (inputs: Record<string, string>, relay = false) =>
    readSettings((n) => inputs[n] ?? '', new Redactor(), { relay })

  it('needs no key in alert-driven runs, and falls back to github-token', () => {
    expect(read({ alerts: 'OPEN', 'github-token': 'ghs_1' }).alerts).toMatchObject({
      sweep: true,
      scope: 'repo',
      token: 'ghs_1',
      resolve: true
    })
    expect(
      read({ 'alert-number': '12', 'alerts-token': 'pat', 'github-token': 'g' }).alerts
    ).toMatchObject({ alertNumber: 12, token: 'pat' })
    expect(read({}, true).keys).toEqual([])
    expect(() => read({})).toThrow("Input 'key' or 'key-id' is required")
  })

  it('parses secret-types lines and refuses bad ones, naming the input and line', () => {
    const { alerts } = read({
      alerts: 'open',
      'secret-types': '# comment\n my_key = vast.ai \n\nother=comet'
    })
    expect([...alerts.secretTypes]).toEqual([
      ['my_key', 'vastai'],
      ['other', 'cometapi']
    ])
    expect(() => read({ alerts: 'open', 'secret-types': 'ok=baseten\nnoprovider' })).toThrow(
      "Input 'secret-types' line 2 is not valid"
    )
    expect(() => read({ alerts: 'open', 'secret-types': 'x=aws' })).toThrow(
      "Input 'secret-types' line 1"
    )
  })

  it.each([
    [{ alerts: 'all' }, 'alerts'],
    [{ alerts: 'open', 'alerts-scope': 'enterprise' }, 'alerts-scope'],
    [{ alerts: 'open', org: '-bad' }, 'org'],
    [{ 'alert-number': '0' }, 'alert-number'],
    [{ alerts: 'open', 'resolve-alerts': 'maybe' }, 'resolve-alerts'],
    [{ alerts: 'open', 'create-issue': 'y' }, 'create-issue']
  ])('refuses %j naming %s', (inputs, name) => {
    expect(() => read(inputs as Record<string, string>)).toThrow(`Input '${name}'`)
  })
})

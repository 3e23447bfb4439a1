import { describe, expect, it } from '@jest/globals'
import { relayedAlert } from '../../../src/github/read/relayed-alert.js'

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

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { USER_AGENT } from '../../src/http/user-agent.js'
import { Sandbox } from '../../sandbox/index.js'
import { revokeAt } from '../helpers/harness.js'

// The engine across providers. Each provider's behaviour is in __tests__/providers/ (the
// conformance suite); faults are in __tests__/suites/faults.test.ts.

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await Sandbox.start()
})
afterAll(async () => {
  await sandbox.close()
})

describe('revokeKeys', () => {
  it('carries each key’s alerts to its own result, in input order, none resolved yet', async () => {
    const vast = sandbox.providers.vastai.store
    const quiva = sandbox.providers.quiva.store
    const slow = vast.addKey()
    const fast = quiva.addKey()
    const seen: string[] = []
    const { results } = await revokeAt(sandbox, {
      keys: [
        {
          provider: 'vastai',
          value: slow.value,
          alerts: [{ repository: 'acme/app', number: 1, url: 'https://x/1' }]
        },
        { provider: 'quiva', value: fast.value },
        {
          provider: 'quiva',
          value: quiva.addKey().value,
          alerts: [
            { repository: 'acme/app', number: 2, url: 'https://x/2' },
            { repository: 'acme/lib', number: 9, url: 'https://x/9' }
          ]
        }
      ],
      tokens: { vastai: vast.addToken(), quiva: quiva.addToken() },
      engine: { onResult: (r) => seen.push(r.alerts?.map((a) => a.number).join(',') ?? '-') }
    })
    expect(results.map((r) => [r.provider, r.outcome])).toEqual([
      ['vastai', 'revoked'],
      ['quiva', 'revoked'],
      ['quiva', 'revoked']
    ])
    expect(results.map((r) => r.alerts)).toEqual([
      [{ repository: 'acme/app', number: 1, url: 'https://x/1', resolved: false }],
      undefined,
      [
        { repository: 'acme/app', number: 2, url: 'https://x/2', resolved: false },
        { repository: 'acme/lib', number: 9, url: 'https://x/9', resolved: false }
      ]
    ])
    // onResult saw each result with its alerts already attached.
    expect([...seen].sort()).toEqual(['-', '1', '2,9'])
  })

  it('names itself in every request to a provider', async () => {
    const { store, service } = sandbox.providers.baseten
    service.requests.length = 0
    await revokeAt(sandbox, {
      keys: [{ provider: 'baseten', value: store.addKey().value }],
      tokens: { baseten: store.addToken() }
    })
    expect(service.requests.length).toBeGreaterThan(1)
    expect(new Set(service.requests.map((r) => r.headers['user-agent']))).toEqual(
      new Set([USER_AGENT])
    )
    expect(USER_AGENT).toMatch(/^revoke-leaked-keys\//)
  })
})

import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { planAlerts } from '../../src/revoke/from-alerts.js'
import type { Alert } from '../../src/github/read/alerts.js'
import { readSettings } from '../../src/settings/settings.js'
import { Redactor } from '../../src/secrets.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'slack',
  // The token revokes itself: no id, nothing in the path, query or body.
  deleteLine: () => 'POST /api/auth.revoke',
  auth: (secret) => ['authorization', `Bearer ${secret}`],
  resolveLines: () => [],
  probeLine: 'POST /api/auth.test',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  // A token revokes itself and has no id; there is no token input.
  ids: false,
  credential: 'none',
  // A live token that may not revoke itself: Slack answers ok:false no_permission.
  forbid: (_sandbox, key) => {
    key.canManage = false
    return { token: '', reason: 'forbidden' }
  },
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      headers: { 'retry-after': '1' },
      json: { ok: false, error: 'ratelimited' }
    }
  }
})

const slack = PROVIDERS.slack
const inject = (json: unknown) =>
  suite.sandbox().providers.slack.service.inject({
    method: 'POST',
    path: /^\/api\/auth\.revoke$/,
    times: 1,
    fault: { kind: 'reply', reply: { status: 200, json } }
  })

describe('slack specifics', () => {
  it('reads the body, not the status: HTTP 200 with ok:false is a failure, quoting the error', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.slack.store.addKey()
    inject({ ok: false, error: 'fatal_error' })
    const { results } = await revokeAt(sandbox, { keys: [{ provider: 'slack', value: key.value }] })
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'provider-error',
      httpStatus: 200
    })
    expect(results[0]?.message).toContain('fatal_error')
    expect(key.deletedAt).toBeUndefined()
  })

  it('ok:true with revoked:false is a failure, never a revocation', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.slack.store.addKey()
    inject({ ok: true, revoked: false })
    const { results } = await revokeAt(sandbox, { keys: [{ provider: 'slack', value: key.value }] })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('revoked=false')
  })

  it.each(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed'])(
    'a value auth.test answers %s to is not a live token: not found, nothing revoked',
    async (error) => {
      const sandbox = suite.sandbox()
      const key = sandbox.providers.slack.store.addKey()
      sandbox.providers.slack.service.inject({
        method: 'POST',
        path: /^\/api\/auth\.test$/,
        times: 1,
        fault: { kind: 'reply', reply: { status: 200, json: { ok: false, error } } }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'slack', value: key.value }]
      })
      expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
      expect(sandbox.providers.slack.service.requests.map((r) => r.path)).toEqual([
        '/api/auth.test'
      ])
    }
  )

  it('an auth.test error that does not say "not a token" fails the probe instead of guessing', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.slack.store.addKey()
    sandbox.providers.slack.service.inject({
      method: 'POST',
      path: /^\/api\/auth\.test$/,
      times: 99,
      fault: { kind: 'reply', reply: { status: 200, json: { ok: false, error: 'fatal_error' } } }
    })
    const { results } = await revokeAt(sandbox, { keys: [{ provider: 'slack', value: key.value }] })
    // Leak beats outage: the probe before could not tell, so the revoke went ahead.
    expect(key.deletedAt).toBeDefined()
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(results[0]?.message).toContain('fatal_error')
  })

  it('never sends the test argument, and sends the token only in the Authorization header', async () => {
    const sandbox = suite.sandbox()
    const key = sandbox.providers.slack.store.addKey()
    await revokeAt(sandbox, { keys: [{ provider: 'slack', value: key.value }] })
    for (const r of sandbox.providers.slack.service.requests) {
      expect(r.query).toEqual([])
      expect(r.body).toBe('')
      expect(r.headers.authorization).toBe(`Bearer ${key.value}`)
    }
  })

  it('claims Slack token shapes and refuses what auth.revoke cannot revoke, naming the next step', () => {
    const bot = 'xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'
    for (const ok of [bot, 'xoxp-1-2-3-abcdef', 'xoxe.xoxp-1-Mi0yLTEyMw', 'xoxe.xoxb-1-abc'])
      expect(slack.checkValue?.(ok)).toBeUndefined()
    expect(providerForValue(bot)?.id).toBe('slack')
    const webhook = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'
    expect(slack.checkValue?.(webhook)).toMatch(/webhook URL.*Incoming Webhooks/)
    expect(slack.checkValue?.('xoxe-1-My0xLTEyMzQ')).toMatch(/refresh token/)
    expect(slack.checkValue?.('xapp-1-A0-1-abc')).toMatch(/app-level token/)
    expect(slack.checkValue?.('xoxs-1-2-3')).toMatch(/not one Slack documents/)
    expect(slack.checkValue?.('sk-abc')).toMatch(/^a Slack access token/)
    expect(slack.checkId('T00000001')).toMatch(/no id/)
  })

  it('settings refuse key-id for Slack before any request, naming `key`', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
    expect(() =>
      readSettings(read({ provider: 'slack', 'key-id': 'T00000001' }), new Redactor())
    ).toThrow(/key-id.*Slack.*the token itself in `key`/s)
  })

  it("maps GitHub's slack_api_token natively, and a webhook URL alert to a clear failure", () => {
    expect(providerForSecretType('slack_api_token', 'Slack API Token', new Map())).toBe('slack')
    const alert = (n: number, secretType: string, displayName: string, secret: string): Alert =>
      ({
        repository: 'acme/app',
        number: n,
        url: `https://github.com/acme/app/security/secret-scanning/${n}`,
        state: 'open',
        secretType,
        displayName,
        secret
      }) as Alert
    const plan = planAlerts(
      [
        alert(
          1,
          'slack_incoming_webhook_url',
          'Slack Incoming Webhook URL',
          'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'
        ),
        alert(
          2,
          'slack_workflow_webhook_url',
          'Slack Workflow Webhook URL',
          'https://hooks.slack.com/workflows/T00000000/A00000000/123456789012345678/XXXXXXXXXXXXXXXXXXXXXXXX'
        ),
        alert(3, 'slack_api_token', 'Slack API Token', 'xoxb-1-2-abcdefghijkl')
      ],
      new Map()
    )
    expect(plan.keys.map((k) => k.provider)).toEqual(['slack'])
    expect(plan.unrevocable).toHaveLength(2)
    for (const done of plan.unrevocable) {
      expect(done).toMatchObject({ provider: 'slack', outcome: 'failed', reason: 'invalid-input' })
      expect(done.message).toMatch(/webhook URL, which auth\.revoke cannot revoke/)
      expect(done.message).not.toContain('hooks.slack.com/services')
    }
  })
})

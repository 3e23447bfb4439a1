import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum } from '../../../sandbox/store.js'

// Plays Slack's auth.revoke and auth.test: src/providers/slack/README.md, src/providers/slack/openapi.yaml.
// Every answer is HTTP 200 with `ok` saying what happened, as Slack answers; a token is its own
// credential (there is no management token). The key id is the fake's own handle, never sent.
export function slackFake() {
  const digits = (n: number) =>
    alnum(n * 3)
      .replace(/\D/g, '')
      .padEnd(n, '7')
      .slice(0, n)
  const store = new KeyStore((seq) => ({
    id: `T${String(seq).padStart(8, '0')}`,
    value: `xoxb-${digits(13)}-${digits(13)}-${alnum(24)}`
  }))
  const notOk = (error: string): Reply => ({ status: 200, json: { ok: false, error } })
  /** The token the request authenticates with: `Authorization: Bearer <token>` only. */
  const tokenOf = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    if (req.path !== '/api/auth.revoke' && req.path !== '/api/auth.test')
      return { status: 404, text: 'Not Found' }
    const token = tokenOf(req)
    if (!token) return notOk('not_authed')
    // Management tokens of the store are not Slack tokens: Slack would not know them either.
    const who = store.authenticate(token)
    if (!who?.key) return notOk('invalid_auth')
    if (req.path === '/api/auth.test')
      return {
        status: 200,
        json: {
          ok: true,
          url: `https://${who.owner}.slack.com/`,
          team: who.owner,
          user: 'ci-bot',
          team_id: who.key.id,
          user_id: 'U00000001'
        }
      }
    // auth.revoke. Its testing mode revokes nothing (the contract refuses `test` anyway).
    if (new Map(req.query).get('test') !== undefined)
      return { status: 200, json: { ok: true, revoked: false } }
    if (!who.canManage) return notOk('no_permission')
    store.delete(who.key)
    return { status: 200, json: { ok: true, revoked: true } }
  }
  return { store, route }
}

/**
 * auth.revoke is Tier 3: 50+ requests per minute per app and workspace (Slack's rate-limit page).
 * Played at its floor, with every token of one app and workspace (the worst case), answered as
 * Slack does: 429, Retry-After in seconds, `{ok: false, error: "ratelimited"}`.
 */
export function slackRateLimits(requestsPerMinute = 50): RateLimit[] {
  return [
    {
      name: `Slack auth.revoke: Tier 3, ${requestsPerMinute} requests/minute`,
      bucket: (req) => (req.path === '/api/auth.revoke' ? 'auth.revoke' : undefined),
      requests: requestsPerMinute,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: { ok: false, error: 'ratelimited' }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof slackFake>> = {
  fake: slackFake,
  rateLimits: () => slackRateLimits(),
  alert: { type: 'slack_api_token', name: 'Slack API Token' },
  sample: { value: `xoxb-1234567890123-1234567890123-${'Ef3'.repeat(8)}`, id: 'T00000001' },
  operations: ['POST /api/auth.revoke', 'POST /api/auth.test'],
  requests: (n) => 3 * n // auth.test, auth.revoke, auth.test: the token revokes itself
}

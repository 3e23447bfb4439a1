import { z } from 'zod'
import { RevocationFailure, type FailureReason } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { excerpt } from '../../secrets.js'
import { expectBody, failure } from '../answers.js'
import type { DeleteResult, Provider, ProviderContext } from '../types.js'

// Contract: src/providers/slack/README.md and src/providers/slack/openapi.yaml. Self-revocation only:
// `auth.revoke` revokes the very token that authenticates it, so the leaked token is always the
// bearer, and the provider has no token input. Slack answers errors as HTTP 200 with
// `ok: false`: the body decides, never the status alone.

/** Access tokens Slack documents: bot `xoxb-`, user `xoxp-`, rotating/config `xoxe.xoxb-`/`xoxe.xoxp-`. */
const ACCESS_TOKEN = /^(?:xoxe\.)?xox[bp]-[0-9A-Za-z-]+$/
/** Every Slack secret shape that names Slack: the ones this adapter can revoke and the others. */
const SLACK_SHAPE = /^(?:(?:xoxe\.)?xox[a-z]-|xoxe-|xapp-|https:\/\/hooks\.slack\.com\/)/
/** `auth.test`/`auth.revoke` errors that say the token itself is not a valid token. */
const NOT_A_LIVE_TOKEN = new Set([
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed'
])
/** Errors that say this token may not do this (it is alive). */
const FORBIDDEN = new Set([
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'not_bearer_token',
  'access_denied',
  'ekm_access_denied',
  'org_login_required',
  'team_access_not_granted'
])
const Answer = z.object({ ok: z.boolean(), error: z.string().optional() }).loose()
const Revoked = z.object({ ok: z.literal(true), revoked: z.boolean() }).loose()
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Slack's body (any status): `{ok, error?}`, or "unexpected answer" when it is not one. */
function answer(ctx: ProviderContext, res: HttpResponse, what: string) {
  if (res.status !== 200) throw failure(res, ctx.redactor, what)
  return expectBody(res, Answer, ctx.redactor, what)
}

/** A failure for `ok: false`, quoting Slack's error code (redacted, short). */
function refused(res: HttpResponse, error: string, what: string, ctx: ProviderContext) {
  const reason: FailureReason = NOT_A_LIVE_TOKEN.has(error)
    ? 'unauthorized'
    : FORBIDDEN.has(error)
      ? 'forbidden'
      : error === 'ratelimited'
        ? 'rate-limited'
        : 'provider-error'
  return new RevocationFailure(
    reason,
    `${what}: ok=false: ${excerpt(error, ctx.redactor)}`,
    res.status,
    res.attempts
  )
}

/** Why a value is not a Slack token this adapter can revoke; undefined when it is one. */
function checkValue(value: string): string | undefined {
  if (ACCESS_TOKEN.test(value)) return undefined
  const token = 'a Slack access token (xoxb-…, xoxp-…, xoxe.xoxb-… or xoxe.xoxp-…)'
  if (value.startsWith('https://hooks.slack.com/'))
    return `${token}; this is a webhook URL, which auth.revoke cannot revoke: nothing was sent. Remove the webhook where it was made (the Slack app's Incoming Webhooks settings at api.slack.com/apps, or the workflow's webhook trigger)`
  if (value.startsWith('xoxe-'))
    return `${token}; this is a refresh token, which cannot authenticate auth.revoke and which Slack documents no way to revoke by value: revoke the access token it was issued with, or reinstall the app`
  if (value.startsWith('xapp-'))
    return `${token}; this is an app-level token, for which Slack documents no auth.revoke: revoke it in the app's settings at api.slack.com/apps (Basic Information, App-Level Tokens)`
  if (/^xox[a-z]-/.test(value))
    return `${token}; this token type is not one Slack documents for auth.revoke: revoke it at Slack (api.slack.com/apps, or the workspace's admin settings)`
  return token
}

export const slack: Provider = {
  id: 'slack',
  name: 'Slack',
  aliases: ['slack.com'],
  // Also names Slack's webhook URL types: they map here and fail in checkValue with the next step.
  alertNames: /\bslack\b/i,
  // GitHub's native type for Slack tokens (Supported secret scanning patterns).
  secretTypes: ['slack_api_token'],
  defaultBaseUrl: 'https://slack.com',
  // Slack documents no credential that revokes another token by its value: no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  tokenHelp:
    "nothing: the leaked token revokes itself; if it cannot, revoke it in the app's settings at api.slack.com/apps",
  selfRevocation: true,
  probeDescription:
    '`POST /api/auth.test` with the leaked token as a bearer must answer `ok: false` with `invalid_auth`, `token_revoked`, `account_inactive` or `not_authed`',
  ownsKeyFormat: (value) => SLACK_SHAPE.test(value),
  keyShapes: [
    /(?<![A-Za-z0-9])(?:xoxe\.)?xox[a-z]-[A-Za-z0-9-]{10,}/,
    /(?<![A-Za-z0-9])(?:xoxe|xapp)-[A-Za-z0-9-]{10,}/,
    /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/
  ],
  checkId: () =>
    'nothing: a Slack token has no id that can revoke it. Give the token itself in `key` (it revokes itself with auth.revoke)',
  checkValue,
  // auth.revoke is Tier 3, 50+ per minute per app and workspace (Slack's rate-limit page):
  // one revoke every 1.2 s stays inside it whoever the tokens belong to. auth.test has
  // "special" limits with no figure: it is not paced, a 429 is retried after Retry-After.
  // Tier 3, 50+ a minute per app and workspace; that auth.revoke is Tier 3 is unconfirmed
  // (src/providers/slack/README.md).
  limits: { concurrency: 4, minIntervalMs: { delete: 1200 }, publishedSpacingMs: 1200 },

  async delete(ctx, target): Promise<DeleteResult> {
    // Whatever credential the engine holds, only the leaked token itself may be the bearer:
    // auth.revoke would revoke any other token it is given.
    const value = target.value
    if (value === undefined)
      throw new RevocationFailure(
        'invalid-input',
        'Slack: a token can only be revoked with its own value; give it in `key`.'
      )
    const res = await ctx.http.send({
      method: 'POST',
      path: '/api/auth.revoke',
      headers: bearer(value),
      pace: 'delete',
      // Revoking twice is harmless (the second is refused): a retry after a lost answer is safe.
      idempotent: true
    })
    const body = answer(ctx, res, 'Slack auth.revoke')
    if (!body.ok) {
      const error = body.error ?? ''
      if (NOT_A_LIVE_TOKEN.has(error)) {
        // The token no longer authenticates. After a lost answer, our own first revoke most
        // likely did it: `not-found` lets the engine say so and verify.
        return {
          answer: { kind: res.retriedAfterAmbiguous ? 'not-found' : 'key-rejected' },
          response: res
        }
      }
      throw refused(res, error, 'Slack auth.revoke', ctx)
    }
    const revoked = expectBody(res, Revoked, ctx.redactor, 'Slack auth.revoke')
    if (!revoked.revoked)
      throw new RevocationFailure(
        'provider-error',
        'Slack auth.revoke: answered ok with revoked=false: the token was not revoked',
        res.status,
        res.attempts
      )
    return { answer: { kind: 'deleted' }, response: res }
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'POST',
      path: '/api/auth.test',
      headers: bearer(value),
      idempotent: true
    })
    const body = answer(ctx, res, 'Slack auth.test')
    if (body.ok) return { kind: 'alive' }
    const error = body.error ?? ''
    if (NOT_A_LIVE_TOKEN.has(error)) return { kind: 'dead' }
    throw refused(res, error, 'Slack auth.test', ctx)
  }
}

import * as z from 'zod/mini'
import { RevocationFailure, type FailureReason } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { excerpt } from '../../secrets.js'
import { expectBody, failure, ownValue } from '../answers.js'
import type { DeleteResult, Provider, ProviderContext } from '../types.js'
import { slackFacts } from './facts.js'

// Contract: src/providers/slack/README.md and src/providers/slack/openapi.yaml. Self-revocation only:
// `auth.revoke` revokes the very token that authenticates it, so the leaked token is always the
// bearer, and the provider has no token input. Slack answers errors as HTTP 200 with
// `ok: false`: the body decides, never the status alone.

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
const Answer = z.looseObject({ ok: z.boolean(), error: z.optional(z.string()) })
const Revoked = z.looseObject({ ok: z.literal(true), revoked: z.boolean() })
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

export const slack: Provider = {
  ...slackFacts,

  async delete(ctx, target): Promise<DeleteResult> {
    // Whatever credential the engine holds, only the leaked token itself may be the bearer:
    // auth.revoke would revoke any other token it is given.
    const value = ownValue(target, 'Slack')
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

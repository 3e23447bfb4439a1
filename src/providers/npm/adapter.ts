import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { expectBody, failure, ownValue, readProbe, segment } from '../answers.js'
import type { DeleteResult, Provider, ProviderContext } from '../types.js'
import { npmFacts } from './facts.js'

// Contract: src/providers/npm/README.md and src/providers/npm/openapi.yaml (from npm's registry
// API description, operation deleteToken, and the npm CLI's `npm whoami`). The leaked token
// deletes itself: it is the bearer, and its own value names it in the path, so no other token
// can be hit. It is never sent with `npm-otp`, `npm-auth-type` or `npm-command`.

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const WhoAmI = z.looseObject({ username: z.string().check(z.minLength(1)) })
const WHAT = 'npm delete token'

/**
 * Whether a 401 asks for a one-time password: `WWW-Authenticate` names `otp`, or (npm's CLI's
 * own fallback for answers without that header) the body speaks of a one-time password.
 */
function asksForOtp(res: HttpResponse): boolean {
  const schemes = String(res.headers['www-authenticate'] ?? '')
    .split(/,\s*/)
    .map((s) => s.trim().toLowerCase())
  return schemes.includes('otp') || /one-time pass/i.test(res.text)
}

function readDelete(ctx: ProviderContext, res: HttpResponse): DeleteResult {
  // 204: "Token deleted successfully"; the path named this token alone.
  if (res.status === 204) {
    if (res.text.trim() !== '')
      throw failure(res, ctx.redactor, `${WHAT}: unexpected answer`, 'provider-error')
    return { answer: { kind: 'deleted' }, response: res }
  }
  // 404: "Token does not exist".
  if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
  if (res.status === 401 && asksForOtp(res))
    throw new RevocationFailure(
      'forbidden',
      `${WHAT}: HTTP 401: npm demands a one-time password (two-factor authentication) to delete this token, and an unattended run has none to give: nothing was revoked. Revoke it now at npmjs.com (Access Tokens), or with \`npm token revoke\` and your one-time password.`,
      res.status,
      res.attempts
    )
  if (res.status === 401) {
    // The first attempt's answer was lost and the token no longer authenticates: that first
    // delete most likely did it (the engine says so, and probes).
    if (res.retriedAfterAmbiguous) return { answer: { kind: 'not-found' }, response: res }
    // It authenticated the probe before, so this is not "dead": npm's description accepts
    // only session tokens (from `npm login`) for token management; a granular token is refused.
    throw failure(
      res,
      ctx.redactor,
      `${WHAT} (npm refused the token for its own delete: npm accepts only session tokens from \`npm login\` for token management, so a granular access token cannot revoke itself; revoke it at npmjs.com under Access Tokens)`,
      'forbidden'
    )
  }
  if (res.status === 403)
    throw failure(
      res,
      ctx.redactor,
      `${WHAT} (the token may not manage tokens; revoke it at npmjs.com under Access Tokens)`,
      'forbidden'
    )
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${WHAT}: unexpected answer`, 'provider-error')
  throw failure(res, ctx.redactor, WHAT)
}

export const npm: Provider = {
  ...npmFacts,
  // No `resolve`: the delete takes the token value itself.

  async delete(ctx, target) {
    // Whatever credential the engine holds, only the leaked token itself may be the bearer.
    const value = ownValue(target, 'npm')
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/-/npm/v1/tokens/token/${segment(value)}`,
      headers: bearer(value),
      pace: 'delete'
    })
    return readDelete(ctx, res)
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/-/whoami',
      headers: bearer(value)
    })
    const answer = readProbe(ctx, res, 'npm whoami')
    if (answer.kind === 'alive') expectBody(res, WhoAmI, ctx.redactor, 'npm whoami')
    return answer
  }
}

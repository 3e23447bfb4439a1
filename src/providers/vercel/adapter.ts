import * as z from 'zod/mini'
import { expectBody, failure, ownValue, readSelfRevoke } from '../answers.js'
import type { DeleteResult, Provider } from '../types.js'
import { vercelFacts } from './facts.js'

// Contract: src/providers/vercel/README.md and src/providers/vercel/openapi.yaml (cut from
// Vercel's OpenAPI description). Self-revocation only: `DELETE /v3/user/tokens/current`
// invalidates "the token that the HTTP request was authenticated with", so the leaked token is
// always the bearer, and the provider has no token input.

/** deleteAuthToken's 200: "Authentication token successfully deleted", naming its id. */
const Deleted = z.looseObject({ tokenId: z.string() })
/** getAuthUser's 200: `{user}`. */
const AuthUser = z.looseObject({ user: z.looseObject({}) })

const bearer = (token: string) => ({
  authorization: `Bearer ${token}`,
  accept: 'application/json'
})

export const vercel: Provider = {
  ...vercelFacts,

  async delete(ctx, target): Promise<DeleteResult> {
    // "current" is whatever token authenticates the call: only the leaked one may.
    const value = ownValue(target, 'Vercel')
    const res = await ctx.http.send({
      method: 'DELETE',
      path: '/v3/user/tokens/current',
      headers: bearer(value),
      pace: 'delete',
      // Revoking twice is harmless (a deleted token is refused): a retry after a lost answer
      // is safe.
      idempotent: true
    })
    // 200 names the id of the token it deleted. 403, and 404 ("Token not found with the
    // requested tokenId", which "current" never gets from a token that authenticated), fail
    // the key, quoted.
    return readSelfRevoke(ctx, res, 'Vercel DELETE /v3/user/tokens/current', 200, (ok) =>
      expectBody(ok, Deleted, ctx.redactor, 'Vercel DELETE /v3/user/tokens/current')
    )
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v2/user',
      headers: bearer(value),
      idempotent: true
    })
    if (res.status === 200) {
      expectBody(res, AuthUser, ctx.redactor, 'Vercel GET /v2/user')
      return { kind: 'alive' }
    }
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'Vercel answered GET /v2/user with 403 ("You do not have permission to access this resource"), which proves neither a live nor a dead token'
      }
    throw failure(res, ctx.redactor, 'Vercel GET /v2/user')
  }
}

import * as z from 'zod/mini'
import { expectBody, failure, ownValue, readSelfRevoke } from '../answers.js'
import type { DeleteResult, Provider } from '../types.js'
import { fastlyFacts } from './facts.js'

// Contract: src/providers/fastly/README.md and src/providers/fastly/openapi.yaml. Self-revocation
// only: `DELETE /tokens/self` revokes the very token in the `Fastly-Key` header, so the leaked
// token is always that header, and the provider has no token input.

/** `GET /tokens/self`'s 200 answer: a token record (never the token's value). */
const TokenRecord = z.looseObject({ id: z.optional(z.string()) })

const key = (token: string) => ({ 'fastly-key': token, accept: 'application/json' })

export const fastly: Provider = {
  ...fastlyFacts,

  async delete(ctx, target): Promise<DeleteResult> {
    const value = ownValue(target, 'Fastly')
    const res = await ctx.http.send({
      method: 'DELETE',
      path: '/tokens/self',
      headers: key(value),
      pace: 'delete',
      // Revoking twice is harmless (the second is refused): a retry after a lost answer is safe.
      idempotent: true
    })
    // 204: this token, the one in the header, was revoked, nothing else. 400 "Token revocation
    // error" and 403 "Invalid token" fail the key, quoted.
    return readSelfRevoke(ctx, res, 'Fastly DELETE /tokens/self', 204)
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/tokens/self',
      headers: key(value),
      idempotent: true
    })
    if (res.status === 200) {
      expectBody(res, TokenRecord, ctx.redactor, 'Fastly GET /tokens/self')
      return { kind: 'alive' }
    }
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'Fastly answered GET /tokens/self with 403 ("Invalid token" in its description), which a live token whose scope does not cover reading itself (purge-only) may also get'
      }
    throw failure(res, ctx.redactor, 'Fastly GET /tokens/self')
  }
}

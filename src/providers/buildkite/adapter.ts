import * as z from 'zod/mini'
import { expectBody, failure, ownValue, readSelfRevoke } from '../answers.js'
import type { DeleteResult, Provider } from '../types.js'
import { buildkiteFacts } from './facts.js'

// Contract: src/providers/buildkite/README.md and src/providers/buildkite/openapi.yaml (written
// from Buildkite's reference pages: Buildkite publishes no OpenAPI description). Self-revocation
// only: `DELETE /v2/access-token` revokes the very token that authenticates it, so the leaked
// token is always the bearer, and the provider has no token input.

/** `GET /v2/access-token`'s 200 answer: the token's uuid and scopes (never its value). */
const TokenRecord = z.looseObject({ uuid: z.string(), scopes: z.array(z.string()) })

const bearer = (token: string) => ({
  authorization: `Bearer ${token}`,
  accept: 'application/json'
})

export const buildkite: Provider = {
  ...buildkiteFacts,

  async delete(ctx, target): Promise<DeleteResult> {
    const value = ownValue(target, 'Buildkite')
    const res = await ctx.http.send({
      method: 'DELETE',
      path: '/v2/access-token',
      headers: bearer(value),
      pace: 'api',
      // Revoking twice is harmless (a revoked token is refused): a retry after a lost answer
      // is safe.
      idempotent: true
    })
    // 204 ("Success response: 204 No Content"): the token in the header, this one, is revoked.
    return readSelfRevoke(ctx, res, 'Buildkite DELETE /v2/access-token', 204)
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v2/access-token',
      headers: bearer(value),
      pace: 'api',
      idempotent: true
    })
    if (res.status === 200) {
      expectBody(res, TokenRecord, ctx.redactor, 'Buildkite GET /v2/access-token')
      return { kind: 'alive' }
    }
    // "Required scope: none": a live token is not refused for its scopes. 401 is read as dead;
    // a 403 (an IP allow-list, or anything else) proves nothing.
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'Buildkite answered GET /v2/access-token with 403, which a live token may get from an address its Allowed IP Addresses do not include'
      }
    throw failure(res, ctx.redactor, 'Buildkite GET /v2/access-token')
  }
}

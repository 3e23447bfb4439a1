import * as z from 'zod/mini'
import { expectBody, expectSameKey, readDelete, readProbe, segment } from '../answers.js'
import { parseJson } from '../../http/client.js'
import type { Credential, Provider } from '../types.js'
import { basetenFacts, KEY } from './facts.js'

// Contract: src/providers/baseten/README.md and src/providers/baseten/openapi.yaml.
// A key is `<prefix>.<secret>`; the prefix is its identifier.

const apiKey = (auth: Credential) => ({ authorization: `Api-Key ${auth.secret}` })
const Tombstone = z.looseObject({ prefix: z.string() })
// zod's numbers are finite: Infinity and NaN fail.
const RateLimited = z.looseObject({ retry_after: z.number().check(z.nonnegative()) })

export const baseten: Provider = {
  ...basetenFacts,
  // Its 429 says how long to wait in the body: {"error": "Rate limit exceeded…", "retry_after": 37}.
  retryAfterFromBody(text) {
    const parsed = RateLimited.safeParse(parseJson({ text }))
    return parsed.success ? parsed.data.retry_after : undefined
  },

  async resolve(_ctx, value) {
    // The prefix names one key, but a value with a wrong secret has the same prefix: the key is
    // identified only once the value itself works (the engine asks the probe).
    const match = KEY.exec(value)
    return match?.[1] ? { kind: 'candidate', id: match[1], shown: 'prefix' } : { kind: 'not-found' }
  },

  async delete(ctx, target, auth) {
    const id = target.id ?? ''
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/v1/api_keys/${segment(id)}`,
      headers: apiKey(auth),
      pace: 'delete'
    })
    // 200 answers the tombstone `{prefix}`, which must name the key asked for.
    return readDelete(ctx, res, auth, 'Baseten delete', (ok) => {
      const body = expectBody(ok, Tombstone, ctx.redactor, 'Baseten delete')
      expectSameKey(ok, ctx.redactor, 'Baseten delete', id, body.prefix)
    })
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v1/models',
      headers: apiKey({ kind: 'self', secret: value })
    })
    // What a deleted key gets is unconfirmed; a live invoke-only key could also get 403.
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'Baseten answered 403, which a live key without model access also gets'
      }
    return readProbe(ctx, res, 'Baseten probe')
  }
}

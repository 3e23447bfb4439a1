import * as z from 'zod/mini'
import { expectBody, failure, readDelete, readProbe, segment } from '../answers.js'
import type { Credential, Provider } from '../types.js'
import { vastaiFacts } from './facts.js'

// Contract: src/providers/vastai/README.md and src/providers/vastai/openapi.yaml.

const bearer = (auth: Credential) => ({ authorization: `Bearer ${auth.secret}` })
const CurrentUser = z.looseObject({ key_id: z.int().check(z.positive()) })

export const vastai: Provider = {
  ...vastaiFacts,
  // Its 429 says "API requests too frequent endpoint threshold=2.0" and has no Retry-After.
  retryAfterFromBody(text) {
    const match = /threshold=(\d+(?:\.\d+)?)/.exec(text)
    return match ? Number(match[1]) : undefined
  },

  async resolve(ctx, value) {
    // The leaked key asks who it is: `key_id` is its own id.
    const res = await ctx.http.send({
      method: 'GET',
      path: '/api/v0/users/current/',
      headers: bearer({ kind: 'self', secret: value })
    })
    if (res.status === 401) return { kind: 'key-rejected', httpStatus: res.status }
    if (res.status !== 200) throw failure(res, ctx.redactor, 'Vast.ai users/current')
    return {
      kind: 'found',
      id: String(expectBody(res, CurrentUser, ctx.redactor, 'Vast.ai users/current').key_id),
      authenticated: true
    }
  },

  async delete(ctx, target, auth) {
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/api/v0/auth/apikeys/${segment(target.id ?? '')}/`,
      headers: bearer(auth),
      pace: 'delete'
    })
    // 200 answers a JSON string ("Successfully Deleted API Key").
    return readDelete(ctx, res, auth, 'Vast.ai delete', (ok) =>
      expectBody(ok, z.string(), ctx.redactor, 'Vast.ai delete')
    )
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/api/v0/users/current/',
      headers: bearer({ kind: 'self', secret: value })
    })
    return readProbe(ctx, res, 'Vast.ai probe')
  }
}

import * as z from 'zod/mini'
import { expectBody, readDelete, readProbe } from '../answers.js'
import type { Credential, Provider } from '../types.js'
import { quivaFacts } from './facts.js'

// Contract: src/providers/quiva/README.md and src/providers/quiva/openapi.yaml.

const Deleted = z.looseObject({ data: z.looseObject({}) })

/** quiva.ai takes an API key in `X-Api-Key`, or a session JWT as a bearer token. */
function authHeaders(auth: Credential): Record<string, string> {
  if (auth.kind === 'self' || /^msr?-/.test(auth.secret)) return { 'x-api-key': auth.secret }
  return { authorization: `Bearer ${auth.secret}` }
}

export const quiva: Provider = {
  ...quivaFacts,
  // No `resolve`: the delete endpoint accepts the full key value itself.

  async delete(ctx, target, auth) {
    const query =
      target.id !== undefined
        ? `id=${encodeURIComponent(target.id)}`
        : `key=${encodeURIComponent(target.value ?? '')}`
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/accounts/api-key?${query}`,
      headers: authHeaders(auth),
      pace: 'delete'
    })
    return readDelete(ctx, res, auth, 'quiva.ai delete', (ok) =>
      expectBody(ok, Deleted, ctx.redactor, 'quiva.ai delete')
    )
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/accounts/info',
      headers: authHeaders({ kind: 'self', secret: value })
    })
    return readProbe(ctx, res, 'quiva.ai probe')
  }
}

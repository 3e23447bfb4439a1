import { z } from 'zod'
import { expectBody, readDelete, readProbe, wholeKey } from '../answers.js'
import type { Credential, Provider } from '../types.js'

// Contract: src/providers/quiva/README.md and src/providers/quiva/openapi.yaml.
const KEY = /^msr?-[0-9a-f]{32}$/
const Deleted = z.object({ data: z.object({}).loose() }).loose()

/** quiva.ai takes an API key in `X-Api-Key`, or a session JWT as a bearer token. */
function authHeaders(auth: Credential): Record<string, string> {
  if (auth.kind === 'self' || /^msr?-/.test(auth.secret)) return { 'x-api-key': auth.secret }
  return { authorization: `Bearer ${auth.secret}` }
}

export const quiva: Provider = {
  id: 'quiva',
  name: 'quiva.ai',
  aliases: ['quiva.ai', 'quivaai', 'quiva-ai'],
  alertNames: /quiva/i,
  defaultBaseUrl: 'https://api.quiva.ai',
  tokenHelp:
    'a quiva.ai API key (ms-…) or session token of the account that owns the key (app.quiva.ai)',
  selfRevocation: true,
  probeDescription: '`GET /accounts/info` with the leaked key in `X-Api-Key` must answer 401',
  ownsKeyFormat: (value) => KEY.test(value),
  keyShapes: [/(?<![A-Za-z0-9])msr?-[0-9a-fA-F]{32}/],
  checkId: (id) =>
    /^[A-Za-z0-9_-]{1,128}$/.test(id)
      ? undefined
      : 'the key id from the key list (letters, digits, - or _)',
  // ms- or msr- and 32 hex characters (quiva.ai's docs): anything else is not a whole key.
  checkValue: (value) => {
    if (!/^msr?-/.test(value)) return 'a quiva.ai key (ms-… or msr-…)'
    const body = value.replace(/^msr?-/, '')
    return /^[0-9a-fA-F]{32}$/.test(body)
      ? undefined
      : wholeKey('ms- or msr- and 32 hex characters', body.length, 'its id from the key list')
  },
  limits: { concurrency: 4 },
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

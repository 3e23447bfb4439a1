import { z } from 'zod'
import { expectBody, expectSameKey, readDelete, readProbe, segment, wholeKey } from '../answers.js'
import { parseJson } from '../../http/client.js'
import type { Credential, Provider } from '../types.js'

// Contract: src/providers/baseten/README.md and src/providers/baseten/openapi.yaml.
// A key is `<prefix>.<secret>`; the prefix is its identifier.
const KEY = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{8,256})$/
// Every key seen has an 8-character alphanumeric prefix and a 32-character secret (assumed:
// lengths are undocumented). A value of that family with a shorter or longer secret is a cut
// or wrapped copy, refused before it reaches Baseten.
const SEEN_FAMILY = /^[A-Za-z0-9]{8}\.[A-Za-z0-9]+$/
const SEEN_SECRET_LENGTH = 32
const apiKey = (auth: Credential) => ({ authorization: `Api-Key ${auth.secret}` })
const Tombstone = z.object({ prefix: z.string() }).loose()
const RateLimited = z.object({ retry_after: z.number().finite().nonnegative() }).loose()

export const baseten: Provider = {
  id: 'baseten',
  name: 'Baseten',
  aliases: [],
  alertNames: /baseten/i,
  defaultBaseUrl: 'https://api.baseten.co',
  tokenHelp:
    'a Baseten personal or workspace "manage all" API key (app.baseten.co > Settings > API keys)',
  selfRevocation: true,
  probeDescription: '`GET /v1/models` with the leaked key must answer 401',
  ownsKeyFormat: (value) => KEY.test(value),
  // The seen family: an 8-character prefix, a dot, a 32-character secret.
  keyShapes: [/(?<![A-Za-z0-9])[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}(?![A-Za-z0-9])/],
  checkId: (id) =>
    /^[A-Za-z0-9_-]{1,64}$/.test(id) ? undefined : 'the key prefix (letters, digits, - or _)',
  checkValue: (value) => {
    if (!KEY.test(value)) return 'a Baseten key of the form <prefix>.<secret>'
    const secret = value.length - value.indexOf('.') - 1
    return SEEN_FAMILY.test(value) && secret !== SEEN_SECRET_LENGTH
      ? wholeKey(
          `a ${SEEN_SECRET_LENGTH}-character secret after the dot`,
          secret,
          'its prefix (the part before the dot)'
        )
      : undefined
  },
  // 100 requests/s per key and endpoint: deletes with one management key share it, so they
  // start at most every 11 ms (91/s), leaving room for network jitter.
  // 100 requests a second per key and endpoint (src/providers/baseten/README.md): deletes with one
  // management key share it; the adapter keeps 1 ms of margin.
  limits: { concurrency: 8, minIntervalMs: { delete: 11 }, publishedSpacingMs: 10 },
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

import * as z from 'zod/mini'
import { expectBody, expectSameKey, failure, readDelete, readProbe, segment } from '../answers.js'
import { RevocationFailure } from '../../errors.js'
import { parseJson } from '../../http/client.js'
import type { Credential, Provider, ProviderContext } from '../types.js'
import { basetenFacts, KEY } from './facts.js'

// Contract: src/providers/baseten/README.md and src/providers/baseten/openapi.yaml.
// A key is `<prefix>.<secret>`; the prefix is its identifier.

const apiKey = (auth: Credential) => ({ authorization: `Api-Key ${auth.secret}` })
const Tombstone = z.looseObject({ prefix: z.string() })
// zod's numbers are finite: Infinity and NaN fail.
const Listed = z.looseObject({
  keys: z.array(
    z.looseObject({
      prefix: z.string(),
      name: z.optional(z.nullable(z.string())),
      type: z.enum([
        'PERSONAL',
        'WORKSPACE_MANAGE_ALL',
        'WORKSPACE_EXPORT_METRICS',
        'WORKSPACE_INVOKE'
      ]),
      model_ids: z.optional(z.nullable(z.array(z.string()))),
      team_name: z.optional(z.nullable(z.string()))
    })
  )
})
const Created = z.looseObject({ api_key: z.string() })
/** Key types whose create call takes `model_ids` (create page). */
const SCOPED = new Set(['WORKSPACE_EXPORT_METRICS', 'WORKSPACE_INVOKE'])

/** The workspace's keys (no secrets): a replacement's type and models, an earlier one's name. */
async function keyList(ctx: ProviderContext, auth: Credential) {
  const res = await ctx.http.send({ method: 'GET', path: '/v1/api_keys', headers: apiKey(auth) })
  if (res.status !== 200) throw failure(res, ctx.redactor, 'Baseten key list')
  return expectBody(res, Listed, ctx.redactor, 'Baseten key list').keys
}

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
  },

  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const found = (await keyList(ctx, auth)).find((k) => k.name === marker)
      return found ? { id: found.prefix } : undefined
    },

    async create(ctx, old, name, auth) {
      // Same type and models: read from the list. A team key's team cannot be named in the
      // create call (create page), so its replacement is left to a person.
      const listed = (await keyList(ctx, auth)).find((k) => k.prefix === old.id)
      if (!listed)
        throw new RevocationFailure(
          'provider-error',
          'Baseten: the key list does not show the leaked key, so its type cannot be copied'
        )
      if (listed.team_name)
        throw new RevocationFailure(
          'invalid-input',
          'Baseten: the leaked key is a team key, and the create call cannot name a team, so a replacement would not have the same scope'
        )
      const res = await ctx.http.send({
        method: 'POST',
        path: '/v1/api_keys',
        headers: { ...apiKey(auth), 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          type: listed.type,
          ...(SCOPED.has(listed.type) ? { model_ids: listed.model_ids ?? [] } : {})
        })
      })
      if (res.status !== 200) throw failure(res, ctx.redactor, 'Baseten create')
      // The new key is a secret from the moment it is read: masked before it is parsed further.
      const raw = /"api_key"\s*:\s*"([^"]+)"/.exec(res.text)?.[1]
      if (raw) ctx.redactor.add(raw)
      const value = expectBody(res, Created, ctx.redactor, 'Baseten create').api_key
      ctx.redactor.add(value)
      const prefix = KEY.exec(value)?.[1]
      if (!prefix)
        throw new RevocationFailure(
          'provider-error',
          'Baseten create: the new key is not of the form <prefix>.<secret>'
        )
      return { id: prefix, value }
    }
  }
}

import * as z from 'zod/mini'
import { expectBody, failure, readDelete, readProbe, segment } from '../answers.js'
import type { Credential, Provider, ProviderContext } from '../types.js'
import { RevocationFailure } from '../../errors.js'
import { vastaiFacts } from './facts.js'

// Contract: src/providers/vastai/README.md and src/providers/vastai/openapi.yaml.

const bearer = (auth: Credential) => ({ authorization: `Bearer ${auth.secret}` })
const CurrentUser = z.looseObject({ key_id: z.int().check(z.positive()) })
const KeyList = z.looseObject({
  apikeys: z.array(
    z.looseObject({
      id: z.int().check(z.positive()),
      name: z.optional(z.nullable(z.string())),
      rights: z.optional(z.unknown())
    })
  )
})
// The create answer: `{id, key, permissions}` (create page).
const Created = z.looseObject({
  id: z.int().check(z.positive()),
  key: z.string().check(z.minLength(8))
})

/** The account's keys (no values): for a replacement's permissions and an earlier one's name. */
async function keyList(ctx: ProviderContext, auth: Credential) {
  const res = await ctx.http.send({
    method: 'GET',
    path: '/api/v0/auth/apikeys/',
    headers: bearer(auth),
    pace: 'list'
  })
  if (res.status !== 200) throw failure(res, ctx.redactor, 'Vast.ai key list')
  return expectBody(res, KeyList, ctx.redactor, 'Vast.ai key list').apikeys
}

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
  },

  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const found = (await keyList(ctx, auth)).find((k) => k.name === marker)
      return found ? { id: String(found.id) } : undefined
    },

    async create(ctx, old, name, auth) {
      // Same permissions: the old key's `rights` from the list, sent as the new key's
      // `permissions`; a key listed without rights has full access, the create call's default.
      const listed = (await keyList(ctx, auth)).find((k) => String(k.id) === old.id)
      if (!listed)
        throw new RevocationFailure(
          'provider-error',
          `Vast.ai: the key list does not show key ${old.id}, so its permissions cannot be copied`
        )
      const rights = listed.rights
      const res = await ctx.http.send({
        method: 'POST',
        path: '/api/v0/auth/apikeys/',
        headers: { ...bearer(auth), 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          ...(rights !== null && typeof rights === 'object' ? { permissions: rights } : {})
        })
      })
      if (res.status !== 200) throw failure(res, ctx.redactor, 'Vast.ai create')
      // The new key is a secret from the moment it is read: masked before it is parsed further.
      const key = /"key"\s*:\s*"([^"]+)"/.exec(res.text)?.[1]
      if (key) ctx.redactor.add(key)
      const body = expectBody(res, Created, ctx.redactor, 'Vast.ai create')
      ctx.redactor.add(body.key)
      return { id: String(body.id), value: body.key }
    }
  }
}

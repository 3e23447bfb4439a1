import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import { fingerprint } from '../../secrets.js'
import { expectBody, failure, segment } from '../answers.js'
import type { Credential, Provider, ProviderContext } from '../types.js'
import { KEY, KEY_ID, sendgridFacts } from './facts.js'

// Contract: src/providers/sendgrid/README.md and src/providers/sendgrid/openapi.yaml.
// Every call authenticates with `Authorization: Bearer <API key>`.

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const Listing = z.looseObject({
  result: z.array(z.looseObject({ api_key_id: z.string(), name: z.optional(z.string()) }))
})

const KeyScopes = z.looseObject({
  result: z.array(
    z.looseObject({ api_key_id: z.string(), scopes: z.optional(z.array(z.string())) })
  )
})
const Created = z.looseObject({ api_key: z.string(), api_key_id: z.string() })

const NEXT_STEP =
  'give `sendgrid-token` as an API key allowed to read and delete API keys (api_keys.read, api_keys.delete), or give `key-id`'

/** The ids of the management key's account's API keys, read once a run. */
function listedIds(
  ctx: ProviderContext,
  auth: Credential
): Promise<Map<string, string | undefined>> {
  return ctx.memo(`sendgrid:keys:${fingerprint(auth.secret)}`, async () => {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v3/api_keys',
      headers: bearer(auth.secret),
      pace: 'list'
    })
    if (res.status !== 200) {
      const error = failure(res, ctx.redactor, 'SendGrid API key list')
      error.message += `; ${NEXT_STEP}`
      throw error
    }
    const body = expectBody(res, Listing, ctx.redactor, 'SendGrid API key list')
    return new Map(body.result.map((k) => [k.api_key_id, k.name]))
  })
}

export const sendgrid: Provider = {
  ...sendgridFacts,

  async resolve(ctx, value, auth) {
    // The key's middle part is its API key id (the create answer's example: `api_key`
    // SG.xxxxxxxx.yyyyyyyy, `api_key_id` xxxxxxxx). A value with a wrong secret has the same
    // middle part: the id is a candidate, deleted only once the value itself works.
    const id = KEY.exec(value)?.[1]
    if (id === undefined) return { kind: 'not-found' }
    // The id is a piece of the key: as secret as the value, never printed.
    ctx.redactor.add(id)
    const listed = await listedIds(ctx, auth)
    if (!listed.has(id)) return { kind: 'not-found' }
    const name = listed.get(id)
    return { kind: 'candidate', id, shown: 'API key id', ...(name ? { name } : {}) }
  },

  async delete(ctx, target, auth) {
    const id = target.id ?? ''
    if (target.value?.includes(id)) ctx.redactor.add(id)
    if (!KEY_ID.test(id))
      throw new RevocationFailure('invalid-input', `SendGrid: ${NEXT_STEP}`, null, 0)
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/v3/api_keys/${segment(id)}`,
      headers: bearer(auth.secret),
      pace: 'delete'
    })
    // 204 No Content: the delete was asked for this id alone.
    if (res.status === 204) return { answer: { kind: 'deleted' }, response: res }
    if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
    if (res.status >= 200 && res.status < 300)
      throw failure(res, ctx.redactor, 'SendGrid delete: unexpected answer', 'provider-error')
    const error = failure(res, ctx.redactor, 'SendGrid delete')
    if (res.status === 401 || res.status === 403) error.message += `; ${NEXT_STEP}`
    throw error
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({ method: 'GET', path: '/v3/scopes', headers: bearer(value) })
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 200) return { kind: 'alive' }
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'SendGrid answered 403 to the key reading its own scopes, which proves neither'
      }
    throw failure(res, ctx.redactor, 'SendGrid probe')
  },

  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const found = [...(await listedIds(ctx, auth))].find(([, name]) => name === marker)
      if (!found) return undefined
      // An API key id is a piece of its key: as secret as the value.
      ctx.redactor.add(found[0])
      return { id: found[0] }
    },

    async create(ctx, old, name, auth) {
      // Same scopes: the create call without `scopes` makes a Full Access key, so the leaked
      // key's scopes are read first and a key whose scopes cannot be read is not replaced.
      const got = await ctx.http.send({
        method: 'GET',
        path: `/v3/api_keys/${segment(old.id)}`,
        headers: bearer(auth.secret)
      })
      if (got.status !== 200) throw failure(got, ctx.redactor, 'SendGrid get API key')
      const listed = expectBody(got, KeyScopes, ctx.redactor, 'SendGrid get API key').result
      const scopes = listed.find((k) => k.api_key_id === old.id)?.scopes
      if (!scopes || scopes.length === 0)
        throw new RevocationFailure(
          'provider-error',
          'SendGrid get API key: the answer shows no scopes for the leaked key, and a key created without them has Full Access'
        )
      const res = await ctx.http.send({
        method: 'POST',
        path: '/v3/api_keys',
        headers: { ...bearer(auth.secret), 'content-type': 'application/json' },
        body: JSON.stringify({ name, scopes })
      })
      if (res.status !== 201) throw failure(res, ctx.redactor, 'SendGrid create API key')
      // The new key is a secret from the moment it is read: masked before it is parsed further.
      const raw = /"api_key"\s*:\s*"([^"]+)"/.exec(res.text)?.[1]
      if (raw) ctx.redactor.add(raw)
      const body = expectBody(res, Created, ctx.redactor, 'SendGrid create API key')
      ctx.redactor.add(body.api_key)
      ctx.redactor.add(body.api_key_id)
      return { id: body.api_key_id, value: body.api_key }
    }
  }
}

import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { sleep } from '../../http/deadline.js'
import { fingerprint } from '../../secrets.js'
import { expectBody, expectSameKey, failure, segment } from '../answers.js'
import type { DeleteResult, ProbeAnswer, Provider, ProviderContext } from '../types.js'
import { API_KEY_NAME, OPERATION_NAME, googleFacts } from './facts.js'

// Contract: src/providers/google/README.md, and the Discovery document beside this file
// (apikeys-discovery.json, from which openapi.yaml is derived). Every call authenticates with
// `Authorization: Bearer <google-token>`; errors are Google's `{error: {code, message, status}}`.

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

/** V2LookupKeyResponse: `name` is empty once the key is purged (30 days after its delete). */
const Lookup = z.looseObject({ parent: z.optional(z.string()), name: z.optional(z.string()) })
/** V2Key, as keys.get answers it: `deleteTime` is set once the key is deleted. */
const Key = z.looseObject({ name: z.string(), deleteTime: z.optional(z.string()) })
/** Operation (google.longrunning): `done`, then either `error` (a Status) or `response`. */
const Operation = z.looseObject({
  name: z.optional(z.string()),
  done: z.optional(z.boolean()),
  error: z.optional(
    z.looseObject({ code: z.optional(z.number()), message: z.optional(z.string()) })
  ),
  response: z.optional(z.looseObject({ name: z.optional(z.string()) }))
})
type Operation = z.infer<typeof Operation>

/** google.rpc.Code NOT_FOUND, the code of an operation that found no such key. */
const NOT_FOUND_CODE = 5

/** Pauses between reads of an operation not done yet: about 7.5 s in all, then left as sent. */
const POLL_MS = [500, 1000, 2000, 4000]

const NEXT_STEP =
  "give `google-token` an access token with `roles/serviceusage.apiKeysAdmin` on the key's project (or give the key's resource name in `key-id`)"

/** `/v2/` and a resource name, each segment encoded (the Discovery path `v2/{+name}`). */
function v2(name: string): string {
  return `/v2/${name.split('/').map(segment).join('/')}`
}

/** One map a run: a value's fingerprint to the resource name lookupKey gave for it. */
function names(ctx: ProviderContext): Promise<Map<string, string>> {
  return ctx.memo('google:names', () => Promise.resolve(new Map<string, string>()))
}

type Looked = { kind: 'named'; name: string } | { kind: 'none'; status: number }

/** keys.lookupKey: the resource name of the key whose string is `value`, exactly. */
async function lookup(ctx: ProviderContext, value: string, token: string): Promise<Looked> {
  const known = (await names(ctx)).get(fingerprint(value))
  if (known) return { kind: 'named', name: known }
  const res = await ctx.http.send({
    method: 'GET',
    path: `/v2/keys:lookupKey?keyString=${encodeURIComponent(value)}`,
    headers: bearer(token),
    pace: 'call'
  })
  // Assumed (README): an unknown key string is answered 404 NOT_FOUND.
  if (res.status === 404) return { kind: 'none', status: 404 }
  if (res.status !== 200) {
    const error = failure(res, ctx.redactor, 'Google API Keys lookupKey')
    if (res.status === 401 || res.status === 403)
      error.message += ` (the token is invalid, or may not look up keys in the key's project: ${NEXT_STEP})`
    throw error
  }
  const body = expectBody(res, Lookup, ctx.redactor, 'Google API Keys lookupKey')
  // Purged: the key is gone for good, and no name is left to delete.
  if (!body.name) return { kind: 'none', status: 200 }
  if (!API_KEY_NAME.test(body.name))
    throw failure(
      res,
      ctx.redactor,
      'Google API Keys lookupKey: unexpected answer',
      'provider-error'
    )
  ;(await names(ctx)).set(fingerprint(value), body.name)
  return { kind: 'named', name: body.name }
}

/** An Operation's outcome for the key `name`, or undefined while it is not done. */
function finished(
  ctx: ProviderContext,
  res: HttpResponse,
  op: Operation,
  name: string
): DeleteResult | undefined {
  if (op.done !== true) return undefined
  if (op.error) {
    if (op.error.code === NOT_FOUND_CODE) return { answer: { kind: 'not-found' }, response: res }
    throw new RevocationFailure(
      'provider-error',
      `Google API Keys delete: the operation failed (code ${op.error.code ?? 'none'}): ${ctx.redactor.scrub(op.error.message ?? '').slice(0, 160)}`,
      res.status,
      res.attempts
    )
  }
  // The delete's response is the key; where it names one, it must be this one.
  const answered = op.response?.name
  if (answered !== undefined)
    expectSameKey(res, ctx.redactor, 'Google API Keys delete', name, answered)
  return { answer: { kind: 'deleted' }, response: res }
}

export const google: Provider = {
  ...googleFacts,

  async resolve(ctx, value, auth) {
    const found = await lookup(ctx, value, auth.secret)
    return found.kind === 'named' ? { kind: 'found', id: found.name } : { kind: 'not-found' }
  },

  async delete(ctx, target, auth) {
    const name = target.id ?? ''
    if (!API_KEY_NAME.test(name))
      throw new RevocationFailure(
        'invalid-input',
        'Google Cloud: give `key-id` as the API key resource name, `projects/<project>/locations/global/keys/<key id>`',
        null,
        0
      )
    const res = await ctx.http.send({
      method: 'DELETE',
      path: v2(name),
      headers: bearer(auth.secret),
      pace: 'call'
    })
    if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
    if (res.status !== 200) {
      const error = failure(res, ctx.redactor, 'Google API Keys delete')
      if (res.status === 401 || res.status === 403)
        error.message += ` (the token is invalid, or lacks apikeys.keys.delete on the key's project: ${NEXT_STEP})`
      throw error
    }
    const op = expectBody(res, Operation, ctx.redactor, 'Google API Keys delete')
    const done = finished(ctx, res, op, name)
    if (done) return done
    // Not done yet: read the operation back, a bounded number of times.
    const opName = op.name ?? ''
    if (!OPERATION_NAME.test(opName))
      throw failure(
        res,
        ctx.redactor,
        'Google API Keys delete: unexpected answer',
        'provider-error'
      )
    for (const pause of POLL_MS) {
      await sleep(pause)
      const polled = await ctx.http.send({
        method: 'GET',
        path: v2(opName),
        headers: bearer(auth.secret),
        pace: 'call'
      })
      if (polled.status !== 200) throw failure(polled, ctx.redactor, 'Google API Keys operation')
      const read = expectBody(polled, Operation, ctx.redactor, 'Google API Keys operation')
      const outcome = finished(ctx, polled, read, name)
      if (outcome) return { ...outcome, response: { ...outcome.response, attempts: res.attempts } }
    }
    // Accepted and still running: nothing yet says this key is deleted; the probe decides.
    return { answer: { kind: 'submitted' }, response: res }
  },

  async probe(ctx, value): Promise<ProbeAnswer> {
    if (!ctx.token)
      return {
        kind: 'inconclusive',
        note: 'an API key is checked with `google-token` (keys.get), which this run has not'
      }
    const found = await lookup(ctx, value, ctx.token)
    // No key has this string (or it is purged): not a live key.
    if (found.kind === 'none') return { kind: 'dead' }
    const res = await ctx.http.send({
      method: 'GET',
      path: v2(found.name),
      headers: bearer(ctx.token),
      pace: 'call'
    })
    if (res.status === 404) return { kind: 'dead' }
    if (res.status !== 200) throw failure(res, ctx.redactor, 'Google API Keys get')
    const key = expectBody(res, Key, ctx.redactor, 'Google API Keys get')
    expectSameKey(res, ctx.redactor, 'Google API Keys get', found.name, key.name)
    return key.deleteTime ? { kind: 'dead' } : { kind: 'alive' }
  }
}

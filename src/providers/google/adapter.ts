import { createSign } from 'node:crypto'
import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { sleep } from '../../http/deadline.js'
import { fingerprint } from '../../secrets.js'
import { expectBody, expectSameKey, failure, segment } from '../answers.js'
import type { DeleteResult, ProbeAnswer, Provider, ProviderContext } from '../types.js'
import { API_KEY_NAME, OPERATION_NAME, SA_KEY_NAME, TOKEN_AUDIENCE, googleFacts } from './facts.js'
import { keyName, readKeyFile, secretForms, type ServiceAccountKey } from './sa-key.js'

// Contract: src/providers/google/README.md, and the Discovery documents beside this file
// (apikeys-discovery.json, iam-discovery.json, from which openapi.yaml is derived). Every API
// call authenticates with `Authorization: Bearer <google-token>`; errors are Google's
// `{error: {code, message, status}}`. The token exchange that proves a service account key dead
// is OAuth's (form body, `{error, error_description}`).

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
  // The delete's response is the key (DeleteKey's operation response type is Key): only an
  // answer naming this key says this key was deleted.
  const answered = op.response?.name
  if (answered === undefined)
    throw failure(res, ctx.redactor, 'Google API Keys delete: unexpected answer', 'provider-error')
  expectSameKey(res, ctx.redactor, 'Google API Keys delete', name, answered)
  return { answer: { kind: 'deleted' }, response: res }
}

/**
 * IAM's answer to disable and delete: `Empty`, "The JSON representation for `Empty` is empty
 * JSON object `{}`": anything more is not that answer.
 */
const Empty = z.strictObject({})
/** The token endpoint's answers: an access token, or an OAuth error. */
const TokenAnswer = z.looseObject({ access_token: z.string() })
const TokenError = z.looseObject({
  error: z.string(),
  error_description: z.optional(z.string())
})

const SA_NEXT_STEP =
  "give `google-token` an access token with `roles/iam.serviceAccountKeyAdmin` on the key's project"

/** `/v1/` and a resource name, each segment encoded; `@` stays as written (`{+name}`). */
function v1(name: string): string {
  return `/v1/${name
    .split('/')
    .map((part) => segment(part).replace(/%40/g, '@'))
    .join('/')}`
}

/** The key file a value holds, its secret parts registered before anything else is done. */
function keyFile(ctx: ProviderContext, value: string): ServiceAccountKey | undefined {
  const file = readKeyFile(value)
  if (file) for (const form of secretForms(file)) ctx.redactor.add(form)
  return file
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url')

/**
 * The JWT Google's service-account page describes: RS256 over the header (with the key's id as
 * `kid`) and the claim set `iss` (the account's email), `scope`, `aud` (the token endpoint),
 * `iat` and `exp` (at most an hour later), signed with the key file's private key.
 */
function assertion(file: ServiceAccountKey, now = Math.floor(Date.now() / 1000)): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: file.keyId }))
  const claims = base64url(
    JSON.stringify({
      iss: file.clientEmail,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: TOKEN_AUDIENCE,
      iat: now,
      exp: now + 600
    })
  )
  let signature: string
  try {
    signature = createSign('RSA-SHA256')
      .update(`${header}.${claims}`)
      .sign(file.privateKey)
      .toString('base64url')
  } catch {
    // Node's reason names no key material, but nothing of a key is worth quoting here.
    throw new RevocationFailure(
      'invalid-input',
      "Google Cloud: the key file's private_key is not an RSA private key this action can sign with",
      null,
      0
    )
  }
  return `${header}.${claims}.${signature}`
}

/** Whether an invalid_grant says the JWT's times were refused, which proves nothing of the key. */
const CLOCK = /\b(?:iat|exp)\b|timeframe|clock|short-lived/i

/** The JWT bearer exchange with the leaked key: alive when Google gives an access token. */
async function exchange(ctx: ProviderContext, file: ServiceAccountKey): Promise<ProbeAnswer> {
  const http = ctx.service?.('oauth2') ?? ctx.http
  // The signed JWT buys an access token for its ten minutes: as secret as the key.
  const jwt = ctx.redactor.add(assertion(file))
  const res = await http.send({
    method: 'POST',
    path: '/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: jwt
    }).toString(),
    pace: 'call',
    // An exchange changes nothing: asking again is harmless.
    idempotent: true
  })
  if (res.status === 200) {
    // The access token is a secret the moment it is read, whatever else the answer holds.
    const body: unknown = (() => {
      try {
        return JSON.parse(res.text) as unknown
      } catch {
        return undefined
      }
    })()
    const token = TokenAnswer.safeParse(body)
    if (token.success) {
      ctx.redactor.add(token.data.access_token)
      return { kind: 'alive' }
    }
    throw failure(res, ctx.redactor, 'Google token exchange: unexpected answer', 'provider-error')
  }
  const refusal = TokenError.safeParse(
    (() => {
      try {
        return JSON.parse(res.text) as unknown
      } catch {
        return undefined
      }
    })()
  )
  if (res.status === 400 && refusal.success && refusal.data.error === 'invalid_grant') {
    const said = refusal.data.error_description ?? ''
    if (CLOCK.test(said))
      return {
        kind: 'inconclusive',
        note: `Google refused the JWT's times (${ctx.redactor.scrub(said).slice(0, 120)}): check the runner's clock`
      }
    return { kind: 'dead' }
  }
  throw failure(res, ctx.redactor, 'Google token exchange')
}

/** IAM disable, then delete, of the service account key `name`. */
async function deleteServiceAccountKey(
  ctx: ProviderContext,
  name: string,
  secret: string
): Promise<DeleteResult> {
  const iam = ctx.service?.('iam') ?? ctx.http
  const disabled = await iam.send({
    method: 'POST',
    path: `${v1(name)}:disable`,
    headers: { ...bearer(secret), 'content-type': 'application/json' },
    body: '{}',
    pace: 'call'
  })
  if (disabled.status === 404) return { answer: { kind: 'not-found' }, response: disabled }
  if (disabled.status !== 200) {
    const error = failure(disabled, ctx.redactor, 'Google IAM disable')
    if (disabled.status === 401 || disabled.status === 403)
      error.message += ` (the token is invalid, or lacks iam.serviceAccountKeys.disable on the key's project: ${SA_NEXT_STEP})`
    throw error
  }
  expectBody(disabled, Empty, ctx.redactor, 'Google IAM disable')
  const res = await iam.send({
    method: 'DELETE',
    path: v1(name),
    headers: bearer(secret),
    pace: 'call'
  })
  if (res.status === 200) {
    try {
      expectBody(res, Empty, ctx.redactor, 'Google IAM delete')
    } catch (error) {
      if (error instanceof RevocationFailure)
        error.message = `The key is disabled, but its delete was not confirmed: ${error.message}`
      throw error
    }
    return { answer: { kind: 'deleted' }, response: res }
  }
  if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
  const error = failure(res, ctx.redactor, 'Google IAM delete')
  error.message = `The key is disabled, but its delete failed: ${error.message}${res.status === 401 || res.status === 403 ? ` (${SA_NEXT_STEP})` : ''}`
  throw error
}

/** What keys.get says of one API key, read by its exact name: live, deleted, or absent. */
async function readKey(
  ctx: ProviderContext,
  name: string,
  secret: string
): Promise<'live' | { state: 'deleted' | 'absent'; res: HttpResponse }> {
  const res = await ctx.http.send({
    method: 'GET',
    path: v2(name),
    headers: bearer(secret),
    pace: 'call'
  })
  if (res.status === 404) return { state: 'absent', res }
  if (res.status !== 200) throw failure(res, ctx.redactor, 'Google API Keys get')
  const key = expectBody(res, Key, ctx.redactor, 'Google API Keys get')
  expectSameKey(res, ctx.redactor, 'Google API Keys get', name, key.name)
  return key.deleteTime ? { state: 'deleted', res } : 'live'
}

/** keys.delete, then the operation read back until done (a bounded number of times). */
async function deleteApiKey(
  ctx: ProviderContext,
  name: string,
  secret: string
): Promise<DeleteResult> {
  const res = await ctx.http.send({
    method: 'DELETE',
    path: v2(name),
    headers: bearer(secret),
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
    throw failure(res, ctx.redactor, 'Google API Keys delete: unexpected answer', 'provider-error')
  for (const pause of POLL_MS) {
    await sleep(pause)
    const polled = await ctx.http.send({
      method: 'GET',
      path: v2(opName),
      headers: bearer(secret),
      pace: 'call'
    })
    if (polled.status !== 200) throw failure(polled, ctx.redactor, 'Google API Keys operation')
    const read = expectBody(polled, Operation, ctx.redactor, 'Google API Keys operation')
    const outcome = finished(ctx, polled, read, name)
    if (outcome) return { ...outcome, response: { ...outcome.response, attempts: res.attempts } }
  }
  // Accepted and still running: nothing yet says this key is deleted; the probe decides.
  return { answer: { kind: 'submitted' }, response: res }
}

export const google: Provider = {
  ...googleFacts,

  async resolve(ctx, value, auth) {
    if (!value.startsWith('AIza')) {
      // A key file names its key exactly: its project, account and private_key_id.
      const file = keyFile(ctx, value)
      return file ? { kind: 'found', id: keyName(file) } : { kind: 'not-found' }
    }
    const found = await lookup(ctx, value, auth.secret)
    return found.kind === 'named' ? { kind: 'found', id: found.name } : { kind: 'not-found' }
  },

  async delete(ctx, target, auth) {
    const name = target.id ?? ''
    if (target.value !== undefined) keyFile(ctx, target.value)
    if (SA_KEY_NAME.test(name)) return deleteServiceAccountKey(ctx, name, auth.secret)
    if (!API_KEY_NAME.test(name))
      throw new RevocationFailure(
        'invalid-input',
        'Google Cloud: give `key-id` as the key resource name: `projects/<project>/locations/global/keys/<key id>` for an API key, `projects/<project id>/serviceAccounts/<email>/keys/<private_key_id>` for a service account key',
        null,
        0
      )
    if (target.value !== undefined) return deleteApiKey(ctx, name, auth.secret)
    // By its name alone nothing can be probed: keys.get, by this exact name, must show the key
    // live before the delete and deleted after it (the proof the result then names).
    const before = await readKey(ctx, name, auth.secret)
    if (before !== 'live')
      return {
        answer: {
          kind: 'not-found',
          said:
            before.state === 'deleted'
              ? 'Google Cloud shows this API key deleted already, before this run (keys.get: deleteTime set)'
              : `Google Cloud has no API key with this name (keys.get: HTTP ${before.res.status})`
        },
        response: before.res
      }
    const done = await deleteApiKey(ctx, name, auth.secret)
    if (done.answer.kind !== 'deleted') return done
    const after = await readKey(ctx, name, auth.secret)
    if (after === 'live' || after.state !== 'deleted') return done
    return {
      ...done,
      answer: {
        kind: 'deleted',
        readBack:
          'keys.get showed it with no deleteTime before the delete and shows its deleteTime after'
      }
    }
  },

  async probe(ctx, value): Promise<ProbeAnswer> {
    if (!value.startsWith('AIza')) {
      const file = keyFile(ctx, value)
      // Not a key file (a copy cut or changed): no key authenticates with it.
      return file ? exchange(ctx, file) : { kind: 'dead' }
    }
    if (!ctx.token)
      return {
        kind: 'inconclusive',
        note: 'an API key is checked with `google-token` (keys.get), which this run has not'
      }
    const found = await lookup(ctx, value, ctx.token)
    // No key has this string (or it is purged): not a live key.
    if (found.kind === 'none') return { kind: 'dead' }
    const read = await readKey(ctx, found.name, ctx.token)
    if (read === 'live') return { kind: 'alive' }
    if (read.state === 'deleted') return { kind: 'dead' }
    // lookupKey has just named this key: a 404 for that name now shows no deleteTime, so it
    // proves nothing (the trust suite saw a live key reported dead on it).
    return {
      kind: 'inconclusive',
      note: 'keys.get answered 404 for the key lookupKey names, which shows no deleteTime'
    }
  }
}

import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { expectBody, expectSameKey, failure, segment } from '../answers.js'
import { readAllPages } from '../pages.js'
import type { Credential, ProbeAnswer, Provider, ProviderContext } from '../types.js'
import {
  CREDENTIAL_FORM,
  KEY_SID,
  parseCredential,
  parseValue,
  twilioFacts,
  type TwilioCredential
} from './facts.js'

// Contract: src/providers/twilio/README.md and src/providers/twilio/openapi.yaml (API v2010).
// Every call authenticates with HTTP Basic: an account SID and auth token, or an API key's SID
// and secret.

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
})
const Key = z.looseObject({ sid: z.string() })

// IAM v1 Key resource (iam.twilio.com), for a replacement: its fetch says whether a key is
// Restricted (`policy`), its create makes Standard and Restricted keys alike.
const IamKey = z.looseObject({ sid: z.string(), policy: z.optional(z.nullable(z.unknown())) })
const IamList = z.looseObject({
  keys: z.array(
    z.looseObject({ sid: z.string(), friendly_name: z.optional(z.nullable(z.string())) })
  ),
  meta: z.optional(z.looseObject({ next_page_url: z.optional(z.nullable(z.string())) }))
})
const IamCreated = z.looseObject({
  sid: z.string(),
  secret: z.string(),
  policy: z.optional(z.nullable(z.unknown()))
})
/** Pages of 1000 keys (the most a page holds), read to the end. */
const LIST_PAGE_SIZE = 1000
const LIST_MAX_PAGES = 20

/** The IAM v1 host (`serviceUrls.iam`), or the one given origin (`twilio-api-url`). */
const iamOf = (ctx: ProviderContext) => ctx.service?.('iam') ?? ctx.http

/** The same JSON value, key order aside: a replacement's policy must be the old one exactly. */
function samePolicy(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
              .map(([k, w]) => [k, canon(w)])
          )
        : v
  return JSON.stringify(canon(a ?? null)) === JSON.stringify(canon(b ?? null))
}

const NEXT_STEP = `give \`twilio-token\` as ${CREDENTIAL_FORM}, of the account that owns the key`

function credentialOf(secret: string | undefined): TwilioCredential {
  const credential = parseCredential(secret ?? '')
  if (!credential)
    // The inputs refuse it before any request; this guards every other way in.
    throw new RevocationFailure(
      'unauthorized',
      `Twilio: \`twilio-token\` is not ${CREDENTIAL_FORM}`,
      null,
      0
    )
  return credential
}

const keyPath = (accountSid: string, sid: string) =>
  `/2010-04-01/Accounts/${segment(accountSid)}/Keys/${segment(sid)}.json`

/** GET the Key resource with the management credential. */
function fetchKey(
  ctx: ProviderContext,
  credential: TwilioCredential,
  sid: string
): Promise<HttpResponse> {
  return ctx.http.send({
    method: 'GET',
    path: keyPath(credential.accountSid, sid),
    headers: basic(credential.user, credential.password),
    pace: 'list'
  })
}

/** A 200 Key answer must be about the SID asked for. */
function sameKey(ctx: ProviderContext, res: HttpResponse, sid: string): void {
  const body = expectBody(res, Key, ctx.redactor, 'Twilio key fetch')
  expectSameKey(res, ctx.redactor, 'Twilio key fetch', sid, body.sid)
}

function managementFailure(
  ctx: ProviderContext,
  res: HttpResponse,
  what: string
): RevocationFailure {
  const error = failure(res, ctx.redactor, what)
  if (res.status === 401 || res.status === 403)
    error.message += ` (Twilio refuses a Standard key, another account's credential and a wrong secret alike: ${NEXT_STEP})`
  return error
}

export const twilio: Provider = {
  ...twilioFacts,

  async resolve(ctx, value, auth: Credential) {
    const credential = credentialOf(auth.secret)
    const key = parseValue(value)
    if (!key) return { kind: 'not-found' }
    // The SID is a piece of the value: as secret as the value, never printed.
    ctx.redactor.add(key.sid)
    const res = await fetchKey(ctx, credential, key.sid)
    if (res.status === 404) return { kind: 'not-found' }
    if (res.status !== 200) throw managementFailure(ctx, res, 'Twilio key fetch')
    sameKey(ctx, res, key.sid)
    // The SID names one key of the account, but a copy with a wrong secret names the same SID:
    // a candidate, deleted only once the value itself works (the engine asks the probe before
    // the delete, even with verify off); a refused value deletes nothing.
    return { kind: 'candidate', id: key.sid, shown: 'SID' }
  },

  async delete(ctx, target, auth) {
    const credential = credentialOf(auth.secret)
    const sid = target.id ?? ''
    if (target.value?.includes(sid)) ctx.redactor.add(sid)
    if (!KEY_SID.test(sid))
      throw new RevocationFailure(
        'invalid-input',
        `Twilio: give \`key-id\` as the key's SID (SK…)`,
        null,
        0
      )
    const res = await ctx.http.send({
      method: 'DELETE',
      path: keyPath(credential.accountSid, sid),
      headers: basic(credential.user, credential.password),
      pace: 'delete'
    })
    // 204: the resource was deleted; the delete was asked for this SID alone.
    if (res.status === 204) {
      // A SID alone authenticates nothing, so no probe follows: the Key resource must be gone.
      if (target.value === undefined) {
        const after = await fetchKey(ctx, credential, sid)
        if (after.status === 200)
          throw failure(
            after,
            ctx.redactor,
            'Twilio delete answered 204, but the key is still there',
            'provider-error'
          )
      }
      return { answer: { kind: 'deleted' }, response: res }
    }
    if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
    if (res.status >= 200 && res.status < 300)
      throw failure(res, ctx.redactor, 'Twilio delete: unexpected answer', 'provider-error')
    throw managementFailure(ctx, res, 'Twilio delete')
  },

  async probe(ctx, value): Promise<ProbeAnswer> {
    const credential = parseCredential(ctx.token ?? '')
    if (!credential)
      return {
        kind: 'inconclusive',
        note: 'without a `twilio-token` naming the account there is no call to ask'
      }
    // The value as HTTP Basic, user and password split at its first colon (`SK…:secret`).
    const colon = value.indexOf(':')
    const [user, password] =
      colon < 0 ? [value, ''] : [value.slice(0, colon), value.slice(colon + 1)]
    const res = await ctx.http.send({
      method: 'GET',
      path: `/2010-04-01/Accounts/${segment(credential.accountSid)}/Usage/Records.json?PageSize=1`,
      headers: basic(user, password)
    })
    if (res.status === 200) return { kind: 'alive' }
    // 401 (error 20003): the value does not authenticate on this account's usage records.
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 403)
      return { kind: 'inconclusive', note: 'Twilio answered 403, which proves neither' }
    throw failure(res, ctx.redactor, 'Twilio probe')
  },

  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const credential = credentialOf(auth.secret)
      const iam = iamOf(ctx)
      let found: string | undefined
      const first = `/v1/Keys?AccountSid=${segment(credential.accountSid)}&PageSize=${LIST_PAGE_SIZE}`
      await readAllPages('Twilio key list', LIST_MAX_PAGES, async (cursor) => {
        const res = await iam.send({
          method: 'GET',
          path: cursor ?? first,
          headers: basic(credential.user, credential.password),
          pace: 'list'
        })
        if (res.status !== 200) throw managementFailure(ctx, res, 'Twilio key list')
        const body = expectBody(res, IamList, ctx.redactor, 'Twilio key list')
        const hit = body.keys.find((k) => k.friendly_name === marker)
        if (hit) {
          found = hit.sid
          return { more: false }
        }
        const next = body.meta?.next_page_url
        if (!next) return { more: false }
        // Only the path and query of Twilio's next page: the request stays on this client's host.
        const url = new URL(next, 'https://iam.twilio.com')
        return {
          more: true,
          next: url.pathname.startsWith('/v1/Keys') ? `${url.pathname}${url.search}` : undefined
        }
      })
      if (found === undefined) return undefined
      // A SID is a piece of its key value: as secret as the value.
      ctx.redactor.add(found)
      return { id: found }
    },

    async create(ctx, old, name, auth) {
      const credential = credentialOf(auth.secret)
      const iam = iamOf(ctx)
      const headers = basic(credential.user, credential.password)
      // Same kind, same permissions: a Restricted key's policy is read first and given to the
      // create call as it is; without a readable answer nothing is created (a Standard key in
      // place of a Restricted one would be broader).
      const got = await iam.send({
        method: 'GET',
        path: `/v1/Keys/${segment(old.id)}`,
        headers,
        pace: 'list'
      })
      if (got.status !== 200) throw managementFailure(ctx, got, 'Twilio key fetch (IAM v1)')
      const key = expectBody(got, IamKey, ctx.redactor, 'Twilio key fetch (IAM v1)')
      expectSameKey(got, ctx.redactor, 'Twilio key fetch (IAM v1)', old.id, key.sid)
      const policy = key.policy ?? null
      const form = new URLSearchParams({ AccountSid: credential.accountSid, FriendlyName: name })
      if (policy !== null) {
        form.set('KeyType', 'restricted')
        form.set('Policy', JSON.stringify(policy))
      }
      const res = await iam.send({
        method: 'POST',
        path: '/v1/Keys',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString()
      })
      if (res.status !== 201) throw managementFailure(ctx, res, 'Twilio create API key')
      // The secret is returned once and is a secret from the moment it is read: masked before
      // the answer is parsed further.
      const raw = /"secret"\s*:\s*"([^"]+)"/.exec(res.text)?.[1]
      if (raw) ctx.redactor.add(raw)
      const body = expectBody(res, IamCreated, ctx.redactor, 'Twilio create API key')
      ctx.redactor.add(body.secret)
      ctx.redactor.add(body.sid)
      const value = `${body.sid}:${body.secret}`
      ctx.redactor.add(value)
      if (!KEY_SID.test(body.sid) || !parseValue(value) || !samePolicy(body.policy, policy)) {
        // Not the key asked for (another kind or policy, or a SID or secret of another form):
        // deleted at once, never stored.
        await ctx.http
          .send({
            method: 'DELETE',
            path: keyPath(credential.accountSid, body.sid),
            headers,
            pace: 'delete'
          })
          .catch(() => undefined)
        throw new RevocationFailure(
          'provider-error',
          "Twilio create API key: the new key is not of the leaked key's kind and policy (or not of the form `SK…:secret`), so it was deleted again",
          null,
          0
        )
      }
      return { id: body.sid, value }
    }
  }
}

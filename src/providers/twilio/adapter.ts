import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { expectBody, expectSameKey, failure, segment } from '../answers.js'
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
  }
}

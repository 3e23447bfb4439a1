import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { fingerprint } from '../../secrets.js'
import { expectBody, expectSameKey, failure, segment } from '../answers.js'
import { readAllPages } from '../pages.js'
import type { Credential, ProbeAnswer, Provider, ProviderContext, Resolution } from '../types.js'
import {
  ACCOUNT_ID,
  API,
  ACCOUNT_PREFIX,
  TOKEN_ID,
  USER_PREFIX,
  cloudflareFacts,
  parseTokenId,
  type TokenRef
} from './facts.js'

// Contract: src/providers/cloudflare/README.md and src/providers/cloudflare/openapi.yaml.
// Every call authenticates with `Authorization: Bearer <token>`. Answers are Cloudflare's
// envelope {success, errors, messages, result}.

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

const Verified = z.looseObject({
  success: z.literal(true),
  result: z.looseObject({ id: z.string(), status: z.string() })
})
const Deleted = z.looseObject({
  success: z.literal(true),
  result: z.looseObject({ id: z.string() })
})
const Accounts = z.looseObject({
  success: z.literal(true),
  result: z.array(z.looseObject({ id: z.string() })),
  result_info: z.optional(
    z.looseObject({ page: z.optional(z.number()), total_pages: z.optional(z.number()) })
  )
})

/** Accounts listed per page (`per_page` is 5 to 50) and the most pages read. */
const PER_PAGE = 50
const MAX_PAGES = 20

const NEXT_STEP =
  'give `key-id` as the token id (32 hexadecimal characters for a user token, `account:<account id>:<token id>` for an account-owned token) with a `cloudflare-token` allowed to delete it'

/** What this run learned about a value: which kind of token it is, and an account token's account. */
type Kind = { kind: 'user' } | { kind: 'account'; accountId: string }

/** One map a run: a value's fingerprint to what the run learned of it. */
function kinds(ctx: ProviderContext): Promise<Map<string, Kind>> {
  return ctx.memo('cloudflare:kinds', () => Promise.resolve(new Map<string, Kind>()))
}

function verifyPath(kind: Kind): string {
  return kind.kind === 'user'
    ? `${API}/user/tokens/verify`
    : `${API}/accounts/${segment(kind.accountId)}/tokens/verify`
}

/** GET …/tokens/verify with the value itself. */
function verify(ctx: ProviderContext, value: string, kind: Kind): Promise<HttpResponse> {
  return ctx.http.send({ method: 'GET', path: verifyPath(kind), headers: bearer(value) })
}

/** A 200 verify answer: the token's own id and status. */
function verified(ctx: ProviderContext, res: HttpResponse): { id: string; active: boolean } {
  const body = expectBody(res, Verified, ctx.redactor, 'Cloudflare token verify')
  return { id: body.result.id, active: body.result.status === 'active' }
}

/** The accounts the management token can see, every page of them, once a run. */
function accounts(ctx: ProviderContext, auth: Credential): Promise<string[]> {
  return ctx.memo(`cloudflare:accounts:${fingerprint(auth.secret)}`, async () => {
    const ids: string[] = []
    await readAllPages('Cloudflare accounts', MAX_PAGES, async (cursor) => {
      const page = Number(cursor ?? '1')
      const res = await ctx.http.send({
        method: 'GET',
        path: `${API}/accounts?page=${page}&per_page=${PER_PAGE}`,
        headers: bearer(auth.secret),
        pace: 'list'
      })
      if (res.status !== 200) {
        const error = failure(res, ctx.redactor, 'Cloudflare accounts list')
        error.message += `; ${NEXT_STEP}`
        throw error
      }
      const body = expectBody(res, Accounts, ctx.redactor, 'Cloudflare accounts list')
      for (const account of body.result) {
        if (!ACCOUNT_ID.test(account.id))
          throw failure(
            res,
            ctx.redactor,
            'Cloudflare accounts list: unexpected answer',
            'provider-error'
          )
        ids.push(account.id)
      }
      const total = body.result_info?.total_pages ?? page
      return { more: page < total, next: String(page + 1) }
    })
    return ids
  })
}

/** Reads a refusal of the value: 401 is Cloudflare's answer to a token that authenticates nobody. */
function refused(res: HttpResponse): boolean {
  return res.status === 401
}

async function asUserToken(ctx: ProviderContext, value: string): Promise<Resolution | undefined> {
  const res = await verify(ctx, value, { kind: 'user' })
  if (refused(res)) return undefined
  if (res.status !== 200) throw failure(res, ctx.redactor, 'Cloudflare token verify')
  const { id, active } = verified(ctx, res)
  if (!TOKEN_ID.test(id))
    throw failure(res, ctx.redactor, 'Cloudflare token verify: unexpected answer', 'provider-error')
  ;(await kinds(ctx)).set(fingerprint(value), { kind: 'user' })
  // A disabled or expired token authenticates nothing: not a live key, nothing is deleted.
  return active
    ? { kind: 'found', id, authenticated: true }
    : { kind: 'key-rejected', httpStatus: 200 }
}

async function asAccountToken(
  ctx: ProviderContext,
  value: string,
  auth: Credential
): Promise<Resolution | undefined> {
  for (const accountId of await accounts(ctx, auth)) {
    const res = await verify(ctx, value, { kind: 'account', accountId })
    // Another account's token, or none: this account's verify refuses it.
    if (refused(res)) continue
    if (res.status !== 200) throw failure(res, ctx.redactor, 'Cloudflare account token verify')
    const { id, active } = verified(ctx, res)
    if (!TOKEN_ID.test(id))
      throw failure(
        res,
        ctx.redactor,
        'Cloudflare account token verify: unexpected answer',
        'provider-error'
      )
    ;(await kinds(ctx)).set(fingerprint(value), { kind: 'account', accountId })
    return active
      ? { kind: 'found', id: `account:${accountId}:${id}`, authenticated: true }
      : { kind: 'key-rejected', httpStatus: 200 }
  }
  return undefined
}

function deletePath(ref: TokenRef): string {
  return ref.kind === 'user'
    ? `${API}/user/tokens/${segment(ref.tokenId)}`
    : `${API}/accounts/${segment(ref.accountId)}/tokens/${segment(ref.tokenId)}`
}

export const cloudflare: Provider = {
  ...cloudflareFacts,

  async resolve(ctx, value, auth) {
    // The format names the kind where it is the scannable one; an older token may be either.
    if (!value.startsWith(ACCOUNT_PREFIX)) {
      const user = await asUserToken(ctx, value)
      if (user) return user
      if (value.startsWith(USER_PREFIX)) return { kind: 'key-rejected', httpStatus: 401 }
    }
    return (await asAccountToken(ctx, value, auth)) ?? { kind: 'key-rejected', httpStatus: 401 }
  },

  async delete(ctx, target, auth) {
    const ref = parseTokenId(target.id ?? '')
    if (!ref) throw new RevocationFailure('invalid-input', `Cloudflare: ${NEXT_STEP}`, null, 0)
    if (target.value !== undefined)
      (await kinds(ctx)).set(
        fingerprint(target.value),
        ref.kind === 'user' ? { kind: 'user' } : { kind: 'account', accountId: ref.accountId }
      )
    const res = await ctx.http.send({
      method: 'DELETE',
      path: deletePath(ref),
      headers: bearer(auth.secret),
      pace: 'delete'
    })
    if (res.status === 200) {
      const body = expectBody(res, Deleted, ctx.redactor, 'Cloudflare delete')
      expectSameKey(res, ctx.redactor, 'Cloudflare delete', ref.tokenId, body.result.id)
      return { answer: { kind: 'deleted' }, response: res }
    }
    if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
    const error = failure(res, ctx.redactor, 'Cloudflare delete')
    if (res.status === 401 || res.status === 403)
      error.message += ` (the token is invalid, or lacks API Tokens Write / Account API Tokens Write for this token: ${NEXT_STEP})`
    throw error
  },

  async probe(ctx, value): Promise<ProbeAnswer> {
    const known = (await kinds(ctx)).get(fingerprint(value))
    const kind: Kind | undefined =
      known ?? (value.startsWith(USER_PREFIX) ? { kind: 'user' } : undefined)
    if (!kind && value.startsWith(ACCOUNT_PREFIX))
      return {
        kind: 'inconclusive',
        note: 'an account-owned token is verified at its account, which this run has not learned'
      }
    const res = await verify(ctx, value, kind ?? { kind: 'user' })
    if (res.status === 200) return verified(ctx, res).active ? { kind: 'alive' } : { kind: 'dead' }
    if (refused(res)) {
      if (kind) return { kind: 'dead' }
      // An older token refused at the user verify may still be a live account-owned token.
      return {
        kind: 'inconclusive',
        note: 'Cloudflare refused it as a user token; an account-owned token is verified at its account, which this run has not learned'
      }
    }
    throw failure(res, ctx.redactor, 'Cloudflare probe')
  }
}

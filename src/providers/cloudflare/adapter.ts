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

// A replacement's calls (user tokens): read the leaked token's policies, condition and dates,
// create one with exactly those, find an earlier one by name.
const Policy = z.looseObject({
  effect: z.string(),
  resources: z.record(z.string(), z.unknown()),
  permission_groups: z.array(z.looseObject({ id: z.string(), meta: z.optional(z.unknown()) }))
})
const Policies = z.array(Policy)
const TokenDetails = z.looseObject({
  success: z.literal(true),
  result: z.looseObject({
    id: z.string(),
    policies: Policies,
    condition: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
    expires_on: z.optional(z.nullable(z.string())),
    not_before: z.optional(z.nullable(z.string()))
  })
})
const TokenList = z.looseObject({
  success: z.literal(true),
  result: z.array(z.looseObject({ id: z.string(), name: z.optional(z.string()) })),
  result_info: z.optional(
    z.looseObject({ page: z.optional(z.number()), total_count: z.optional(z.number()) })
  )
})
const Created = z.looseObject({
  success: z.literal(true),
  result: z.looseObject({
    id: z.string(),
    value: z.string(),
    policies: z.optional(z.array(z.unknown()))
  })
})

/** The same JSON value, key order aside. */
function canonical(v: unknown): string {
  const walk = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(walk)
      : x && typeof x === 'object'
        ? Object.fromEntries(
            Object.entries(x as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, w]) => [k, walk(w)])
          )
        : x
  return JSON.stringify(walk(v ?? null))
}

/** A policy as the create call takes it: no policy id, permission groups by id (and meta). */
type PolicyIn = {
  effect: string
  resources: Record<string, unknown>
  permission_groups: Array<{ id: string; meta?: unknown }>
}
const policiesIn = (
  policies: ReadonlyArray<{
    effect: string
    resources: Record<string, unknown>
    permission_groups: ReadonlyArray<{ id: string; meta?: unknown }>
  }>
): PolicyIn[] =>
  policies.map((p) => ({
    effect: p.effect,
    resources: p.resources,
    permission_groups: p.permission_groups.map((g) =>
      g.meta === undefined ? { id: g.id } : { id: g.id, meta: g.meta }
    )
  }))

const USER_TOKENS_NEXT =
  'give `cloudflare-token` the "Create additional tokens" template\'s API Tokens Write (it reads, lists and creates user tokens)'

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
  },

  replacement: {
    unsupported(old) {
      return parseTokenId(old.id)?.kind === 'account'
        ? "Cloudflare: the leaked token is account-owned, and this action creates replacements for user tokens only (`POST /accounts/{account_id}/tokens` is on Cloudflare's current reference but not in the published description this adapter follows)"
        : undefined
    },

    async findEarlier(ctx, _old, marker, auth) {
      let found: string | undefined
      await readAllPages('Cloudflare token list', MAX_PAGES, async (cursor) => {
        const page = Number(cursor ?? '1')
        const res = await ctx.http.send({
          method: 'GET',
          path: `${API}/user/tokens?page=${page}&per_page=${PER_PAGE}`,
          headers: bearer(auth.secret),
          pace: 'list'
        })
        if (res.status !== 200) {
          const error = failure(res, ctx.redactor, 'Cloudflare token list')
          if (res.status === 401 || res.status === 403) error.message += `; ${USER_TOKENS_NEXT}`
          throw error
        }
        const body = expectBody(res, TokenList, ctx.redactor, 'Cloudflare token list')
        const hit = body.result.find((t) => t.name === marker)
        if (hit) {
          found = hit.id
          return { more: false }
        }
        const total = body.result_info?.total_count
        const more = total !== undefined ? page * PER_PAGE < total : body.result.length === PER_PAGE
        return { more, next: String(page + 1) }
      })
      if (found === undefined) return undefined
      if (!TOKEN_ID.test(found))
        throw new RevocationFailure(
          'provider-error',
          'Cloudflare token list: a token named for the leaked one has an id of another form'
        )
      return { id: found }
    },

    async create(ctx, old, name, auth) {
      const ref = parseTokenId(old.id)
      if (ref?.kind !== 'user')
        throw new RevocationFailure('invalid-input', `Cloudflare: ${NEXT_STEP}`, null, 0)
      // Never broader: the leaked token's policies, IP condition and dates are read first and
      // given to the create call as they are; a token whose details cannot be read is not
      // replaced.
      const got = await ctx.http.send({
        method: 'GET',
        path: `${API}/user/tokens/${segment(ref.tokenId)}`,
        headers: bearer(auth.secret),
        pace: 'list'
      })
      if (got.status !== 200) {
        const error = failure(got, ctx.redactor, 'Cloudflare token details')
        if (got.status === 401 || got.status === 403) error.message += `; ${USER_TOKENS_NEXT}`
        throw error
      }
      const details = expectBody(got, TokenDetails, ctx.redactor, 'Cloudflare token details')
      expectSameKey(got, ctx.redactor, 'Cloudflare token details', ref.tokenId, details.result.id)
      const { policies, condition, expires_on, not_before } = details.result
      if (policies.length === 0)
        throw new RevocationFailure(
          'provider-error',
          'Cloudflare token details: the answer shows no policies for the leaked token, so a replacement could not be made the same'
        )
      const wanted = policiesIn(policies)
      const payload = {
        name,
        policies: wanted,
        ...(condition && Object.keys(condition).length > 0 ? { condition } : {}),
        ...(expires_on ? { expires_on } : {}),
        ...(not_before ? { not_before } : {})
      }
      const res = await ctx.http.send({
        method: 'POST',
        path: `${API}/user/tokens`,
        headers: { ...bearer(auth.secret), 'content-type': 'application/json' },
        body: JSON.stringify(payload)
      })
      if (res.status !== 200) {
        const error = failure(res, ctx.redactor, 'Cloudflare create token')
        if (res.status === 401 || res.status === 403) error.message += `; ${USER_TOKENS_NEXT}`
        throw error
      }
      // The value is returned once and is a secret from the moment it is read: masked before
      // the answer is parsed further.
      // Only strings of a token value's length (40 to 80): a permission group's `meta` also has
      // a "value", and a short one masked would blank that text everywhere.
      for (const [, raw] of res.text.matchAll(/"value"\s*:\s*"([^"]{40,80})"/g))
        if (raw) ctx.redactor.add(raw)
      const body = expectBody(res, Created, ctx.redactor, 'Cloudflare create token')
      ctx.redactor.add(body.result.value)
      const { id, value } = body.result
      const answered = body.result.policies
      const parsed = answered === undefined ? undefined : Policies.safeParse(answered)
      // An answer that shows policies must show exactly the ones asked for.
      const same =
        parsed === undefined ||
        (parsed.success && canonical(policiesIn(parsed.data)) === canonical(wanted))
      if (!TOKEN_ID.test(id) || !same) {
        // Not the token asked for: deleted at once, never stored.
        if (TOKEN_ID.test(id))
          await ctx.http
            .send({
              method: 'DELETE',
              path: `${API}/user/tokens/${segment(id)}`,
              headers: bearer(auth.secret),
              pace: 'delete'
            })
            .catch(() => undefined)
        throw new RevocationFailure(
          'provider-error',
          "Cloudflare create token: the new token's policies are not the leaked token's (or its id is of another form), so it was deleted again"
        )
      }
      // The new token is verified at the user endpoint.
      ;(await kinds(ctx)).set(fingerprint(value), { kind: 'user' })
      return { id, value }
    }
  }
}

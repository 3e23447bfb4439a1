import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import { parseJson, type HttpResponse } from '../../http/client.js'
import {
  expectBody,
  expectSameKey,
  failure,
  ownValue,
  readDelete,
  readProbe,
  segment
} from '../answers.js'
import { readAllPages } from '../pages.js'
import type { Provider, ProviderContext } from '../types.js'
import { herokuFacts } from './facts.js'

// Contract: src/providers/heroku/README.md and src/providers/heroku/openapi.yaml (cut from
// Heroku's Platform API JSON hyper-schema, heroku/platform-api schema.json). The leaked token
// lists its own account's OAuth authorizations; the one whose `access_token.token` is the value,
// exactly, is deleted, authenticated by the value itself. Every token a listing or a delete
// answer holds is a secret from the moment it is read: it goes to the redactor before anything
// else looks at the answer.

/** Pages of a listing read at most (Heroku pages hold up to 1,000; its default is 200). */
const MAX_PAGES = 50

function headers(token: string): Record<string, string> {
  return {
    accept: 'application/vnd.heroku+json; version=3',
    authorization: `Bearer ${token}`
  }
}

const TokenField = z.optional(z.nullable(z.looseObject({ token: z.optional(z.string()) })))
const Authorization = z.looseObject({
  id: z.string().check(z.minLength(1)),
  description: z.optional(z.nullable(z.string())),
  access_token: TokenField
})

/** An authorization as a replacement reads it: its scope and its token's lifetime. */
const Detailed = z.looseObject({
  id: z.string().check(z.minLength(1)),
  description: z.optional(z.nullable(z.string())),
  scope: z.array(z.string()),
  access_token: z.optional(
    z.nullable(
      z.looseObject({
        token: z.optional(z.string()),
        expires_in: z.optional(z.nullable(z.number()))
      })
    )
  )
})

/** The same scopes, order aside. */
const sameScope = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())

/** Every secret an authorization holds: its access and refresh tokens and its grant code. */
function secretsOf(item: unknown): string[] {
  if (!item || typeof item !== 'object') return []
  const record = item as Record<string, unknown>
  const found: string[] = []
  for (const [field, key] of [
    ['access_token', 'token'],
    ['refresh_token', 'token'],
    ['grant', 'code']
  ] as const) {
    const holder = record[field]
    const secret =
      holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[key] : undefined
    if (typeof secret === 'string' && secret !== '') found.push(secret)
  }
  return found
}

/** Adds every secret of an answer (a list of authorizations, or one) to the redactor. */
function hideSecrets(ctx: ProviderContext, res: HttpResponse): void {
  const body = parseJson(res)
  for (const item of Array.isArray(body) ? body : [body])
    for (const secret of secretsOf(item)) ctx.redactor.add(secret)
}

export const heroku: Provider = {
  ...herokuFacts,

  async resolve(ctx, value) {
    const what = 'Heroku list OAuth authorizations'
    const matches: Array<{ id: string; name?: string }> = []
    let refused: number | undefined
    await readAllPages(what, MAX_PAGES, async (range) => {
      const res = await ctx.http.send({
        method: 'GET',
        path: '/oauth/authorizations',
        headers: { ...headers(value), ...(range ? { range } : {}) },
        pace: 'call'
      })
      if (res.status === 401 && range === undefined) {
        refused = res.status
        return { more: false }
      }
      if (res.status === 403)
        throw failure(
          res,
          ctx.redactor,
          `${what} (the token may not read its account's authorizations: revoke it in the Heroku Dashboard, Account settings > Applications, or with \`heroku authorizations:revoke\`)`,
          'forbidden'
        )
      if (res.status !== 200 && res.status !== 206) throw failure(res, ctx.redactor, what)
      hideSecrets(ctx, res)
      const page = expectBody(res, z.array(Authorization), ctx.redactor, what)
      for (const item of page)
        if (item.access_token?.token === value)
          matches.push({ id: item.id, ...(item.description ? { name: item.description } : {}) })
      // 206 Partial Content with Next-Range: the list goes on from there.
      return res.status === 206 ? { more: true, next: res.headers['next-range'] } : { more: false }
    })
    if (refused !== undefined) return { kind: 'key-rejected', httpStatus: refused }
    if (matches.length > 1) return { kind: 'ambiguous', matches: matches.length }
    const [match] = matches
    if (!match)
      throw new RevocationFailure(
        'unresolvable',
        "Heroku: the token works, but none of its account's OAuth authorizations holds it exactly, so nothing was deleted (it may be the Dashboard's API key, or a token Heroku does not list). Revoke it in the Heroku Dashboard (Account settings: regenerate the API key, or Applications), or with `heroku authorizations:revoke`."
      )
    return { kind: 'found', ...match, authenticated: true }
  },

  async delete(ctx, target) {
    const what = 'Heroku delete OAuth authorization'
    // Whatever credential the engine holds, only the leaked token itself authenticates the
    // delete: it can reach no account but its own.
    const value = ownValue(target, 'Heroku')
    const auth = { kind: 'self', secret: value } as const
    const id = target.id ?? ''
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/oauth/authorizations/${segment(id)}`,
      headers: headers(value),
      pace: 'call'
    })
    // The answer is the deleted authorization, its tokens included: hidden before it is read.
    if (res.status === 200) hideSecrets(ctx, res)
    return readDelete(ctx, res, auth, what, (ok) => {
      const deleted = expectBody(ok, Authorization, ctx.redactor, what)
      expectSameKey(ok, ctx.redactor, what, id, deleted.id)
      const token = deleted.access_token?.token
      if (token !== undefined) expectSameKey(ok, ctx.redactor, what, value, token)
    })
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/account',
      headers: headers(value),
      pace: 'call'
    })
    return readProbe(ctx, res, 'Heroku account')
  },

  replacement: {
    async findEarlier(ctx, old, marker) {
      // Only the leaked token itself reaches its account: it lists the authorizations.
      const what = 'Heroku list OAuth authorizations'
      let found: string | undefined
      await readAllPages(what, MAX_PAGES, async (range) => {
        const res = await ctx.http.send({
          method: 'GET',
          path: '/oauth/authorizations',
          headers: { ...headers(old.value), ...(range ? { range } : {}) },
          pace: 'call'
        })
        if (res.status !== 200 && res.status !== 206) throw failure(res, ctx.redactor, what)
        hideSecrets(ctx, res)
        const page = expectBody(res, z.array(Authorization), ctx.redactor, what)
        const hit = page.find((item) => item.description === marker)
        if (hit) {
          found = hit.id
          return { more: false }
        }
        return res.status === 206
          ? { more: true, next: res.headers['next-range'] }
          : { more: false }
      })
      return found === undefined ? undefined : { id: found }
    },

    async create(ctx, old, name) {
      // Same scope, and no longer a life: the leaked authorization is read first (with the
      // leaked token, the one credential there is), and its scope and its token's remaining
      // lifetime are given to the create call. No OAuth client is named: the replacement is a
      // direct authorization of the same account.
      const info = 'Heroku OAuth authorization info'
      const got = await ctx.http.send({
        method: 'GET',
        path: `/oauth/authorizations/${segment(old.id)}`,
        headers: headers(old.value),
        pace: 'call'
      })
      if (got.status === 200) hideSecrets(ctx, got)
      if (got.status !== 200) throw failure(got, ctx.redactor, info)
      const leaked = expectBody(got, Detailed, ctx.redactor, info)
      expectSameKey(got, ctx.redactor, info, old.id, leaked.id)
      const token = leaked.access_token?.token
      if (token !== undefined) expectSameKey(got, ctx.redactor, info, old.value, token)
      if (leaked.scope.length === 0)
        throw new RevocationFailure(
          'provider-error',
          `${info}: the answer shows no scope for the leaked authorization, so a replacement could not be made the same`
        )
      const expiresIn = leaked.access_token?.expires_in
      const what = 'Heroku create OAuth authorization'
      const res = await ctx.http.send({
        method: 'POST',
        path: '/oauth/authorizations',
        headers: { ...headers(old.value), 'content-type': 'application/json' },
        body: JSON.stringify({
          scope: leaked.scope,
          description: name,
          ...(typeof expiresIn === 'number' ? { expires_in: expiresIn } : {})
        }),
        pace: 'call'
      })
      // The new tokens are secrets from the moment the answer is read.
      if (res.status === 200 || res.status === 201) hideSecrets(ctx, res)
      if (res.status !== 201 && res.status !== 200) throw failure(res, ctx.redactor, what)
      const made = expectBody(res, Detailed, ctx.redactor, what)
      const value = made.access_token?.token
      if (value) ctx.redactor.add(value)
      const lasts = made.access_token?.expires_in
      const longer =
        typeof expiresIn === 'number' && (typeof lasts !== 'number' || lasts > expiresIn)
      if (!value || !sameScope(made.scope, leaked.scope) || longer) {
        // Not the authorization asked for: revoked at once with its own token, never stored.
        if (value)
          await ctx.http
            .send({
              method: 'DELETE',
              path: `/oauth/authorizations/${segment(made.id)}`,
              headers: headers(value),
              pace: 'call'
            })
            .catch(() => undefined)
        throw new RevocationFailure(
          'provider-error',
          `${what}: the new authorization ${value ? "does not have the leaked one's scope and lifetime" : 'holds no access token'}, so it was revoked again`
        )
      }
      return { id: made.id, value }
    }
  }
}

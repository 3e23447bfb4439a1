import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import { parseJson, type HttpResponse } from '../../http/client.js'
import { excerpt } from '../../secrets.js'
import { expectBody, failure, readProbe, segment } from '../answers.js'
import { readAllPages } from '../pages.js'
import { couldShow, PartialFormIndex, type PartialForm } from '../partial-forms.js'
import type { Credential, Provider, ProviderContext } from '../types.js'
import { cometapiFacts } from './facts.js'

// Contract: src/providers/cometapi/README.md and src/providers/cometapi/openapi.yaml (CometAPI,
// a new-api derivative). Management calls take the raw access token, no `Bearer`.
const PAGE = 100
const MAX_PAGES = 200
const raw = (auth: Credential) => ({ authorization: auth.secret })
const Token = z.looseObject({ id: z.int(), key: z.string() })
const Items = z.union([
  z.array(Token),
  z.looseObject({ items: z.array(Token), total: z.optional(z.number()) })
])
const Envelope = z.looseObject({
  success: z.boolean(),
  message: z._default(z.optional(z.string()), ''),
  data: z.optional(z.unknown())
})

type TokenItem = z.infer<typeof Token>

/** A new-api envelope; `success: false` (even with HTTP 200) is a failure. */
function envelope(ctx: ProviderContext, res: HttpResponse, what: string): unknown {
  if (res.status !== 200) throw failure(res, ctx.redactor, what)
  const body = expectBody(res, Envelope, ctx.redactor, what)
  if (!body.success) {
    const said = excerpt(body.message, ctx.redactor)
    // new-api reports a missing or bad access token this way, in English or Chinese.
    const reason =
      /access token|token.*(invalid|无效)|未登录|无权|unauthori[sz]ed|not logged in/i.test(
        body.message
      )
        ? 'unauthorized'
        : 'provider-error'
    throw new RevocationFailure(reason, `${what}: success=false: ${said}`, res.status, res.attempts)
  }
  return body.data
}

function items(
  ctx: ProviderContext,
  res: HttpResponse,
  data: unknown,
  what: string
): { items: TokenItem[]; total?: number } {
  const parsed = Items.safeParse(data ?? [])
  if (!parsed.success)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, 'provider-error')
  return Array.isArray(parsed.data) ? { items: parsed.data } : parsed.data
}

/** `key` is stored without `sk-`; upstream new-api may show it masked (first 4, stars, last 4). */
export function sameKey(stored: string, bare: string): 'exact' | 'masked' | false {
  const s = stored.replace(/^sk-/, '')
  if (s === bare) return 'exact'
  const form = maskedForm(s)
  return form && couldShow(form, bare) ? 'masked' : false
}

/** A masked stored key's visible start and end (first 4, stars, last 4 upstream). */
function maskedForm(s: string): PartialForm | undefined {
  const mask = /\*+/.exec(s)
  if (!mask) return undefined
  const start = s.slice(0, mask.index)
  const end = s.slice(mask.index + mask[0].length)
  return start.length + end.length >= 4 ? { start, end } : undefined
}

/**
 * The listed tokens by their stored key, built once a run as the pages come: each key's lookup
 * is a Map read, not `sameKey` over the whole list (4 million comparisons for 2,000 keys).
 */
export class TokenIndex {
  /** Ids by stored key without `sk-`, in list order. */
  readonly #exact = new Map<string, number[]>()
  readonly #masked = new PartialFormIndex<number>()

  add(token: TokenItem): void {
    const s = token.key.replace(/^sk-/, '')
    const ids = this.#exact.get(s)
    if (ids) ids.push(token.id)
    else this.#exact.set(s, [token.id])
    const form = maskedForm(s)
    if (form) this.#masked.add(form, token.id)
  }

  /** Ids of the tokens whose stored key is `bare` (`sameKey` says 'exact'). */
  exact(bare: string): number[] {
    return this.#exact.get(bare) ?? []
  }

  /** Whether a masked token could be `bare` (`sameKey` says 'masked' for one not exact). */
  masked(bare: string): boolean {
    return this.#masked.matches(bare).length > 0
  }
}

async function listTokens(ctx: ProviderContext, auth: Credential): Promise<TokenIndex> {
  return ctx.memo('tokens', async () => {
    const what = 'CometAPI list tokens'
    const index = new TokenIndex()
    let listed = 0
    // new-api pages by number from 1: the cursor is the page number.
    await readAllPages(what, MAX_PAGES, async (cursor) => {
      const p = Number(cursor ?? 1)
      const res = await ctx.http.send({
        method: 'GET',
        path: `/api/token/?p=${p}&page_size=${PAGE}`,
        headers: raw(auth),
        pace: 'list'
      })
      const page = items(ctx, res, envelope(ctx, res, what), what)
      for (const token of page.items) {
        // Every key of the account comes back whole: each is a secret of this run from now on.
        if (!token.key.includes('*')) ctx.redactor.add(token.key)
        index.add(token)
      }
      listed += page.items.length
      const last = page.items.length < PAGE || (page.total !== undefined && listed >= page.total)
      return { more: !last, next: String(p + 1) }
    })
    return index
  })
}

export const cometapi: Provider = {
  ...cometapiFacts,

  async resolve(ctx, value, auth) {
    const bare = value.replace(/^sk-/, '')
    const listed = await listTokens(ctx, auth)
    const exact = listed.exact(bare)
    if (exact.length === 1 && exact[0] !== undefined) return { kind: 'found', id: String(exact[0]) }
    if (exact.length > 1) return { kind: 'ambiguous', matches: exact.length }
    if (!listed.masked(bare)) return { kind: 'not-found' }
    // Masked list: ask the search endpoint, which matches on the full key.
    const res = await ctx.http.send({
      method: 'GET',
      path: `/api/token/search?token=${encodeURIComponent(bare)}`,
      headers: raw(auth),
      pace: 'list'
    })
    const found = items(
      ctx,
      res,
      envelope(ctx, res, 'CometAPI search tokens'),
      'CometAPI search tokens'
    ).items.filter((t) => sameKey(t.key, bare))
    if (found.length === 1 && found[0]) return { kind: 'found', id: String(found[0].id) }
    return found.length > 1 ? { kind: 'ambiguous', matches: found.length } : { kind: 'not-found' }
  },

  async delete(ctx, target, auth) {
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/api/token/${segment(target.id ?? '')}`,
      headers: raw(auth),
      pace: 'delete'
    })
    // new-api's "record not found" is its answer for an id it does not hold (after a lost
    // answer, our own first delete most likely removed it); any other success:false fails.
    if (res.status === 200) {
      const body = Envelope.safeParse(parseJson(res))
      if (body.success && !body.data.success && /not found|不存在/i.test(body.data.message)) {
        return { answer: { kind: 'not-found' }, response: res }
      }
    }
    envelope(ctx, res, 'CometAPI delete')
    return { answer: { kind: 'deleted' }, response: res }
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v1/models',
      headers: { authorization: `Bearer ${value}` }
    })
    return readProbe(ctx, res, 'CometAPI probe')
  }
}

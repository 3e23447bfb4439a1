import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { expectBody, expectSameKey, failure, readProbe, segment } from '../answers.js'
import { readAllPages } from '../pages.js'
import { couldShow, PartialFormIndex, type PartialForm } from '../partial-forms.js'
import type { Credential, DeleteResult, Provider, ProviderContext } from '../types.js'
import { anthropicFacts } from './facts.js'

// Contract: src/providers/anthropic/README.md and src/providers/anthropic/openapi.yaml (Anthropic's
// Admin API). Anthropic's Admin API has no delete for API keys: the adapter sets the key's
// status to `inactive`, reads that status back from the answer, and the probe proves the key
// refused.
const VERSION = '2023-06-01'
/** The list's documented maximum page size. */
const PAGE = 1000
const MAX_PAGES = 100
/** What the adapter sets: the status Anthropic's own Admin API example sets to turn a key off. */
const DEACTIVATED = 'inactive'
/**
 * `partial_key_hint` as the API reference shows it (`sk-ant-api03-R2D...igAA`): the key's
 * visible start, three dots, its visible end. Any other shape matches nothing.
 */
const HINT = /^(sk-ant-[A-Za-z0-9_-]+)\.\.\.([A-Za-z0-9_-]{4,})$/

const headers = (auth: Credential) => ({ 'x-api-key': auth.secret, 'anthropic-version': VERSION })
const ApiKey = z.looseObject({
  id: z.string(),
  status: z.string(),
  name: z.nullish(z.string()),
  partial_key_hint: z.optional(z.nullable(z.string()))
})
const ApiKeyList = z.looseObject({
  data: z.array(ApiKey),
  has_more: z.boolean(),
  last_id: z.optional(z.nullable(z.string()))
})
type ApiKeyItem = z.infer<typeof ApiKey>

/** What the run knows of a key before it deactivates it. */
type Known =
  { kind: 'listed'; status: string } | { kind: 'read'; response: HttpResponse; status?: string }

/** A `partial_key_hint`'s visible start and end, when it has the documented shape. */
export function hintForm(hint: string | null | undefined): PartialForm | undefined {
  const parts = hint ? HINT.exec(hint) : null
  if (!parts) return undefined
  const [, start = '', end = ''] = parts
  return { start, end }
}

/** Whether a `partial_key_hint` could show this value (see `couldShow`). */
export function hintMatches(hint: string | null | undefined, value: string): boolean {
  const form = hintForm(hint)
  return form !== undefined && couldShow(form, value)
}

/**
 * The organization an answer is for: "anthropic-organization-id: the organization ID associated
 * with the API key used in the request", on every response (API overview, Response headers).
 */
const ORGANIZATION = 'anthropic-organization-id'
const organizationOf = (res: HttpResponse): string | undefined => {
  const value = res.headers[ORGANIZATION]
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** The Admin API key's list by hint, and the organization it is of (undefined when not said). */
interface Listing {
  keys: PartialFormIndex<ApiKeyItem>
  organization: string | undefined
}

async function listKeys(ctx: ProviderContext, auth: Credential): Promise<Listing> {
  return ctx.memo('api-keys', async () => {
    const what = 'Anthropic list API keys'
    const keys = new PartialFormIndex<ApiKeyItem>()
    let organization: string | undefined
    await readAllPages(what, MAX_PAGES, async (after) => {
      const query = `limit=${PAGE}${after ? `&after_id=${encodeURIComponent(after)}` : ''}`
      const res = await ctx.http.send({
        method: 'GET',
        path: `/v1/organizations/api_keys?${query}`,
        headers: headers(auth),
        pace: 'list'
      })
      if (res.status !== 200) throw failure(res, ctx.redactor, what)
      const body = expectBody(res, ApiKeyList, ctx.redactor, what)
      for (const key of body.data) {
        const form = hintForm(key.partial_key_hint)
        if (form) keys.add(form, key)
      }
      organization ??= organizationOf(res)
      return { more: body.has_more, next: body.last_id ?? body.data.at(-1)?.id }
    })
    return { keys, organization }
  })
}

/** `GET /v1/organizations/api_keys/{id}`: the key's status now, or its 404. */
async function readKey(
  ctx: ProviderContext,
  id: string,
  auth: Credential
): Promise<Known & { kind: 'read' }> {
  const res = await ctx.http.send({
    method: 'GET',
    path: `/v1/organizations/api_keys/${segment(id)}`,
    headers: headers(auth),
    pace: 'list'
  })
  if (res.status === 404) return { kind: 'read', response: res }
  if (res.status !== 200) throw failure(res, ctx.redactor, 'Anthropic get API key')
  const key = expectBody(res, ApiKey, ctx.redactor, 'Anthropic get API key')
  expectSameKey(res, ctx.redactor, 'Anthropic get API key', id, key.id)
  return { kind: 'read', response: res, status: key.status }
}

export const anthropic: Provider = {
  ...anthropicFacts,

  async resolve(ctx, value, auth) {
    const { keys, organization } = await listKeys(ctx, auth)
    // A hint shows only part of a key: it is a candidate only when no other key of the
    // organization, in any status, shows the same, and the engine deletes it only once the
    // value's own answer names this organization.
    const matches = keys.matches(value)
    if (matches.length > 1) return { kind: 'ambiguous', matches: matches.length }
    const [key] = matches
    if (!key) return { kind: 'not-found' }
    // Already inactive, archived or expired: nothing for this run to turn off.
    if (key.status !== 'active') return { kind: 'not-found' }
    const listed: Known = { kind: 'listed', status: key.status }
    await ctx.memo(`key:${key.id}`, () => Promise.resolve(listed))
    return {
      kind: 'candidate',
      id: key.id,
      ...(key.name ? { name: key.name } : {}),
      shown: 'partial_key_hint',
      ...(organization ? { owner: organization } : {})
    }
  },

  ownerOf(ctx, value) {
    return anthropic.probe(ctx, value)
  },

  async delete(ctx, target, auth): Promise<DeleteResult> {
    const id = target.id ?? ''
    // "Revoked" means this run turned the key off: a key given by id is read first, so one
    // that is already off (or not there) is not reported as this run's doing.
    const known = await ctx.memo<Known>(`key:${id}`, () => readKey(ctx, id, auth))
    if (known.kind === 'read' && known.status !== 'active')
      return { answer: { kind: 'not-found' }, response: known.response }
    const res = await ctx.http.send({
      method: 'POST',
      path: `/v1/organizations/api_keys/${segment(id)}`,
      headers: { ...headers(auth), 'content-type': 'application/json' },
      body: JSON.stringify({ status: DEACTIVATED }),
      pace: 'delete',
      // Setting a status is idempotent: a repeat leaves the key as the first request did.
      idempotent: true
    })
    if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
    if (res.status !== 200) throw failure(res, ctx.redactor, 'Anthropic deactivate')
    // 200 answers the updated key: it must be the one asked for, and now inactive.
    const body = expectBody(res, ApiKey, ctx.redactor, 'Anthropic deactivate')
    expectSameKey(res, ctx.redactor, 'Anthropic deactivate', id, body.id)
    if (body.status !== DEACTIVATED)
      throw new RevocationFailure(
        'provider-error',
        `Anthropic deactivate: the key's status is "${body.status.slice(0, 40)}" after the update, not "${DEACTIVATED}"`,
        res.status,
        res.attempts
      )
    return { answer: { kind: 'deleted' }, response: res }
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v1/models?limit=1',
      headers: { 'x-api-key': value, 'anthropic-version': VERSION }
    })
    // 401 authentication_error: "There's an issue with your API key."
    const answer = readProbe(ctx, res, 'Anthropic probe')
    const organization = organizationOf(res)
    return answer.kind === 'alive' && organization ? { ...answer, owner: organization } : answer
  }
}

import * as z from 'zod/mini'
import { expectBody, expectSameKey, failure, readDelete, readProbe, segment } from '../answers.js'
import { readAllPages } from '../pages.js'
import { couldShow, PartialFormIndex, type PartialForm } from '../partial-forms.js'
import type { Credential, Provider, ProviderContext } from '../types.js'
import { braintrustFacts } from './facts.js'

// Contract: src/providers/braintrust/README.md and src/providers/braintrust/openapi.yaml.

const PAGE = 100
const MAX_PAGES = 200
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const sameUuid = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
const ApiKey = z.looseObject({
  id: z.string(),
  name: z.string(),
  preview_name: z.string(),
  org_id: z.nullish(z.string())
})
const Organizations = z.looseObject({ objects: z.array(z.looseObject({ id: z.string() })) })
const ApiKeyList = z.looseObject({ objects: z.array(ApiKey) })

/**
 * A `preview_name`'s visible start and end. Its format is not documented: it is read as
 * visible start, a run of mask characters, visible end. A preview without a mask, or showing
 * fewer than 4 characters, shows nothing.
 */
export function previewForm(preview: string): PartialForm | undefined {
  const mask = /(\*+|…+|\.{3,}|•+)/.exec(preview)
  if (!mask) return undefined
  const start = preview.slice(0, mask.index)
  const end = preview.slice(mask.index + mask[0].length)
  if (/[*…•]/.test(end)) return undefined
  return start.length + end.length >= 4 ? { start, end } : undefined
}

/** Whether a `preview_name` could show this key. */
export function previewMatches(preview: string, value: string): boolean {
  const form = previewForm(preview)
  return form !== undefined && couldShow(form, value)
}

/** A listed key as the index keeps it: its id, name and organization. */
interface Listed {
  id: string
  name: string
  org: string | undefined
}

async function listKeys(ctx: ProviderContext, auth: Credential): Promise<PartialFormIndex<Listed>> {
  return ctx.memo('api-keys', async () => {
    const what = 'Braintrust list api_key'
    const index = new PartialFormIndex<Listed>()
    await readAllPages(what, MAX_PAGES, async (after) => {
      const query = `limit=${PAGE}${after ? `&starting_after=${segment(after)}` : ''}`
      const res = await ctx.http.send({
        method: 'GET',
        path: `/v1/api_key?${query}`,
        headers: bearer(auth.secret),
        pace: 'list'
      })
      if (res.status !== 200) throw failure(res, ctx.redactor, what)
      const { objects } = expectBody(res, ApiKeyList, ctx.redactor, what)
      for (const key of objects) {
        const form = previewForm(key.preview_name)
        if (form) index.add(form, { id: key.id, name: key.name, org: key.org_id ?? undefined })
      }
      return { more: objects.length >= PAGE, next: objects.at(-1)?.id }
    })
    return index
  })
}

export const braintrust: Provider = {
  ...braintrustFacts,

  async resolve(ctx, value, auth) {
    const matches = (await listKeys(ctx, auth)).matches(value)
    if (matches.length > 1) return { kind: 'ambiguous', matches: matches.length }
    const [only] = matches
    if (!only) return { kind: 'not-found' }
    // A preview is a candidate: the engine deletes it only once the value itself is a key of
    // the organization the listed key belongs to (`org_id`).
    return {
      kind: 'candidate',
      id: only.id,
      name: only.name,
      shown: 'preview_name',
      ...(only.org ? { owner: only.org } : {})
    }
  },

  /**
   * `GET /v1/organization` with the value itself lists the organizations it can see; "API keys
   * are scoped to the organization", so a live key sees its own. Only an answer of exactly one
   * organization names the owner.
   */
  async ownerOf(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v1/organization?limit=2',
      headers: bearer(value)
    })
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'Braintrust answered 403 to the value listing its organizations'
      }
    if (res.status !== 200) throw failure(res, ctx.redactor, 'Braintrust list organizations')
    const { objects } = expectBody(
      res,
      Organizations,
      ctx.redactor,
      'Braintrust list organizations'
    )
    const [org] = objects
    return objects.length === 1 && org ? { kind: 'alive', owner: org.id } : { kind: 'alive' }
  },

  async delete(ctx, target, auth) {
    const id = target.id ?? ''
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/v1/api_key/${segment(id)}`,
      headers: bearer(auth.secret),
      pace: 'delete'
    })
    // 200 answers the deleted ApiKey object, which must be the key asked for.
    return readDelete(ctx, res, auth, 'Braintrust delete', (ok) => {
      const body = expectBody(ok, ApiKey, ctx.redactor, 'Braintrust delete')
      expectSameKey(ok, ctx.redactor, 'Braintrust delete', id, body.id, sameUuid)
    })
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/v1/project?limit=1',
      headers: bearer(value)
    })
    // 401: invalid or revoked; 403: valid but lacking permission (trufflehog's detector).
    return readProbe(ctx, res, 'Braintrust probe', [200, 403])
  }
}

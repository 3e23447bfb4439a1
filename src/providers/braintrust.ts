import { z } from 'zod'
import { RevocationFailure } from '../errors.js'
import { expectBody, failure, readDelete, readProbe, segment } from './answers.js'
import type { Credential, Provider, ProviderContext } from './types.js'

// Contract: docs/providers/braintrust.md and __fixtures__/openapi/braintrust.yaml.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PAGE = 100
const MAX_PAGES = 200
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    preview_name: z.string(),
    org_id: z.string().nullish()
  })
  .loose()
const Organizations = z.object({ objects: z.array(z.object({ id: z.string() }).loose()) }).loose()
const ApiKeyList = z.object({ objects: z.array(ApiKey) }).loose()

/** A preview's visible start and end, when it has a mask and shows 4 characters or more. */
function previewParts(preview: string): { start: string; end: string } | undefined {
  const mask = /(\*+|…+|\.{3,}|•+)/.exec(preview)
  if (!mask) return undefined
  const start = preview.slice(0, mask.index)
  const end = preview.slice(mask.index + mask[0].length)
  if (/[*…•]/.test(end)) return undefined
  return start.length + end.length >= 4 ? { start, end } : undefined
}

/**
 * Whether a `preview_name` could show this key. Its format is not documented:
 * it is read as visible start, a run of mask characters, visible end. A
 * preview without a mask, or showing fewer than 4 characters, matches nothing.
 */
export function previewMatches(preview: string, value: string): boolean {
  const parts = previewParts(preview)
  if (!parts) return false
  const { start, end } = parts
  return start.length + end.length < value.length && value.startsWith(start) && value.endsWith(end)
}

/**
 * The listed keys' ids by what their previews show, built once a run as the pages come: each
 * key's lookup is then one Map read per preview shape (lengths of start and end), where
 * scanning the whole list for each of 2,000 keys made 4 million matches and GBs of garbage.
 */
/** A listed key as the index keeps it: its id, name and organization. */
interface Listed {
  id: string
  name: string
  org: string | undefined
}

export class PreviewIndex {
  /** By `<start length>,<end length>`: those lengths, and the keys by start and end, in list order. */
  readonly #shapes = new Map<string, { a: number; b: number; ids: Map<string, Listed[]> }>()

  add(key: z.infer<typeof ApiKey>): void {
    const parts = previewParts(key.preview_name)
    if (!parts) return
    const a = parts.start.length
    const b = parts.end.length
    let shape = this.#shapes.get(`${a},${b}`)
    if (!shape) this.#shapes.set(`${a},${b}`, (shape = { a, b, ids: new Map() }))
    const at = `${parts.start}\u0000${parts.end}`
    const listed: Listed = { id: key.id, name: key.name, org: key.org_id ?? undefined }
    const ids = shape.ids.get(at)
    if (ids) ids.push(listed)
    else shape.ids.set(at, [listed])
  }

  /** Every listed key whose preview could show `value` (as `previewMatches`). */
  matches(value: string): Listed[] {
    const found: Listed[] = []
    for (const { a, b, ids } of this.#shapes.values()) {
      // Start and end have the preview's lengths, so equal texts are equal starts and ends.
      if (a + b < value.length)
        found.push(...(ids.get(`${value.slice(0, a)}\u0000${value.slice(value.length - b)}`) ?? []))
    }
    return found
  }
}

async function listKeys(ctx: ProviderContext, auth: Credential): Promise<PreviewIndex> {
  return ctx.memo('api-keys', async () => {
    const index = new PreviewIndex()
    let after: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = `limit=${PAGE}${after ? `&starting_after=${segment(after)}` : ''}`
      const res = await ctx.http.send({
        method: 'GET',
        path: `/v1/api_key?${query}`,
        headers: bearer(auth.secret),
        pace: 'list'
      })
      if (res.status !== 200) throw failure(res, ctx.redactor, 'Braintrust list api_key')
      const { objects } = expectBody(res, ApiKeyList, ctx.redactor, 'Braintrust list api_key')
      for (const key of objects) index.add(key)
      const last = objects.at(-1)?.id
      if (objects.length < PAGE || !last || last === after) return index
      after = last
    }
    throw new RevocationFailure(
      'provider-error',
      `Braintrust list api_key: more than ${MAX_PAGES * PAGE} keys; give key-id`
    )
  })
}

export const braintrust: Provider = {
  id: 'braintrust',
  name: 'Braintrust',
  aliases: [],
  alertNames: /braintrust/i,
  defaultBaseUrl: 'https://api.braintrust.dev',
  tokenHelp:
    'a Braintrust API key of an organization owner or admin (braintrust.dev > Settings > API keys)',
  // Keys inherit their creator's permissions; self-deletion is undocumented.
  selfRevocation: false,
  probeDescription: '`GET /v1/project?limit=1` with the leaked key must answer 401',
  keyShapes: [/(?<![A-Za-z0-9])(?:sk|bt-st)-[A-Za-z0-9]{16,128}/],
  checkId: (id) => (UUID.test(id) ? undefined : 'the key uuid (8-4-4-4-12 hex digits)'),
  checkValue: (value) =>
    /^(sk-|bt-st-)[A-Za-z0-9]{16,128}$/.test(value)
      ? undefined
      : 'a Braintrust key (sk-… or bt-st-…)',
  limits: { concurrency: 4 },

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
      if (body.id.toLowerCase() !== id.toLowerCase())
        throw failure(
          ok,
          ctx.redactor,
          'Braintrust delete: answered for another key',
          'provider-error'
        )
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

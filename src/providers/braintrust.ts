import { z } from 'zod'
import { RevocationFailure } from '../errors.js'
import { expectBody, failure, readDelete, readProbe, segment } from './answers.js'
import type { Credential, Provider, ProviderContext } from './types.js'

// Contract: docs/providers/braintrust.md and __fixtures__/openapi/braintrust.yaml.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PAGE = 100
const MAX_PAGES = 200
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const ApiKey = z.object({ id: z.string(), name: z.string(), preview_name: z.string() }).loose()
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
export class PreviewIndex {
  /** By `<start length>,<end length>`: those lengths, and the ids by start and end, in list order. */
  readonly #shapes = new Map<string, { a: number; b: number; ids: Map<string, string[]> }>()

  add(key: z.infer<typeof ApiKey>): void {
    const parts = previewParts(key.preview_name)
    if (!parts) return
    const a = parts.start.length
    const b = parts.end.length
    let shape = this.#shapes.get(`${a},${b}`)
    if (!shape) this.#shapes.set(`${a},${b}`, (shape = { a, b, ids: new Map() }))
    const at = `${parts.start}\u0000${parts.end}`
    const ids = shape.ids.get(at)
    if (ids) ids.push(key.id)
    else shape.ids.set(at, [key.id])
  }

  /** The ids of every listed key whose preview could show `value` (as `previewMatches`). */
  matches(value: string): string[] {
    const found: string[] = []
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
  checkId: (id) => (UUID.test(id) ? undefined : 'the key uuid (8-4-4-4-12 hex digits)'),
  checkValue: (value) =>
    /^(sk-|bt-st-)[A-Za-z0-9]{16,128}$/.test(value)
      ? undefined
      : 'a Braintrust key (sk-… or bt-st-…)',
  limits: { concurrency: 4 },

  async resolve(ctx, value, auth) {
    const matches = (await listKeys(ctx, auth)).matches(value)
    if (matches.length === 1 && matches[0]) return { kind: 'found', id: matches[0] }
    if (matches.length > 1) return { kind: 'ambiguous', matches: matches.length }
    return { kind: 'not-found' }
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

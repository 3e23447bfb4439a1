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

/**
 * Whether a `preview_name` could show this key. Its format is not documented:
 * it is read as visible start, a run of mask characters, visible end. A
 * preview without a mask, or showing fewer than 4 characters, matches nothing.
 */
export function previewMatches(preview: string, value: string): boolean {
  const mask = /(\*+|…+|\.{3,}|•+)/.exec(preview)
  if (!mask) return false
  const start = preview.slice(0, mask.index)
  const end = preview.slice(mask.index + mask[0].length)
  if (/[*…•]/.test(end)) return false
  const shown = start.length + end.length
  return shown >= 4 && shown < value.length && value.startsWith(start) && value.endsWith(end)
}

async function listKeys(ctx: ProviderContext, auth: Credential): Promise<z.infer<typeof ApiKey>[]> {
  return ctx.memo('api-keys', async () => {
    const all: z.infer<typeof ApiKey>[] = []
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
      all.push(...objects)
      const last = objects.at(-1)?.id
      if (objects.length < PAGE || !last || last === after) return all
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
    const keys = await listKeys(ctx, auth)
    const matches = keys.filter((key) => previewMatches(key.preview_name, value))
    if (matches.length === 1 && matches[0]) return { kind: 'found', id: matches[0].id }
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

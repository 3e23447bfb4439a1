import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ProviderId } from '../../src/providers/types.js'

/**
 * A provider's delete operations, read from its contract fixture: their method, and their paths
 * as one pattern a recorded request path (no query) matches. Fault rules aim at the delete
 * without a copy of its path. The deletes are the fixture's DELETE operations (OpenAI has two:
 * project keys and admin keys), or the one operation marked `x-revokes: true` where revoking is
 * a POST (GitHub's `POST /credentials/revoke`).
 */
export function deleteOperationOf(id: ProviderId): { method: string; path: RegExp } {
  const doc = parse(readFileSync(`__fixtures__/openapi/${id}.yaml`, 'utf8')) as {
    paths: Record<string, Record<string, { 'x-revokes'?: boolean }>>
  }
  const found = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method, op]) => method === 'delete' || op?.['x-revokes'] === true)
      .map(([method]) => ({ template, method: method.toUpperCase() }))
  )
  const methods = [...new Set(found.map((f) => f.method))]
  if (found.length === 0 || methods.length !== 1)
    throw new Error(
      `${id}: expected its delete operations (DELETE, or one marked x-revokes) in its contract, found ${found.length} with methods ${methods.join(', ') || 'none'}`
    )
  const patterns = found.map(({ template }) =>
    template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')
  )
  return { method: methods[0]!, path: new RegExp(`^(?:${patterns.join('|')})$`) }
}

/** The path pattern of a provider's delete operations (see `deleteOperationOf`). */
export function deletePathOf(id: ProviderId): RegExp {
  return deleteOperationOf(id).path
}

import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ProviderId } from '../../src/providers/types.js'

/** A provider's revoking operation in its contract fixture: its method and path template. */
function revokeOperation(id: ProviderId): { method: string; template: string } {
  const doc = parse(readFileSync(`__fixtures__/openapi/${id}.yaml`, 'utf8')) as {
    paths: Record<string, Record<string, unknown>>
  }
  // The one DELETE, or the one operation marked `x-revokes: true` (Anthropic turns a key off
  // with a POST: its Admin API has no delete).
  const found = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(
        ([method, op]) =>
          method === 'delete' || (op as { 'x-revokes'?: unknown } | null)?.['x-revokes'] === true
      )
      .map(([method]) => ({ method: method.toUpperCase(), template }))
  )
  if (found.length !== 1 || !found[0])
    throw new Error(
      `${id}: expected one DELETE operation (or one marked x-revokes) in its contract, found ${found.length}`
    )
  return found[0]
}

/**
 * The path of a provider's delete operation, read from its contract fixture, as a pattern a
 * recorded request path (no query) matches: fault rules aim at the delete without a copy of
 * its path.
 */
export function deletePathOf(id: ProviderId): RegExp {
  const pattern = revokeOperation(id)
    .template.split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${pattern}$`)
}

/** The method of a provider's delete operation: `DELETE`, or the method its contract marks. */
export function deleteMethodOf(id: ProviderId): string {
  return revokeOperation(id).method
}

import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ProviderId } from '../../src/providers/types.js'

/**
 * A provider's delete operation, read from its contract fixture: its method, and its path as a
 * pattern a recorded request path (no query) matches. Fault rules aim at the delete without a
 * copy of its path. The delete is the fixture's one DELETE operation, or the one operation
 * marked `x-revokes: true` where revoking is a POST (GitHub's `POST /credentials/revoke`).
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
  if (found.length !== 1)
    throw new Error(
      `${id}: expected one delete operation (DELETE, or marked x-revokes) in its contract, found ${found.length}`
    )
  const pattern = found[0]!.template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return { method: found[0]!.method, path: new RegExp(`^${pattern}$`) }
}

/** The path pattern of a provider's delete operation (see `deleteOperationOf`). */
export function deletePathOf(id: ProviderId): RegExp {
  return deleteOperationOf(id).path
}

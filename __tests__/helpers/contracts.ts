import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ProviderId } from '../../src/providers/types.js'

/**
 * A provider's delete operation, read from its contract fixture: its method, and its path as a
 * pattern a recorded request path (no query) matches. Fault rules aim at the delete without a
 * copy of its path. The delete is the one DELETE operation or, for a provider that revokes
 * with another method (Slack's `POST /api/auth.revoke`), the one operation marked
 * `x-revokes: true`.
 */
export function deleteOperationOf(id: ProviderId): { method: string; path: RegExp } {
  const doc = parse(readFileSync(`__fixtures__/openapi/${id}.yaml`, 'utf8')) as {
    paths: Record<string, Record<string, unknown>>
  }
  const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({ template, method, op }))
  )
  let found = operations.filter((o) => o.method === 'delete')
  if (found.length === 0)
    found = operations.filter((o) => (o.op as Record<string, unknown>)['x-revokes'] === true)
  if (found.length !== 1)
    throw new Error(
      `${id}: expected one DELETE operation (or one marked x-revokes) in its contract, found ${found.length}`
    )
  const { template, method } = found[0]!
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return { method: method.toUpperCase(), path: new RegExp(`^${pattern}$`) }
}

/** The path pattern of a provider's delete operation (see `deleteOperationOf`). */
export function deletePathOf(id: ProviderId): RegExp {
  return deleteOperationOf(id).path
}

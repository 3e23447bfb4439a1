import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ProviderId } from '../../src/providers/types.js'

/**
 * The path of a provider's delete operations, read from its contract fixture, as a pattern a
 * recorded request path (no query) matches: fault rules aim at the delete without a copy of
 * its path. A provider with several (GitLab: by id, self, project, group) matches any of them.
 */
export function deletePathOf(id: ProviderId): RegExp {
  const doc = parse(readFileSync(`__fixtures__/openapi/${id}.yaml`, 'utf8')) as {
    paths: Record<string, Record<string, unknown>>
  }
  const templates = Object.entries(doc.paths)
    .filter(([, item]) => 'delete' in item)
    .map(([template]) => template)
  if (templates.length === 0) throw new Error(`${id}: no DELETE operation in its contract`)
  const patterns = templates.map((template) =>
    template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')
  )
  return new RegExp(`^(?:${patterns.join('|')})$`)
}

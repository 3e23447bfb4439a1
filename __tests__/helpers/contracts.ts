import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ProviderId } from '../../src/providers/types.js'

/**
 * A provider's delete operations, read from its contract fixture: their method, and their paths
 * as one pattern a recorded request path (no query) matches. Fault rules aim at the delete
 * without a copy of its path. The deletes are the fixture's DELETE operations (OpenAI has two:
 * project keys and admin keys), or the one operation marked `x-revokes: true` where revoking is
 * a POST (GitHub's `POST /credentials/revoke`). `status`: the success status they document
 * (200; GitLab 204, GitHub 202).
 */
export function deleteOperationOf(id: ProviderId): {
  method: string
  path: RegExp
  /** The body the delete carries, where its path does not tell it apart (AWS's awsQuery). */
  body?: RegExp
  status: number
} {
  // A Smithy awsQuery provider: every operation is `POST /`, the revoking one marked by its
  // Action (IAM's UpdateAccessKey, which answers 200).
  if (existsSync(`src/providers/${id}/smithy.json`))
    return { method: 'POST', path: /^\/$/, body: /^Action=UpdateAccessKey&/, status: 200 }
  const doc = parse(readFileSync(`src/providers/${id}/openapi.yaml`, 'utf8')) as {
    paths: Record<string, Record<string, { 'x-revokes'?: boolean; responses?: object }>>
  }
  const found = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method, op]) => method === 'delete' || op?.['x-revokes'] === true)
      .map(([method, op]) => ({
        template,
        method: method.toUpperCase(),
        status: Object.keys(op?.responses ?? {}).find((code) => /^2\d\d$/.test(code))
      }))
  )
  const methods = [...new Set(found.map((f) => f.method))]
  const statuses = [...new Set(found.map((f) => f.status))]
  if (found.length === 0 || methods.length !== 1 || statuses.length !== 1 || !statuses[0])
    throw new Error(
      `${id}: expected its delete operations (DELETE, or one marked x-revokes) in its contract, with one method and one success status; found ${found.length}, methods ${methods.join(', ') || 'none'}, statuses ${statuses.join(', ')}`
    )
  const patterns = found.map(({ template }) =>
    template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')
  )
  return {
    method: methods[0]!,
    path: new RegExp(`^(?:${patterns.join('|')})$`),
    status: Number(statuses[0])
  }
}

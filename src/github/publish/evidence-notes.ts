import { createHash } from 'node:crypto'
import { PROVIDERS } from '../../providers/registry.js'
import { alertKey, type KeyResult } from '../../model.js'
import { evidenceMarker } from '../read/evidence.js'

// The evidence a run keeps of keys it revoked and proved dead whose alerts it could not
// resolve: the comments that carry the markers read/evidence.ts reads back on the next sweep
// (why that evidence exists, and how far it is trusted, is said there).

/**
 * Characters of alert lines per evidence comment: with its heading and marker it stays well
 * under a comment's 65,536 (a line takes 150 to 500, by the length of the repository's name).
 */
const LINES_PER_COMMENT_CHARS = 50_000

/**
 * The evidence this run keeps: each key it revoked and proved dead (`verified: true`) whose
 * alerts it tried and failed to resolve. Pure; the text holds fingerprints, never a value.
 */
export function evidenceNotes(
  results: readonly KeyResult[],
  unresolved: ReadonlySet<string>,
  run: { id: string; url?: string }
): Array<{ marker: string; body: string; alerts: number }> {
  const lines: string[] = []
  for (const r of results) {
    if (r.outcome !== 'revoked' || r.verified !== true || !r.provider) continue
    if (!r.keyRef.startsWith('sha256:')) continue
    for (const a of r.alerts ?? []) {
      if (a.resolved || !unresolved.has(alertKey(a))) continue
      lines.push(
        `- \`${alertKey(a)}\`: ${PROVIDERS[r.provider].name} key \`${r.keyRef}\` ${evidenceMarker(run.id, r.provider, r.keyRef, a)}`
      )
    }
  }
  const parts: string[][] = []
  let size = Infinity
  for (const line of lines) {
    if (size + line.length + 1 > LINES_PER_COMMENT_CHARS) {
      parts.push([])
      size = 0
    }
    parts[parts.length - 1]?.push(line)
    size += line.length + 1
  }
  const runLink = run.url ? `[Workflow run ${run.id}](${run.url})` : `Workflow run ${run.id}`
  return parts.map((part) => {
    // Named by its content: a re-run that keeps the same evidence posts nothing twice.
    const set = createHash('sha256').update(part.join('\n')).digest('hex').slice(0, 12)
    return {
      marker: `<!-- revoke-leaked-keys evidence run:${run.id} set:${set} -->`,
      body: [
        `### 🔑 Revoked and proven dead, but the alert is still open: ${part.length} alert(s)`,
        '',
        `${runLink} revoked the key of each alert below and saw it die (it worked before the delete and was refused after), but GitHub did not take the alert's resolution.`,
        '',
        `**Next:** nothing, if a sweep runs again: it resolves each alert as revoked once the provider refuses the key again, citing this run. Or close the alerts by hand as "Revoked".`,
        '',
        ...part,
        '',
        "_The hidden line markers are the evidence the next sweep reads. It trusts them only in comments written by this action's token, and only for a key the provider refuses when asked again._"
      ].join('\n'),
      alerts: part.length
    }
  })
}

import type { KeyResult, RotationOutcome } from '../model.js'

// The report's part on rotation: one row per key the run meant to rotate. A key revoked
// without a working replacement is said in red: its secret now holds a dead key.

const LABEL: Record<RotationOutcome, string> = {
  rotated: '✅ replaced',
  'replaced-earlier': '✅ replaced by an earlier run',
  failed: '🟥 NO REPLACEMENT',
  'no-create-call': '🟥 NO REPLACEMENT (no create call)',
  'not-attempted': '🟥 NO REPLACEMENT'
}

/** Rows shown at most; the `result` output and the report file carry every key. */
const MAX_ROWS = 50

const cell = (text: string) =>
  text
    .replace(/\r?\n/g, ' ')
    .replace(/[|<>`\\]/g, (c) => `\\${c}`)
    .replace(/@/g, '&#64;')

/** What became of the leaked key, for the row. */
function leaked(r: KeyResult): string {
  if (r.outcome === 'revoked' || r.outcome === 'revoked-earlier') return 'revoked'
  if (r.outcome === 'submitted') return 'revocation sent, not proven'
  return 'NOT revoked'
}

export function rotationLines(results: readonly KeyResult[]): string[] {
  const rotated = results.filter((r) => r.rotation)
  if (rotated.length === 0) return []
  const rows = rotated.slice(0, MAX_ROWS).map((r) => {
    const rot = r.rotation!
    const ok = rot.outcome === 'rotated' || rot.outcome === 'replaced-earlier'
    const state = leaked(r)
    const loud =
      !ok && state === 'revoked'
        ? '**The leaked key was revoked anyway (a leak beats an outage): the workflows that read this secret fail until it holds a working key.** '
        : ''
    return `| \`${cell(r.keyRef)}\` | ${rot.secret ? `\`${cell(rot.secret)}\`` : '–'} | ${rot.newKeyRef ? `\`${cell(rot.newKeyRef)}\`` : '–'} | ${state} | ${LABEL[rot.outcome]} | ${loud}${cell(`${state === 'revoked' ? 'Revoked; ' : ''}${rot.message}`)} |`
  })
  const more = rotated.length - rows.length
  return [
    '### 🔁 Rotate, then revoke',
    '',
    '| Leaked key | Secret | Replacement | Leaked key now | Replacement outcome | Details |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...(more > 0 ? ['', `${more} more key(s): see the \`result\` output or the report file.`] : []),
    ''
  ]
}

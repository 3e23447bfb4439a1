import { needsAPerson } from '../revoke/result.js'
import type { KeyResult, Outcome, RunStatus } from '../model.js'
import { BUDGET, type Limit } from './size-limits.js'

/** The action's step outputs, all strings. */
export interface Outputs {
  status: RunStatus
  revoked: string
  failed: string
  'not-found': string
  result: string
  /** Path of the report file (JSON Lines, one object per key); empty until it is written. */
  'report-file': string
}

/** What the outputs say before anything has run, so a crash still leaves them defined. */
export const DEFAULT_OUTPUTS: Outputs = {
  status: 'none',
  revoked: '0',
  failed: '0',
  'not-found': '0',
  result: '[]',
  'report-file': ''
}

/** One key as `result` and the report file show it. */
export function resultEntry(r: KeyResult): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    provider: r.provider,
    keyRef: r.keyRef,
    outcome: r.outcome,
    verified: r.verified,
    httpStatus: r.httpStatus,
    attempts: r.attempts
  }
  if (r.reason) entry.reason = r.reason
  if (r.message) entry.message = r.message
  entry.durationMs = r.durationMs
  // The README promises it: the one place a script can learn which bystander key to restore.
  if (r.collateral) entry.collateral = r.collateral
  if (r.earlier) entry.earlier = r.earlier
  // The replacement's id (or fingerprint) and its secret's name: never its value.
  if (r.rotation) entry.rotation = r.rotation
  const [first] = r.alerts ?? []
  if (first) {
    entry.alertNumber = first.number
    entry.alertUrl = first.url
    entry.repository = first.repository
    entry.alerts = r.alerts
  }
  return entry
}

/** The last entry of a `result` that was cut: it has no `outcome`, and says where the rest is. */
export interface ResultCut {
  truncated: true
  /** Keys in the run. */
  keys: number
  /** Entries before this one. */
  listed: number
  /** Keys left out, by outcome. */
  omitted: Partial<Record<Outcome, number>>
  /** The report file, which has every key ('' when it could not be written). */
  reportFile: string
  note: string
}

export interface OutputOptions {
  /** The report file's path, when it was written. */
  reportFile?: string
  /** Applied to each entry before it is measured (the run's redactor). */
  redact?: (text: string) => string
  /** The most `result` may take; default BUDGET.result. */
  limit?: Limit
}

function cutMarker(
  results: readonly KeyResult[],
  listed: readonly KeyResult[],
  reportFile: string | undefined,
  needed: number
): ResultCut {
  const omitted: Partial<Record<Outcome, number>> = {}
  const shown = new Set(listed)
  for (const r of results) if (!shown.has(r)) omitted[r.outcome] = (omitted[r.outcome] ?? 0) + 1
  const which =
    listed.length === needed
      ? `only the ${needed} key(s) that need a person (failed, not-found, submitted or left open)`
      : `only ${listed.length} of the ${needed} keys that need a person (failed, not-found, submitted or left open): even those did not all fit`
  const where = reportFile
    ? `every key is in the report file ${reportFile} (the report-file output)`
    : 'the report file could not be written'
  return {
    truncated: true,
    keys: results.length,
    listed: listed.length,
    omitted,
    reportFile: reportFile ?? '',
    note: `result was cut to stay under GitHub's limit on outputs: it lists ${which}; ${where}.`
  }
}

/**
 * The `result` output: every key when it fits in `limit`; otherwise the keys that need a
 * person, as many as fit, and a last entry (`ResultCut`) that says it was cut.
 */
function renderResult(results: readonly KeyResult[], options: OutputOptions): string {
  const redact = options.redact ?? ((text: string) => text)
  const { max, measure } = options.limit ?? BUDGET.result
  const json = (r: KeyResult) => redact(JSON.stringify(resultEntry(r)))
  // Each entry costs its own size and a comma; the brackets cost about as much as one comma.
  let size = measure('[]')
  const whole: string[] = []
  for (const r of results) {
    const entry = json(r)
    size += measure(entry) + measure(',')
    if (size > max) break
    whole.push(entry)
  }
  if (whole.length === results.length) return `[${whole.join(',')}]`

  const needing = results.filter(needsAPerson)
  // Room for the marker at its longest: every count as large as the run.
  let room =
    max -
    measure('[]') -
    measure(redact(JSON.stringify(cutMarker(results, [], options.reportFile, results.length)))) -
    2 * measure(',')
  const listed: KeyResult[] = []
  const parts: string[] = []
  for (const r of needing) {
    const entry = json(r)
    const cost = measure(entry) + measure(',')
    if (cost > room) break
    listed.push(r)
    parts.push(entry)
    room -= cost
  }
  parts.push(redact(JSON.stringify(cutMarker(results, listed, options.reportFile, needing.length))))
  return `[${parts.join(',')}]`
}

export function renderOutputs(
  status: RunStatus,
  results: readonly KeyResult[],
  options: OutputOptions = {}
): Outputs {
  return {
    status,
    revoked: String(results.filter((r) => r.outcome === 'revoked').length),
    failed: String(results.filter((r) => r.outcome === 'failed').length),
    'not-found': String(results.filter((r) => r.outcome === 'not-found').length),
    result: renderResult(results, options),
    'report-file': options.reportFile ?? ''
  }
}

import * as core from '@actions/core'
import { isDone, isRevoked } from '../revoke/result.js'
import type { KeyResult } from '../model.js'
import type { Redactor } from '../secrets.js'
import { escapeMarkdown, number, providerName } from './markdown.js'
import type { Outputs } from './outputs.js'
import { writeReportFile } from './report-file.js'

// What a run hands to the runner: step outputs, the job summary, annotations, the report file.

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export function setOutputs(outputs: Outputs, redactor: Redactor): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redactor.redact(value))
}

/** Writes the report file; its path, or undefined (with a warning) when it could not be written. */
export async function saveReport(
  path: string,
  results: readonly KeyResult[],
  redactor: Redactor
): Promise<string | undefined> {
  try {
    await writeReportFile(path, results, (text) => redactor.redact(text))
    return path
  } catch (error) {
    core.warning(`Could not write the report file ${path}: ${message(error)}`)
    return undefined
  }
}

/** Writes the job summary (or, outside a runner, logs it); never throws. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown)
    return
  }
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${message(error)}`)
  }
}

/** The summary of a run that stopped on an error: what was deleted before it, if anything. */
export function failureSummary(safeError: string, results: readonly KeyResult[]): string {
  const revoked = results.filter(isRevoked).length
  const said =
    results.length === 0
      ? '**Nothing was deleted.**'
      : revoked === 0
        ? `**No key was revoked** before the run stopped (${results.length} key(s) have a result: see the \`result\` output and the report file).`
        : `**${revoked} key(s) WERE revoked before the run stopped**; see the \`result\` output and the report file for each key. Keys without a result there may still be alive: run again.`
  return `## 🔑 Leaked key revocation: failed\n\n${said} ${escapeMarkdown(safeError)}\n`
}

/**
 * Annotations of each kind (error, warning, notice) GitHub shows per step: "GitHub Actions are
 * limited to 10 warning annotations and 10 error annotations per step" (GitHub's REST
 * description, check runs' `output.annotations`); notices are held to the same. Past that a
 * line still costs a log line and shows nothing.
 */
export const ANNOTATIONS_PER_KIND = 10

/** Where annotations go: `@actions/core`, or a test's recorder. */
export type Annotator = Pick<typeof core, 'error' | 'warning' | 'notice'>

// Not `core` itself: a value use of the namespace keeps all of @actions/core in the bundle
// (its OIDC client and process helpers, 800 KB), which is otherwise left out.
const TO_RUNNER: Annotator = {
  error: (text, props) => core.error(text, props),
  warning: (text, props) => core.warning(text, props),
  notice: (text, props) => core.notice(text, props)
}

type Kind = 'error' | 'warning' | 'notice'
interface Annotation {
  kind: Kind
  text: string
  title: string
  /** What the key is, in a few words, for the count of those left out. */
  label: string
  /** Lower first: within a kind, the keys a person must act on soonest. */
  rank: number
}

/** A key's annotation, or undefined for keys that get none (dry run, skipped). */
function annotation(r: KeyResult): Annotation | undefined {
  const where = `${providerName(r)} key ${r.keyRef}`
  const stillWorks = r.verified === false || r.collateral !== undefined
  switch (r.outcome) {
    case 'failed':
      return {
        kind: 'error',
        text: `${where}: ${r.reason ?? 'failed'}: ${r.message ?? ''}`,
        title: 'Leaked key NOT revoked',
        label: 'failed',
        // A key seen working after the delete (or a deleted bystander) comes first.
        rank: stillWorks ? 0 : 1
      }
    case 'not-found':
      return {
        kind: 'error',
        text: `${where}: not found: ${r.message ?? ''}`,
        title: 'Leaked key NOT revoked: not found',
        label: 'not found',
        rank: 2
      }
    case 'submitted':
      return {
        kind: 'warning',
        text: `${where}: sent, not proven: ${r.message ?? ''}`,
        title: 'Leaked key sent for revocation, NOT proven dead',
        label: 'sent, not proven',
        rank: 0
      }
    case 'revoked-earlier':
      return isDone(r)
        ? {
            kind: 'notice',
            text: `${where}: revoked by an earlier run (run ${r.earlier?.runId ?? '?'}); its alerts are resolved now`,
            title: 'Leaked key revoked earlier: alerts resolved',
            label: 'revoked earlier',
            rank: 1
          }
        : {
            kind: 'warning',
            text: `${where}: revoked earlier, alerts still open: ${r.message ?? ''}`,
            title: 'Leaked key revoked earlier: its alerts are still open',
            label: 'revoked earlier, alerts still open',
            rank: 1
          }
    case 'revoked':
      return {
        kind: 'notice',
        text: `${where}: ${r.outcome}${r.verified ? ', verified dead' : ''}`,
        title: 'Leaked key revoked',
        label: 'revoked',
        rank: 0
      }
    default:
      return undefined
  }
}

/** The one annotation that stands for the keys of a kind past the limit. */
function rest(kind: Kind, left: readonly Annotation[]): Pick<Annotation, 'text' | 'title'> {
  const counts = new Map<string, number>()
  for (const a of left) counts.set(a.label, (counts.get(a.label) ?? 0) + 1)
  const which = [...counts].map(([title, n]) => `${number(n)} ${title}`).join('; ')
  const title =
    kind === 'error'
      ? 'More leaked keys NOT revoked'
      : kind === 'warning'
        ? 'More leaked keys to check'
        : 'More leaked keys revoked'
  return {
    title,
    text: `${number(left.length)} more key(s) (${which}). GitHub shows ${ANNOTATIONS_PER_KIND} annotations of a kind per step: the job summary and the \`report-file\` output list every key.`
  }
}

/**
 * Annotations for the keys that need a person or were revoked: at most ANNOTATIONS_PER_KIND of
 * each kind, the most urgent first (a key that still works, then other failures, then keys not
 * found), the last one of a full kind counting the keys it leaves out. A sweep of 10,000 keys
 * thus writes at most 30 annotation lines, not 10,000.
 */
export function annotate(results: readonly KeyResult[], out: Annotator = TO_RUNNER): void {
  const byKind: Record<Kind, Annotation[]> = { error: [], warning: [], notice: [] }
  for (const r of results) {
    const a = annotation(r)
    if (a) byKind[a.kind].push(a)
  }
  for (const kind of ['error', 'warning', 'notice'] as const) {
    // Stable: keys of one rank keep the order of the results.
    const all = byKind[kind].sort((a, b) => a.rank - b.rank)
    const shown = all.length > ANNOTATIONS_PER_KIND ? all.slice(0, ANNOTATIONS_PER_KIND - 1) : all
    const left = all.slice(shown.length)
    for (const a of left.length > 0 ? [...shown, rest(kind, left)] : shown)
      out[kind](a.text, { title: a.title })
  }
}

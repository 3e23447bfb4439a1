import * as core from '@actions/core'
import { isRevoked, type KeyResult } from '../revoke/result.js'
import type { Redactor } from '../secrets.js'
import { escapeMarkdown, providerName } from './markdown.js'
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

/** One annotation per key that needs a person or was revoked. */
export function annotate(results: readonly KeyResult[]): void {
  for (const r of results) {
    const where = `${providerName(r)} key ${r.keyRef}`
    if (r.outcome === 'failed')
      core.error(`${where}: ${r.reason ?? 'failed'}: ${r.message ?? ''}`, {
        title: 'Leaked key NOT revoked'
      })
    else if (r.outcome === 'not-found')
      core.error(`${where}: not found: ${r.message ?? ''}`, {
        title: 'Leaked key NOT revoked: not found'
      })
    else if (r.outcome === 'submitted')
      core.warning(`${where}: sent, not proven: ${r.message ?? ''}`, {
        title: 'Leaked key sent for revocation, NOT proven dead'
      })
    else if (isRevoked(r))
      core.notice(`${where}: ${r.outcome}${r.verified ? ', verified dead' : ''}`, {
        title: 'Leaked key revoked'
      })
  }
}

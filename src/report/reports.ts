import type { KeyResult, RunStatus } from '../model.js'
import { BUDGET, fit } from './size-limits.js'
import { renderReport } from './markdown.js'
import { renderOutputs, type Outputs } from './outputs.js'

export interface RunReport {
  status: RunStatus
  results: readonly KeyResult[]
  dryRun: boolean
  runUrl?: string
  /** The report file, when it was written. */
  reportFile?: string
}

/** Everything a run reports, each part redacted and within its GitHub limit. */
export interface Reports {
  outputs: Outputs
  /** The job summary: under 1,000 KiB of UTF-8. */
  summary: string
  /** The comment body: under 64,000 characters, before the marker line. */
  comment: string
}

export function renderReports(input: RunReport, redact: (text: string) => string): Reports {
  const outputs = renderOutputs(input.status, input.results, {
    redact,
    ...(input.reportFile ? { reportFile: input.reportFile } : {})
  })
  const summary = fit(
    (max) => renderReport(input, { ...BUDGET.summary, max }, 'summary'),
    redact,
    BUDGET.summary
  )
  const comment = fit(
    (max) => renderReport(input, { ...BUDGET.comment, max }, 'comment'),
    redact,
    BUDGET.comment
  )
  return { outputs, summary, comment }
}

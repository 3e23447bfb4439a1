/**
 * GitHub's limits on what a step writes, measured the way GitHub measures them, and the share
 * of each that this action allows itself. A report that does not fit is cut: GitHub would not
 * cut it, it would refuse it (a summary over its limit is not shown at all).
 */

/** How large a text is, in the unit a limit is counted in. */
export type Measure = (text: string) => number

/** UTF-8 bytes: the job summary's unit. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8')

/** UTF-16 code units: a comment's characters (never fewer than its code points). */
export const utf16Units: Measure = (text) => text.length

export interface Limit {
  /** Largest size allowed, in `measure`'s unit. */
  max: number
  measure: Measure
}

/** GitHub's own limits. */
export const GITHUB = {
  /** A step's job summary: 1,024 KiB of UTF-8; GitHub shows none of a larger one. */
  summaryBytes: 1024 * 1024,
  /** An issue or pull request comment: 65,536 characters. */
  commentChars: 65_536,
  /** All outputs of a job together: 1 MB, sized as UTF-16 (2 bytes a code unit). */
  jobOutputsBytes: 1_000_000
} as const

/** What this action allows itself of each. */
export const BUDGET = {
  /**
   * The summary: 1,000 KiB, leaving 24 KiB of GitHub's 1,024 for the line end the toolkit adds
   * and for anything else the step writes to the same file.
   */
  summary: { max: 1000 * 1024, measure: utf8Bytes },
  /**
   * The comment: 64,000 characters, leaving room for the hidden marker line that finds it
   * again on a re-run, and staying under the 65,000 at which the comment writer cuts blindly.
   */
  comment: { max: 64_000, measure: utf16Units },
  /**
   * The `result` output: 512 KiB as UTF-16 (262,144 code units), about half of the job's 1 MB.
   * The other half is left to this action's other outputs (a few hundred bytes) and to other
   * steps of the same job, whose outputs count against the same megabyte.
   */
  result: { max: 512 * 1024, measure: (text: string) => 2 * text.length }
} satisfies Record<string, Limit>

/**
 * Renders within a limit, after redaction: `render` gets a size to stay under, the result is
 * redacted and measured, and rendered again smaller in the rare case redaction made it grow
 * (a secret shorter than the `***` that replaces it). `render` must shrink with its budget.
 */
export function fit(
  render: (max: number) => string,
  redact: (text: string) => string,
  limit: Limit
): string {
  let max = limit.max
  for (let attempt = 0; attempt < 4; attempt++) {
    const text = redact(render(max))
    const size = limit.measure(text)
    if (size <= limit.max) return text
    max -= size - limit.max + 1024
  }
  return redact(render(0))
}

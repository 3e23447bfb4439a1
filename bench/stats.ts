// Figures: medians, and the table the bench prints (Markdown, so docs/performance.md can quote it).

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const ms = (value: number): string =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`

export const mb = (value: number): string => `${value.toFixed(0)} MB`

export interface Row {
  scenario: string
  runs: number | string
  median: string
  bound: string
  ratio: string
  target: string
  met: boolean | undefined
  notes: string
}

/** A Markdown table with aligned columns. */
export function table(rows: readonly Row[]): string {
  const head = ['Scenario', 'Runs', 'Median', 'Bound', 'Ratio', 'Target', 'Met', 'Notes']
  const cells = rows.map((r) => [
    r.scenario,
    String(r.runs),
    r.median,
    r.bound,
    r.ratio,
    r.target,
    r.met === undefined ? '' : r.met ? 'yes' : '**no**',
    r.notes
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`
  return [
    line(head),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.map(line)
  ].join('\n')
}

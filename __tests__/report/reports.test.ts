import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BUDGET, GITHUB, fit, utf8Bytes } from '../../src/report/size-limits.js'
import { renderReport } from '../../src/report/markdown.js'
import { renderOutputs, resultEntry, type ResultCut } from '../../src/report/outputs.js'
import { reportFilePath, writeReportFile } from '../../src/report/report-file.js'
import { renderReports } from '../../src/report/reports.js'
import type { ProviderId } from '../../src/providers/types.js'
import { needsAPerson, runStatus } from '../../src/revoke/result.js'
import type { KeyResult } from '../../src/model.js'
import { Redactor, fingerprint } from '../../src/secrets.js'

// Reports of any size stay within GitHub's limits, measured as GitHub measures them: the job
// summary in UTF-8 bytes, a comment in characters, outputs in UTF-16.

const PROVIDERS: ProviderId[] = ['vastai', 'baseten', 'braintrust', 'quiva', 'cometapi']
const REPORT_FILE = '/runner/temp/revoke-leaked-keys-revoke.jsonl'

/** The secret behind key i (registered with the redactor, never in a report). */
const secretOf = (i: number) => `ms-${i.toString(16).padStart(32, '0')}`

/**
 * `n` keys as a sweep leaves them: most revoked and verified, with an alert each; one in
 * `failEvery` failed with a provider's message, one in `failEvery + 1` not found, a few
 * unmapped alerts.
 */
function sweepResults(n: number, failEvery = 40): KeyResult[] {
  return Array.from({ length: n }, (_, i): KeyResult => {
    const provider = PROVIDERS[i % PROVIDERS.length]!
    const repository = `acme/repo-${String(i % 20).padStart(2, '0')}`
    const alerts = [
      {
        repository,
        number: i + 1,
        url: `https://github.com/${repository}/security/secret-scanning/${i + 1}`,
        resolved: false
      }
    ]
    const base = {
      provider,
      keyRef: fingerprint(secretOf(i)),
      verified: true,
      httpStatus: 200,
      attempts: 1,
      durationMs: 800 + (i % 300),
      alerts
    }
    if (i % failEvery === 7)
      return {
        ...base,
        outcome: 'failed',
        reason: 'provider-error',
        verified: null,
        httpStatus: 500,
        attempts: 4,
        // A message that once held the key: the engine redacts it, the report must not undo that.
        message: `Provider delete: HTTP 500: {"error":"internal","key":"***"} after 4 attempt(s) for ${repository}`
      }
    if (i % (failEvery + 1) === 3)
      return {
        ...base,
        outcome: 'not-found',
        verified: null,
        httpStatus: 404,
        message: 'Nothing was deleted. The key did not authenticate before the delete (HTTP 401).'
      }
    if (i % 97 === 5)
      return {
        ...base,
        provider: null,
        outcome: 'skipped',
        verified: null,
        httpStatus: null,
        attempts: 0,
        durationMs: 0,
        message: `alert ${repository}#${i + 1}: secret type "Acme token" maps to no provider.`
      }
    return {
      ...base,
      outcome: 'revoked',
      message:
        'Deleted and verified dead: the key worked before the delete and is refused after it.'
    }
  })
}

function redactorFor(n: number): Redactor {
  const redactor = new Redactor()
  for (let i = 0; i < n; i++) redactor.add(secretOf(i))
  return redactor
}

/** Each output's name and value, sized as GitHub sizes a job's outputs. */
const outputsUtf16Bytes = (outputs: Record<string, string>) =>
  Object.entries(outputs).reduce((sum, [k, v]) => sum + 2 * (k.length + v.length), 0)

/** The rows of the summary's key tables, in order, as [section, keyRef]. */
function listedKeys(markdown: string): Array<[string, string]> {
  const keys: Array<[string, string]> = []
  let section = ''
  for (const line of markdown.split('\n')) {
    if (line.startsWith('### ')) section = line
    const match = /^\| [^|]+ \| `([^`]+)` \|/.exec(line)
    if (match) keys.push([section, match[1]!])
  }
  return keys
}

describe('reports hold at any size', () => {
  it.each([1, 100, 10_000, 50_000])(
    '%i keys: summary, comment and outputs within GitHub limits, failures first',
    async (n) => {
      const results = sweepResults(n)
      const redactor = redactorFor(n)
      const status = runStatus(results, false)
      const reports = renderReports(
        {
          status,
          results,
          dryRun: false,
          runUrl: 'https://github.com/acme/app/actions/runs/1',
          reportFile: REPORT_FILE
        },
        (text) => redactor.redact(text)
      )

      // Summary: UTF-8 bytes, under 1,024 KiB (and the action's own 1,000 KiB).
      expect(utf8Bytes(reports.summary)).toBeLessThanOrEqual(BUDGET.summary.max)
      expect(utf8Bytes(reports.summary)).toBeLessThan(GITHUB.summaryBytes)
      // Comment: characters, with room for the marker line the comment writer puts first.
      expect(reports.comment.length).toBeLessThanOrEqual(BUDGET.comment.max)
      expect(reports.comment.length + 1_000).toBeLessThan(GITHUB.commentChars)
      // Outputs: UTF-16, `result` within its half of the job's megabyte.
      expect(2 * reports.outputs.result.length).toBeLessThanOrEqual(BUDGET.result.max)
      expect(outputsUtf16Bytes({ ...reports.outputs })).toBeLessThan(GITHUB.jobOutputsBytes)

      for (const text of [reports.summary, reports.comment, reports.outputs.result])
        expect(redactor.leaks(text)).toBe(false)

      // Whatever is listed, the keys that need a person come first, in one section.
      for (const markdown of [reports.summary, reports.comment]) {
        const listed = listedKeys(markdown)
        const firstOther = listed.findIndex(([section]) => !section.includes('need a person'))
        const needing = listed.filter(([section]) => section.includes('need a person'))
        expect(needing.length).toBe(firstOther < 0 ? listed.length : firstOther)
        expect(markdown).toContain('| Provider | Keys |')
      }

      const entries = JSON.parse(reports.outputs.result) as Array<Record<string, unknown>>
      const needing = results.filter(needsAPerson)
      if (n <= 100) {
        // Small runs: everything, whole, in the order of the keys.
        expect(entries).toEqual(results.map((r) => JSON.parse(JSON.stringify(resultEntry(r)))))
        expect(listedKeys(reports.summary)).toHaveLength(n)
        expect(reports.summary).not.toContain('are not listed here')
      } else {
        // Large runs: the keys that need a person, then a last entry that says it was cut.
        const marker = entries.at(-1) as unknown as ResultCut
        expect(marker).toMatchObject({ truncated: true, keys: n, reportFile: REPORT_FILE })
        expect(marker.note).toContain(REPORT_FILE)
        expect(entries.slice(0, -1).map((e) => e.keyRef)).toEqual(
          needing.slice(0, marker.listed).map((r) => r.keyRef)
        )
        expect(
          entries.slice(0, -1).every((e) => e.outcome === 'failed' || e.outcome === 'not-found')
        ).toBe(true)
        const omitted = Object.values(marker.omitted).reduce((a, b) => a + (b ?? 0), 0)
        expect(marker.listed + omitted).toBe(n)
        // The comment is cut, and says by how much and where the rest is.
        expect(reports.comment).toMatch(/\*\*[\d,]+ of [\d,]+ keys are not listed here\*\*/)
        expect(reports.comment).toContain('revoke-leaked-keys-revoke.jsonl')
        expect(reports.comment).toContain(
          '[workflow run](https://github.com/acme/app/actions/runs/1)'
        )
      }
      if (n >= 10_000) {
        expect(reports.summary).toMatch(/keys are not listed here\*\* \([\d,]+ that need a person/)
        expect(reports.summary).toContain("GitHub's limit of 1,024 KiB for a job summary")
      }
    },
    60_000
  )

  // As for the sizes above, a time limit with room: seconds of CPU, which a busy machine
  // stretches several times.
  it('10,000 keys: every failed or not-found key is named in the summary or the report file', async () => {
    const n = 10_000
    const results = sweepResults(n)
    const redactor = redactorFor(n)
    const dir = await mkdtemp(join(tmpdir(), 'report-limits-'))
    try {
      const path = reportFilePath({ RUNNER_TEMP: dir, GITHUB_ACTION: 'revoke' })
      await writeReportFile(path, results, (text) => redactor.redact(text))
      const { summary } = renderReports(
        { status: 'partial', results, dryRun: false, reportFile: path },
        (text) => redactor.redact(text)
      )
      const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
      expect(lines).toHaveLength(n)
      const inFile = new Set(lines.map((l) => (JSON.parse(l) as { keyRef: string }).keyRef))
      const inSummary = new Set(listedKeys(summary).map(([, key]) => key))
      const needing = results.filter(needsAPerson)
      expect(needing.length).toBeGreaterThan(400)
      for (const r of needing) expect(inSummary.has(r.keyRef) || inFile.has(r.keyRef)).toBe(true)
      // Here they all fit in the summary itself, ahead of the revoked keys.
      for (const r of needing) expect(inSummary.has(r.keyRef)).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('when even the keys that need a person do not fit, each part says so', () => {
    // 50,000 failures with long messages: more than any limit holds.
    const results = sweepResults(50_000, 1).map((r): KeyResult => ({
      ...r,
      outcome: 'failed',
      reason: 'network',
      message: `${r.message ?? ''} ${'x'.repeat(150)}`
    }))
    const reports = renderReports(
      { status: 'failed', results, dryRun: false, reportFile: REPORT_FILE },
      (text) => text
    )
    const entries = JSON.parse(reports.outputs.result) as Array<Record<string, unknown>>
    const marker = entries.at(-1) as unknown as ResultCut
    expect(marker.listed).toBeGreaterThan(100)
    expect(marker.listed).toBeLessThan(50_000)
    expect(marker.omitted).toEqual({ failed: 50_000 - marker.listed })
    expect(marker.note).toMatch(/only [\d]+ of the 50000 keys that need a person/)
    expect(2 * reports.outputs.result.length).toBeLessThanOrEqual(BUDGET.result.max)
    expect(utf8Bytes(reports.summary)).toBeLessThanOrEqual(BUDGET.summary.max)
    expect(reports.summary).toMatch(
      /keys are not listed here\*\* \([\d,]+ that need a person, 0 revoked/
    )
    expect(reports.comment.length).toBeLessThanOrEqual(BUDGET.comment.max)
  })

  it('the report file is JSON Lines: one entry per key, as in `result`, redacted', async () => {
    const results = sweepResults(300)
    const redactor = redactorFor(300)
    // A message the engine let through with a key in it: the file must still not hold it.
    results[0] = { ...results[0]!, message: `echoed ${secretOf(0)} back` }
    const dir = await mkdtemp(join(tmpdir(), 'report-file-'))
    try {
      const path = reportFilePath({ RUNNER_TEMP: dir, GITHUB_ACTION: '__acme/revoke@v1' })
      expect(path).toBe(join(dir, 'revoke-leaked-keys-acme_revoke_v1.jsonl'))
      await writeReportFile(path, results, (text) => redactor.redact(text))
      const text = await readFile(path, 'utf8')
      expect(redactor.leaks(text)).toBe(false)
      const lines = text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      expect(lines).toHaveLength(300)
      expect(lines[0]?.message).toBe('echoed *** back')
      expect(lines.slice(1)).toEqual(
        results.slice(1).map((r) => JSON.parse(JSON.stringify(resultEntry(r))))
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('outside a runner the report file goes to the system temporary folder', () => {
    expect(reportFilePath({})).toBe(join(tmpdir(), 'revoke-leaked-keys-report.jsonl'))
  })

  it('a redaction that makes the text grow is measured after it, and cut to fit', () => {
    const results = sweepResults(2_000)
    // Every "a" becomes "***": the rendered text grows by a third or more once redacted.
    const grow = (text: string) => text.replace(/a/g, '***')
    const summary = fit(
      (max) =>
        renderReport({ status: 'partial', results, dryRun: false }, { ...BUDGET.comment, max }),
      grow,
      BUDGET.comment
    )
    expect(summary.length).toBeLessThanOrEqual(BUDGET.comment.max)
    expect(summary.includes('not listed here')).toBe(true)
    const outputs = renderOutputs('partial', results, {
      redact: grow,
      limit: { max: 40_000, measure: (t) => 2 * t.length }
    })
    expect(2 * outputs.result.length).toBeLessThanOrEqual(40_000)
  })
})

import { basename } from 'node:path'
import { PROVIDERS } from '../providers/registry.js'
import type { ProviderId } from '../providers/types.js'
import { isDone, needsAPerson } from '../revoke/result.js'
import type { KeyResult, RunStatus } from '../model.js'
import { BUDGET, type Limit } from './size-limits.js'
import { rotationLines } from '../rotate/report.js'

/** Providers in the registry's order, for the totals table. */
const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[]

/** Text from outside (provider messages) made inert in markdown and HTML. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r?\n/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
      // An alert's display name or a key's name can hold `@someone`: quoted, it must ping nobody.
      .replace(/@/g, '&#64;')
  )
}

const OUTCOME_LABEL: Record<KeyResult['outcome'], string> = {
  revoked: '✅ revoked',
  'revoked-earlier': '✅ revoked by an earlier run',
  submitted: '🟡 SENT, NOT PROVEN',
  'not-found': '⚠️ NOT FOUND, nothing deleted',
  'dry-run': '🔍 dry run',
  failed: '❌ failed',
  skipped: '⏭️ skipped'
}

const HEADLINE: Record<RunStatus, string> = {
  revoked: 'Every key is revoked.',
  submitted:
    'Every key was sent to its provider, but NOT every one is proven dead: check the keys below marked "sent, not proven" now.',
  partial:
    'NOT everything is done: act now on the keys and alerts below that need a person (failed, not found, sent but not proven, or left open).',
  'not-found':
    'No key was revoked: the provider has no live key with what was given. The leaked key may still be alive: check each key below now.',
  failed: 'No key was revoked. Act on the failures below now.',
  'dry-run': 'Dry run: nothing was deleted.',
  error: 'The run stopped on an error before any key: nothing was deleted.',
  none: 'There was no key to revoke.'
}

/** A deleted key that was not the leaked one, in red, with how to restore it. */
function collateralNote(r: KeyResult): string {
  if (!r.collateral) return ''
  const { id, name, restore } = r.collateral
  return `<br>🟥 **COLLATERAL: key \`${escapeMarkdown(id).replace(/`/g, '')}\`${name ? ` (${escapeMarkdown(name)})` : ''} was deleted and the leaked key still works.** Restore it: ${escapeMarkdown(restore)}.`
}

function verifiedLabel(v: boolean | null): string {
  return v === true ? 'dead ✔' : v === false ? 'STILL WORKS' : '–'
}

/** The provider's name for people, or a dash for an unmapped alert. */
export function providerName(result: Pick<KeyResult, 'provider'>): string {
  return result.provider ? PROVIDERS[result.provider].name : '–'
}

/** Markdown links to a result's alerts. */
function alertLinks(result: KeyResult): string {
  return (result.alerts ?? [])
    .map((a) => {
      const label = escapeMarkdown(`${a.repository}#${a.number}`)
      const safeUrl = /^https?:\/\/[^\s()<>]+$/.test(a.url) ? a.url : undefined
      return `${safeUrl ? `[${label}](${safeUrl})` : label}${a.resolved ? ' (resolved)' : ''}`
    })
    .join(', ')
}

/** What the user should do about a failed (or unproven) key. */
export function nextStep(result: KeyResult): string | undefined {
  if (!result.provider) return undefined
  const provider = PROVIDERS[result.provider]
  const token = `\`${provider.id}-token\``
  if (result.outcome === 'revoked' && result.verified === null) {
    return `Confirm in the ${provider.name} console that the key is gone (the action could not prove it).`
  }
  if (result.outcome === 'revoked-earlier')
    return isDone(result)
      ? undefined
      : `The key is dead (the earlier run saw it die, and ${provider.name} refuses it now); only its alerts are open. The next sweep tries again, or close them by hand as "Revoked".`
  if (result.outcome === 'submitted')
    return `Nothing proves the key was live or that it died: confirm in ${provider.name} that the leaked key no longer works (or revoke it there now), then close its alert by hand.`
  if (result.outcome === 'not-found') {
    const given = result.keyRef.startsWith('sha256:') ? 'value' : 'id'
    return given === 'value'
      ? `Compare the value with the leaked one (a typo, or a copy cut short or wrapped, looks the same from here). If the key was revoked before, close its alert; if you know its id, run again with \`key-id\`; if it may be alive, revoke it in the ${provider.name} console now.`
      : `Check the id in the ${provider.name} console: if the key is gone, close its alert; if it is there, run again with its right id, or revoke it in the console now.`
  }
  if (result.outcome !== 'failed') return undefined
  switch (result.reason) {
    case 'invalid-input': {
      if (result.message?.includes('-token`'))
        return `Set ${token} to ${provider.tokenHelp}, then run again.`
      const fromAlert = (result.alerts?.length ?? 0) > 0
      // No HTTP status: the action refused the alert's secret itself, before any request.
      if (fromAlert && result.httpStatus === null)
        return `Check the \`secret-types\` line that maps this alert's secret type to ${provider.name}; if the mapping is right, revoke the key in the ${provider.name} console.`
      const given = fromAlert
        ? "the alert's secret"
        : result.keyRef.startsWith('sha256:')
          ? 'the key value (`key` or `key-from-input`)'
          : 'the id in `key-id`'
      return `${provider.name} refused ${given} as invalid${result.httpStatus ? ` (HTTP ${result.httpStatus}; its words are quoted above)` : ''}: compare it with the key in the ${provider.name} console, correct it, and run again.`
    }
    case 'unresolvable':
      return result.verified === false
        ? `The key still works. Check that ${token} belongs to the account that owns it, or give \`key-id\`; otherwise revoke it in the ${provider.name} console now.`
        : `Give the key's id in \`key-id\` (from the ${provider.name} console), then run again.`
    case 'unauthorized':
      return `${provider.name} rejected the credential: set ${token} to a valid ${provider.tokenHelp}.`
    case 'forbidden':
      return `The credential may not delete this key: use ${provider.tokenHelp}, owned by the key's account.`
    case 'rate-limited':
      return `${provider.name} kept answering "too many requests": run again in a few minutes, or revoke the key in its console now.`
    case 'network':
    case 'timeout':
      return `${provider.name} could not be reached in time: run again, or revoke the key in its console now. Deleting twice is safe.`
    case 'provider-error':
    default:
      return result.verified === false
        ? `The key is still live: revoke it in the ${provider.name} console now, and report this to ${provider.name}.`
        : `Check the key in the ${provider.name} console and revoke it there if it still exists; run again later.`
  }
}

export interface ReportInput {
  status: RunStatus
  results: readonly KeyResult[]
  dryRun: boolean
  runUrl?: string
  /** The file with every key (the `report-file` output); undefined when it could not be written. */
  reportFile?: string
}

/** Where a report goes: a comment points at the job summary for more. */
export type ReportTarget = 'summary' | 'comment'

/** Alert links shown per key; a secret found in many places lists the rest as a count. */
const MAX_ALERT_LINKS = 5

/** A key's alerts as markdown links, at most MAX_ALERT_LINKS of them. */
function alertCell(result: KeyResult): string {
  const alerts = result.alerts ?? []
  const shown = alertLinks({ ...result, alerts: alerts.slice(0, MAX_ALERT_LINKS) })
  const more = alerts.length - MAX_ALERT_LINKS
  return more > 0 ? `${shown} and ${more} more` : shown
}

/**
 * A whole number with thousands separators (10,000). Not `toLocaleString`: its first call loads
 * ICU's locale data, 20-25 ms of a one-key run's cold start (measured with --cpu-prof).
 */
export const number = (n: number): string =>
  Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n)

/** The report's three parts, in the order a reader needs them. */
const GROUPS = [
  { id: 'person', title: '❗ These need a person', pick: needsAPerson },
  { id: 'revoked', title: '✅ Revoked', pick: isDone },
  { id: 'other', title: 'Other keys', pick: (r: KeyResult) => !needsAPerson(r) && !isDone(r) }
] as const
type GroupId = (typeof GROUPS)[number]['id']

/** Outcomes in the totals table, most urgent first. */
const TOTAL_COLUMNS: ReadonlyArray<[KeyResult['outcome'], string]> = [
  ['failed', 'Failed'],
  ['not-found', 'Not found'],
  ['submitted', 'Sent, not proven'],
  ['revoked', 'Revoked'],
  ['revoked-earlier', 'Revoked earlier'],
  ['dry-run', 'Dry run'],
  ['skipped', 'Skipped']
]

/** Keys per provider and outcome: only the outcomes that occur, a total row when it helps. */
function totals(results: readonly KeyResult[]): string[] {
  const rows = new Map<string, Map<string, number>>()
  const all = new Map<string, number>()
  for (const r of results) {
    const name = r.provider ? providerName(r) : 'No provider'
    const row = rows.get(name) ?? new Map<string, number>()
    rows.set(name, row)
    row.set(r.outcome, (row.get(r.outcome) ?? 0) + 1)
    all.set(r.outcome, (all.get(r.outcome) ?? 0) + 1)
  }
  const columns = TOTAL_COLUMNS.filter(([outcome]) => all.has(outcome))
  const line = (name: string, counts: Map<string, number>) => {
    const keys = [...counts.values()].reduce((a, b) => a + b, 0)
    const cells = columns.map(([outcome]) => number(counts.get(outcome) ?? 0))
    return `| ${name} | ${number(keys)} | ${cells.join(' | ')} |`
  }
  const order = [...PROVIDER_IDS.map((id) => PROVIDERS[id].name), 'No provider']
  return [
    `| Provider | Keys | ${columns.map(([, label]) => label).join(' | ')} |`,
    `| --- | ---: |${' ---: |'.repeat(columns.length)}`,
    ...order.filter((name) => rows.has(name)).map((name) => line(name, rows.get(name)!)),
    ...(rows.size > 1 ? [line('**All**', all)] : [])
  ]
}

/** Whether a key's row says more than its outcome: anything but a verified revocation. */
function hasDetails(r: KeyResult): boolean {
  return !(r.outcome === 'revoked' && r.verified === true) && Boolean(r.message || nextStep(r))
}

function details(r: KeyResult): string {
  if (!hasDetails(r)) return ''
  const step = nextStep(r)
  const what = r.message ? escapeMarkdown(r.message) : OUTCOME_LABEL[r.outcome]
  return `${what}${collateralNote(r)}${step ? `<br>**Next:** ${step}` : ''}`
}

/** The note where the report stops listing keys: how many are left out, and where they are. */
function cutNote(input: ReportInput, target: ReportTarget, left: Record<GroupId, number>): string {
  const total = left.person + left.revoked + left.other
  const limit =
    target === 'summary'
      ? "GitHub's limit of 1,024 KiB for a job summary"
      : "GitHub's limit of 65,536 characters for a comment"
  const elsewhere = input.reportFile
    ? `Every key is in the report file \`${basename(input.reportFile).replace(/[`<>|]/g, '')}\` (the \`report-file\` output; keep it with an \`actions/upload-artifact\` step).`
    : 'The report file could not be written: the `result` output lists the keys that need a person.'
  const summary =
    target === 'comment'
      ? input.runUrl
        ? ` The job summary of the [workflow run](${input.runUrl}) lists more.`
        : ' The job summary lists more.'
      : ''
  return (
    `**${number(total)} of ${number(input.results.length)} keys are not listed here** ` +
    `(${number(left.person)} that need a person, ${number(left.revoked)} revoked, ${number(left.other)} other), ` +
    `to stay under ${limit}.${summary} ${elsewhere}`
  )
}

/**
 * The job summary or comment body: a heading, totals per provider and outcome, then a table
 * of the keys that need a person (failed, not found), of the revoked keys, and of the rest.
 * The tables stop where the next row would pass `limit`, with a note that says how many keys
 * are left out and where they are; the heading and totals always fit.
 */
export function renderReport(
  input: ReportInput,
  limit: Limit = BUDGET.summary,
  target: ReportTarget = 'summary'
): string {
  const { status, results, dryRun, runUrl } = input
  const head = [`## 🔑 Leaked key revocation: ${status}`, '', `**${HEADLINE[status]}**`, '']
  if (results.length > 0) head.push(...totals(results), '')
  const tail: string[] = [...rotationLines(results)]
  if (dryRun) tail.push('_Dry run: set `dry-run: false` to delete these keys._', '')
  if (runUrl) tail.push(`[Workflow run](${runUrl})`, '')
  const size = (lines: readonly string[]) =>
    lines.reduce((sum, line) => sum + limit.measure(line) + 1, 0)
  const most = { person: results.length, revoked: results.length, other: results.length }
  let room = limit.max - size(head) - size(tail) - size([cutNote(input, target, most), ''])

  const withAlerts = results.some((r) => r.alerts?.length)
  const body: string[] = []
  const left: Record<GroupId, number> = { person: 0, revoked: 0, other: 0 }
  let cut = false
  for (const group of GROUPS) {
    const members = results.filter(group.pick)
    if (members.length === 0) continue
    const withDetails = members.some(hasDetails)
    const header = [
      `### ${group.title}: ${number(members.length)} key${members.length === 1 ? '' : 's'}`,
      '',
      `| Provider | Key | Outcome | Verified | HTTP | Attempts | Time |${withAlerts ? ' Alerts |' : ''}${withDetails ? ' Details |' : ''}`,
      `| --- | --- | --- | --- | --- | --- | --- |${withAlerts ? ' --- |' : ''}${withDetails ? ' --- |' : ''}`
    ]
    let shown = 0
    let free = room - size(header) - size([''])
    if (!cut && free > 0) {
      const rows: string[] = []
      for (const r of members) {
        const row = `| ${providerName(r)} | \`${escapeMarkdown(r.keyRef).replace(/`/g, '')}\` | ${OUTCOME_LABEL[r.outcome]}${r.reason ? ` (${r.reason})` : ''} | ${verifiedLabel(r.verified)} | ${r.httpStatus ?? '–'} | ${r.attempts} | ${(r.durationMs / 1000).toFixed(1)} s |${withAlerts ? ` ${alertCell(r) || '–'} |` : ''}${withDetails ? ` ${details(r)} |` : ''}`
        const cost = limit.measure(row) + 1
        if (cost > free) break
        rows.push(row)
        free -= cost
      }
      if (rows.length > 0) {
        body.push(...header, ...rows, '')
        room = free
        shown = rows.length
      }
    }
    if (shown < members.length) {
      cut = true
      left[group.id] = members.length - shown
    }
  }
  if (cut) body.push(cutNote(input, target, left), '')
  return [...head, ...body, ...tail].join('\n')
}

import { PROVIDERS } from '../providers/registry.js'
import type { KeyResult, RunStatus } from '../revoke/result.js'

/** Text from outside (provider messages) made inert in markdown and HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
}

const OUTCOME_LABEL: Record<KeyResult['outcome'], string> = {
  revoked: '✅ revoked',
  'not-found': '⚠️ NOT FOUND, nothing deleted',
  'dry-run': '🔍 dry run',
  failed: '❌ failed',
  skipped: '⏭️ skipped'
}

const HEADLINE: Record<RunStatus, string> = {
  revoked: 'Every key is revoked.',
  partial:
    'Some keys are revoked; some are NOT. Act on the keys below marked failed or not found now.',
  'not-found':
    'No key was revoked: the provider has no live key with what was given. The leaked key may still be alive: check each key below now.',
  failed: 'No key was revoked. Act on the failures below now.',
  'dry-run': 'Dry run: nothing was deleted.',
  none: 'There was no key to revoke.'
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
}

/** The job summary and comment body: a heading, one row per key, next steps. */
export function renderReport({ status, results, dryRun, runUrl }: ReportInput): string {
  const lines: string[] = []
  lines.push(`## 🔑 Leaked key revocation: ${status}`, '', `**${HEADLINE[status]}**`, '')
  if (results.length > 0) {
    const withAlerts = results.some((r) => r.alerts?.length)
    lines.push(
      `| Provider | Key | Outcome | Verified | HTTP | Attempts | Time |${withAlerts ? ' Alerts |' : ''}`
    )
    lines.push(`| --- | --- | --- | --- | --- | --- | --- |${withAlerts ? ' --- |' : ''}`)
    for (const r of results) {
      lines.push(
        `| ${providerName(r)} | \`${escapeMarkdown(r.keyRef).replace(/`/g, '')}\` | ${OUTCOME_LABEL[r.outcome]}${r.reason ? ` (${r.reason})` : ''} | ${verifiedLabel(r.verified)} | ${r.httpStatus ?? '–'} | ${r.attempts} | ${(r.durationMs / 1000).toFixed(1)} s |${withAlerts ? ` ${alertLinks(r) || '–'} |` : ''}`
      )
    }
    lines.push('')
  }
  // Details only where there is something to read: anything but a verified revocation.
  const notes = results.filter(
    (r) => !(r.outcome === 'revoked' && r.verified === true) && (r.message || nextStep(r))
  )
  if (notes.length > 0) {
    lines.push('### Details and next steps', '')
    for (const r of notes) {
      const step = nextStep(r)
      const what = r.message ? escapeMarkdown(r.message) : OUTCOME_LABEL[r.outcome]
      lines.push(
        `- \`${escapeMarkdown(r.keyRef).replace(/`/g, '')}\` (${providerName(r)}): ${what}${step ? `<br>**Next:** ${step}` : ''}`
      )
    }
    lines.push('')
  }
  if (dryRun) lines.push('_Dry run: set `dry-run: false` to delete these keys._', '')
  if (runUrl) lines.push(`[Workflow run](${runUrl})`, '')
  return lines.join('\n')
}

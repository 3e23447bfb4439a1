import { PROVIDERS } from '../../providers/registry.js'
import type { KeyResult } from '../../model.js'
import type { GitHubApi } from '../octokit.js'
import { STANDING_MARKER } from '../read/issue-threads.js'
import { postOnce } from './comments.js'
import { commentsApi, trackingIssue } from './issues.js'

// Secret scanning alerts have no comment thread (their PATCH takes state, resolution,
// resolution_comment, assignee and validity only), so the one note a not-found alert gets
// goes to an issue, found again by a marker per alert so that later sweeps stay quiet.

/** The marker of an alert's note: one note per alert, whatever the run. */
export function alertNoteMarker(repository: string, number: number): string {
  return `<!-- revoke-leaked-keys not-found alert:${repository}#${number} -->`
}

/** One note per open alert whose key was not found. Pure: the text holds no secret. */
export function notFoundNotes(
  results: readonly KeyResult[],
  runUrl: string | undefined
): Array<{ marker: string; body: string }> {
  const notes: Array<{ marker: string; body: string }> = []
  for (const r of results) {
    if (r.outcome !== 'not-found' || !r.provider) continue
    const name = PROVIDERS[r.provider].name
    for (const a of r.alerts ?? []) {
      if (a.resolved) continue
      const link = /^https?:\/\/[^\s()<>]+$/.test(a.url) ? a.url : `${a.repository}#${a.number}`
      notes.push({
        marker: alertNoteMarker(a.repository, a.number),
        body: [
          `### ⚠️ Secret scanning alert ${a.repository}#${a.number}: key NOT FOUND, nothing deleted`,
          '',
          `${name} has no live key with the value this alert holds (\`${r.keyRef}\`): it was revoked before, or the alert holds no whole key (a custom pattern that captures too little, a typo).`,
          '',
          `**Next:** open the alert (${link}) and look at the leaked text. If the key there is longer than the alert's secret, fix the custom pattern and revoke the key in the ${name} console now. If the key was revoked before, close the alert as "Revoked". The action leaves it open and will not note it again.`,
          ...(runUrl ? ['', `Found by [this run](${runUrl}).`] : [])
        ].join('\n')
      })
    }
  }
  return notes
}

/**
 * Posts each note once to `issueNumber`, or, with none, to the repository's standing
 * "needs a person" issue (opened the first time it is needed).
 */
export async function postAlertNotes(
  gh: GitHubApi,
  repository: string,
  issueNumber: number | undefined,
  notes: ReadonlyArray<{ marker: string; body: string }>
): Promise<{ issue: number; posted: number; already: number }> {
  const issue =
    issueNumber ??
    (
      await trackingIssue(
        gh,
        repository,
        STANDING_MARKER,
        'Secret scanning alerts that need a person (revoke-leaked-keys)',
        'revoke-leaked-keys found no live key for the alerts noted below, so it deleted nothing and left them open. Each needs a person: see the note for what to check.'
      )
    ).number
  const done = await postOnce(commentsApi(gh), { repository, issueNumber: issue }, notes)
  return { issue, ...done }
}

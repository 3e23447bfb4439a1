import { createHash } from 'node:crypto'
import { TransportError } from '../../http/client.js'
import { PROVIDERS } from '../../providers/registry.js'
import { PROVIDER_IDS } from '../../providers/types.js'
import { fingerprint } from '../../secrets.js'
import type { Settings } from '../../model.js'
import { GitHubApiError } from '../api-error.js'
import type { IssueCommentsApi } from './issues.js'

/**
 * Hidden marker that lets a re-run of the same workflow run find its own comment. `leg` tells
 * apart the legs of a matrix job, which share the run id and the job id (see `reportLeg`).
 */
export function commentMarker(runId: string, job: string, leg: string): string {
  return `<!-- revoke-leaked-keys run:${runId} job:${job} leg:${leg} -->`
}

/**
 * Which leg of a job this run is, for its comment marker: `report-key` when given, else the
 * providers asked for and a short hash of the inputs that can differ between matrix legs
 * (keys as provider, id and fingerprint; alert mode, scope, organization and number; API URL
 * overrides; the secret type mapping; dry-run). A re-run of a leg has the same inputs, so
 * the same leg; legs with different inputs get different ones. The runner tells an action
 * nothing about its matrix (no environment variable holds `matrix` or `strategy`), so the
 * inputs are all there is to go by. Tokens are left out: a rotated token must not orphan the
 * comment.
 */
export function reportLeg(
  settings: Pick<Settings, 'reportKey' | 'keys' | 'alerts' | 'baseUrls' | 'dryRun'>
): string {
  if (settings.reportKey) return settings.reportKey
  const { alerts } = settings
  const identity = {
    keys: settings.keys.map((k) => [k.provider, k.id ?? '', k.value ? fingerprint(k.value) : '']),
    sweep: alerts.sweep ? [alerts.scope, alerts.org ?? ''] : null,
    alert: alerts.alertNumber ?? null,
    urls: PROVIDER_IDS.filter(
      (id) => settings.baseUrls[id].href !== new URL(PROVIDERS[id].defaultBaseUrl).href
    ).map((id) => `${id}=${settings.baseUrls[id].href}`),
    types: [...alerts.secretTypes].sort(),
    dryRun: settings.dryRun
  }
  const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12)
  const providers = [...new Set(settings.keys.map((k) => k.provider))].sort().join('+')
  const what =
    providers || (alerts.sweep ? 'sweep' : alerts.alertNumber !== undefined ? 'alert' : 'alerts')
  return `${what}-${hash}`
}

/** What to say after the report comment could not be posted, by what went wrong. */
export function commentFailureHint(error: unknown): string {
  if (error instanceof GitHubApiError) {
    if (error.status === 401)
      return 'GitHub did not accept `github-token` (expired or not a token): pass a valid one.'
    if (error.status === 403 || error.status === 404)
      return 'The token needs "Issues: write" (or "Pull requests: write") on this repository, and the issue or pull request must exist.'
    return `That is a fault on GitHub's side (HTTP ${error.status}), not a missing permission. ${AFTER_A_FAULT}`
  }
  if (error instanceof TransportError)
    return `GitHub could not be reached in time: not a permission problem. ${AFTER_A_FAULT}`
  return AFTER_A_FAULT
}

const AFTER_A_FAULT =
  'The revocation is not affected; the job summary and `report-file` have the report: copy it into the issue, or re-run the job to post it (a re-run reports the keys this run deleted as not found).'

const MAX_BODY = 65_000
const MAX_PAGES = 30

/** Creates the report comment, or updates the one this run posted before. */
export async function upsertComment(
  api: IssueCommentsApi,
  where: { repository: string; issueNumber: number },
  marker: string,
  report: string
): Promise<{ id: number; url: string; updated: boolean }> {
  let body = `${marker}\n${report}`
  if (body.length > MAX_BODY)
    body = `${body.slice(0, MAX_BODY)}\n\n_(report cut to fit a comment; every key is in the run's \`report-file\`)_`
  const { repository, issueNumber } = where
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await api.listComments(repository, issueNumber, page)
    const mine = comments.find((c) => c.body?.includes(marker))
    if (mine) {
      const res = await api.updateComment(repository, mine.id, body)
      return { id: res.id, url: res.html_url, updated: true }
    }
    if (comments.length < 100) break
  }
  const res = await api.createComment(repository, issueNumber, body)
  return { id: res.id, url: res.html_url, updated: false }
}

/**
 * Posts `body` once: when a comment holding `marker` is already there, nothing is sent.
 * Markers are listed once per call, so many notes cost one walk of the comments.
 */
export async function postOnce(
  api: IssueCommentsApi,
  where: { repository: string; issueNumber: number },
  notes: ReadonlyArray<{ marker: string; body: string }>
): Promise<{ posted: number; already: number }> {
  const { repository, issueNumber } = where
  const seen = new Set<string>()
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await api.listComments(repository, issueNumber, page)
    for (const c of comments)
      for (const note of notes) if (c.body?.includes(note.marker)) seen.add(note.marker)
    if (comments.length < 100) break
  }
  let posted = 0
  for (const note of notes) {
    if (seen.has(note.marker)) continue
    await api.createComment(
      repository,
      issueNumber,
      `${note.marker}\n${note.body}`.slice(0, MAX_BODY)
    )
    seen.add(note.marker)
    posted++
  }
  return { posted, already: notes.length - posted }
}

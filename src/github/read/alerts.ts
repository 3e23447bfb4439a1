import * as z from 'zod/mini'
import { lazy } from '../../lazy.js'
import type { Redactor } from '../../secrets.js'
import { Limiter } from '../../http/limiter.js'
import { GITHUB_CONCURRENCY } from '../rate-limits.js'
import { GitHubApiError } from '../api-error.js'
import type { GitHubApi } from '../octokit.js'
import { isRepository, ownerRepo } from './context.js'
import { secretFormsOf } from '../../providers/registry.js'

/** A secret scanning alert, as far as the action needs it. */
export interface Alert {
  /** `owner/name`. */
  repository: string
  number: number
  url: string
  state: string
  secretType: string
  displayName: string
  /** The leaked value (a secret: registered with the redactor when read). */
  secret?: string
}

/** Where the alerts of a run come from. */
export type AlertSource =
  | { kind: 'sweep'; scope: 'repo'; repository: string }
  | { kind: 'sweep'; scope: 'org'; org: string }
  | { kind: 'one'; repository: string; number: number }

// Only the fields the action uses: zod drops the rest of each alert (an organization's list
// carries each alert's whole repository), so an alert costs a few hundred bytes once read.
const AlertBody = lazy(() =>
  z.object({
    number: z.int().check(z.positive()),
    html_url: z._default(z.optional(z.string()), ''),
    state: z.string(),
    secret_type: z.nullish(z.string()),
    secret_type_display_name: z.nullish(z.string()),
    secret: z.nullish(z.string()),
    repository: z.nullish(z.object({ full_name: z.string() }))
  })
)

/** Pages of 100 alerts read at most: 100,000 alerts, more than one run can revoke and resolve. */
const MAX_ALERT_PAGES = 1_000

/**
 * One copy of each text that many alerts repeat (repository, state, secret type): 10,000 alerts
 * of 20 repositories then hold 20 repository names, not 10,000.
 */
type Interner = (text: string) => string
function interner(): Interner {
  const seen = new Map<string, string>()
  return (text) => {
    const known = seen.get(text)
    if (known !== undefined) return known
    seen.set(text, text)
    return text
  }
}

/** The token cannot read or write secret scanning alerts. */
export class AlertsAccessError extends Error {
  constructor(status: number, what: string) {
    super(
      `GitHub answered ${status} to ${what}: the token cannot see secret scanning alerts there. ` +
        "The workflow's GITHUB_TOKEN never can: create a fine-grained personal access token or GitHub App installation token " +
        'with the "Secret scanning alerts" permission (read and write) on the repositories (or organization), store it as a secret, and pass it as `alerts-token`.'
    )
    this.name = 'AlertsAccessError'
  }
}

function toAlert(
  raw: unknown,
  repository: string | undefined,
  redactor: Redactor,
  same: Interner = (text) => text
): Alert | undefined {
  const parsed = AlertBody().safeParse(raw)
  if (!parsed.success) return undefined
  const body = parsed.data
  const repo = body.repository?.full_name ?? repository
  if (!repo || !isRepository(repo)) return undefined
  if (body.secret)
    for (const form of [body.secret, ...secretFormsOf(body.secret)]) redactor.add(form)
  return {
    repository: same(repo),
    number: body.number,
    url: body.html_url,
    state: same(body.state),
    secretType: same(body.secret_type ?? ''),
    displayName: same(body.secret_type_display_name ?? ''),
    ...(body.secret ? { secret: body.secret } : {})
  }
}

async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    // A rate limit's 403 says nothing about the token's permissions.
    if (
      error instanceof GitHubApiError &&
      !error.rateLimited &&
      (error.status === 403 || error.status === 404)
    )
      throw new AlertsAccessError(error.status, what)
    throw error
  }
}

/** GETs one alert, which carries its `secret`. */
export async function getAlert(
  gh: GitHubApi,
  repository: string,
  number: number,
  redactor: Redactor
): Promise<Alert> {
  const route = 'GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}'
  const { data } = await guarded(`GET /repos/${repository}/secret-scanning/alerts/${number}`, () =>
    gh.request(route, { ...ownerRepo(repository), alert_number: number })
  )
  const alert = toAlert(data, repository, redactor)
  if (!alert)
    throw new Error(
      `GitHub GET /repos/${repository}/secret-scanning/alerts/${number}: the answer is not a secret scanning alert`
    )
  return alert
}

/**
 * Every alert of the source, each with its secret (fetched one by one where a list left it
 * out). Pages are read one at a time and only what the run needs of each alert is kept.
 * `more`: the list went on past MAX_ALERT_PAGES pages, which were left for a later run.
 */
export async function collectAlerts(
  gh: GitHubApi,
  source: AlertSource,
  redactor: Redactor
): Promise<{ alerts: Alert[]; unreadable: number; more: boolean }> {
  if (source.kind === 'one')
    return {
      alerts: [await getAlert(gh, source.repository, source.number, redactor)],
      unreadable: 0,
      more: false
    }
  const repository = source.scope === 'repo' ? source.repository : undefined
  // Octokit follows the `Link: rel="next"` pages; each page is read as it comes.
  const pages =
    source.scope === 'org'
      ? gh.paginate.iterator('GET /orgs/{org}/secret-scanning/alerts', {
          org: source.org,
          state: 'open',
          per_page: 100
        })
      : gh.paginate.iterator('GET /repos/{owner}/{repo}/secret-scanning/alerts', {
          ...ownerRepo(source.repository),
          state: 'open',
          per_page: 100
        })
  const where =
    source.scope === 'org'
      ? `GET /orgs/${source.org}/secret-scanning/alerts`
      : `GET /repos/${source.repository}/secret-scanning/alerts`
  const alerts: Alert[] = []
  let unreadable = 0
  const same = interner()
  // Octokit's iterator stops where the Link header ends; the page count is bounded here.
  const complete = await guarded(where, async () => {
    let read = 0
    for await (const page of pages) {
      if (++read > MAX_ALERT_PAGES) return false
      const items: unknown = page.data
      if (!Array.isArray(items))
        throw new GitHubApiError(page.status, where, `GitHub ${where}: the answer is not a list`)
      for (const raw of items) {
        const alert = toAlert(raw, repository, redactor, same)
        if (alert) alerts.push(alert)
        else unreadable++
      }
    }
    return true
  })
  // A list may leave `secret` out: read those alerts one by one, a few at a time.
  const limiter = new Limiter(GITHUB_CONCURRENCY)
  await Promise.all(
    alerts.map((alert, i) =>
      alert.secret === undefined && alert.state === 'open'
        ? limiter.run(async () => {
            alerts[i] = await getAlert(gh, alert.repository, alert.number, redactor)
          })
        : undefined
    )
  )
  return { alerts, unreadable, more: !complete }
}

/** Resolves an alert as revoked. */
export async function resolveAlert(
  gh: GitHubApi,
  alert: Pick<Alert, 'repository' | 'number'>,
  comment: string
): Promise<void> {
  await guarded(`PATCH /repos/${alert.repository}/secret-scanning/alerts/${alert.number}`, () =>
    gh.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
      ...ownerRepo(alert.repository),
      alert_number: alert.number,
      state: 'resolved',
      resolution: 'revoked',
      resolution_comment: comment.slice(0, 250)
    })
  )
}

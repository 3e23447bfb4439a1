import { z } from 'zod'
import { PROVIDERS } from '../providers/registry.js'
import type { ProviderId } from '../providers/types.js'
import type { Redactor } from '../secrets.js'
import { Limiter } from '../http/pacer.js'
import { GitHubApiError, type GitHubClient } from './client.js'
import { isRepository } from './context.js'

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
const AlertBody = z.object({
  number: z.number().int().positive(),
  html_url: z.string().optional().default(''),
  state: z.string(),
  secret_type: z.string().nullish(),
  secret_type_display_name: z.string().nullish(),
  secret: z.string().nullish(),
  repository: z.object({ full_name: z.string() }).nullish()
})

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
  const parsed = AlertBody.safeParse(raw)
  if (!parsed.success) return undefined
  const body = parsed.data
  const repo = body.repository?.full_name ?? repository
  if (!repo || !isRepository(repo)) return undefined
  if (body.secret) redactor.add(body.secret)
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
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404))
      throw new AlertsAccessError(error.status, what)
    throw error
  }
}

/** GETs one alert, which carries its `secret`. */
export async function getAlert(
  gh: GitHubClient,
  repository: string,
  number: number,
  redactor: Redactor
): Promise<Alert> {
  const path = `/repos/${repository}/secret-scanning/alerts/${number}`
  const { data } = await guarded(`GET ${path}`, () => gh.request('GET', path))
  const alert = toAlert(data, repository, redactor)
  if (!alert) throw new Error(`GitHub GET ${path}: the answer is not a secret scanning alert`)
  return alert
}

/**
 * Every alert of the source, each with its secret (fetched one by one where a list left it
 * out). Pages are read one at a time and only what the run needs of each alert is kept.
 * `more`: the list went on past MAX_ALERT_PAGES pages, which were left for a later run.
 */
export async function collectAlerts(
  gh: GitHubClient,
  source: AlertSource,
  redactor: Redactor
): Promise<{ alerts: Alert[]; unreadable: number; more: boolean }> {
  if (source.kind === 'one')
    return {
      alerts: [await getAlert(gh, source.repository, source.number, redactor)],
      unreadable: 0,
      more: false
    }
  const path =
    source.scope === 'org'
      ? `/orgs/${encodeURIComponent(source.org)}/secret-scanning/alerts?state=open&per_page=100`
      : `/repos/${source.repository}/secret-scanning/alerts?state=open&per_page=100`
  const repository = source.scope === 'repo' ? source.repository : undefined
  const alerts: Alert[] = []
  let unreadable = 0
  const same = interner()
  const complete = await guarded(`GET ${path.split('?')[0]}`, async () => {
    const pages = gh.pages(path, MAX_ALERT_PAGES)
    for (let page = await pages.next(); ; page = await pages.next()) {
      if (page.done) return page.value
      for (const raw of page.value) {
        const alert = toAlert(raw, repository, redactor, same)
        if (alert) alerts.push(alert)
        else unreadable++
      }
    }
  })
  // A list may leave `secret` out: read those alerts one by one, a few at a time.
  const limiter = new Limiter(8)
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
  gh: GitHubClient,
  alert: Pick<Alert, 'repository' | 'number'>,
  comment: string
): Promise<void> {
  const path = `/repos/${alert.repository}/secret-scanning/alerts/${alert.number}`
  await guarded(`PATCH ${path}`, () =>
    gh.request(
      'PATCH',
      path,
      { state: 'resolved', resolution: 'revoked', resolution_comment: comment.slice(0, 250) },
      true
    )
  )
}

const WebhookBody = z
  .object({
    alert: z.object({ number: z.number().int().positive() }).loose(),
    repository: z.object({ full_name: z.string() }).loose().optional()
  })
  .loose()
const ShortBody = z
  .object({
    alert_number: z.union([
      z.number().int().positive(),
      z
        .string()
        .regex(/^[1-9]\d{0,9}$/)
        .transform(Number)
    ]),
    repository: z.union([z.string(), z.object({ full_name: z.string() }).loose()]).optional()
  })
  .loose()

/**
 * The alert a `repository_dispatch` relays: a `secret_scanning_alert` webhook
 * body forwarded as is, or `{alert_number, repository?}`. Undefined when the
 * event is not such a relay; an error text when it looks like one but is bad.
 */
export function relayedAlert(
  eventName: string,
  event: unknown,
  defaultRepository: string
): { repository: string; number: number } | { error: string } | undefined {
  if (eventName !== 'repository_dispatch') return undefined
  const payload = (event as { client_payload?: unknown } | null)?.client_payload
  if (!payload || typeof payload !== 'object' || !('alert' in payload || 'alert_number' in payload))
    return undefined
  const webhook = WebhookBody.safeParse(payload)
  const short = ShortBody.safeParse(payload)
  let number: number
  let named: string | { full_name: string } | undefined
  if (webhook.success) {
    number = webhook.data.alert.number
    named = webhook.data.repository
  } else if (short.success) {
    number = short.data.alert_number
    named = short.data.repository
  } else {
    return {
      error:
        'The repository_dispatch client_payload is neither a secret_scanning_alert webhook body nor {alert_number, repository}.'
    }
  }
  const repo = typeof named === 'string' ? named : (named?.full_name ?? defaultRepository)
  if (!isRepository(repo))
    return {
      error:
        'The repository_dispatch client_payload names no valid repository (expected owner/name).'
    }
  return { repository: repo, number }
}

const NAMED: Record<ProviderId, RegExp> = {
  vastai: /\bvast(?:[\s._-]?ai)?\b/i,
  baseten: /baseten/i,
  braintrust: /braintrust/i,
  quiva: /quiva/i,
  cometapi: /\bcomet(?:[\s._-]?api)?\b/i
}

/** The provider an alert's secret type maps to: the `secret-types` mapping, else a name that names one provider. */
export function providerForAlert(
  alert: Alert,
  mapping: ReadonlyMap<string, ProviderId>
): ProviderId | undefined {
  const mapped = mapping.get(alert.secretType) ?? mapping.get(alert.displayName)
  if (mapped) return mapped
  const text = `${alert.secretType} ${alert.displayName}`.replace(/_/g, ' ')
  const named = (Object.keys(NAMED) as ProviderId[]).filter((id) => NAMED[id].test(text))
  return named.length === 1 ? named[0] : undefined
}

export function providerLabel(id: ProviderId): string {
  return PROVIDERS[id].name
}

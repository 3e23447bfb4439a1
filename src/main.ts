import * as core from '@actions/core'
import { Agent } from 'undici'
import { InputError } from './errors.js'
import {
  AlertsAccessError,
  collectAlerts,
  relayedAlert,
  resolveAlert,
  type AlertSource
} from './github/alerts.js'
import type { GitHubApi } from './github/octokit.js'
import { commentFailureHint, commentMarker, reportLeg, upsertComment } from './github/comments.js'
import { readContext, runUrl, type RunContext } from './github/context.js'
import { commentsApi, trackingIssue } from './github/issues.js'
import { notFoundNotes, postAlertNotes } from './github/alert-notes.js'
import { TransportError } from './http/client.js'
import { Deadline } from './http/deadline.js'
import { Limiter } from './http/pacer.js'
import { checkBaseUrl } from './http/url-policy.js'
import { escapeMarkdown, providerName } from './report/markdown.js'
import { DEFAULT_OUTPUTS, renderOutputs, type Outputs } from './report/outputs.js'
import { reportFilePath, writeReportFile } from './report/report-file.js'
import { renderReports } from './report/reports.js'
import { revokeKeys, type EngineOptions } from './revoke/engine.js'
import { planAlerts } from './revoke/from-alerts.js'
import { isRevoked, runStatus, type KeyResult, type RunStatus } from './revoke/result.js'
import { Redactor } from './secrets.js'
import { readSettings, type Settings } from './settings.js'

/** Test seams: engine timings. The action itself calls `run()` with none. */
export interface RunOptions {
  engine?: Partial<Pick<EngineOptions, 'http' | 'verifyWindowMs' | 'verifyIntervalMs'>>
}

/** Time the report comment still gets after a cancel or the run's time limit. */
const REPORT_GRACE_MS = 5_000

/** GitHub calls in flight at once (alert reads and resolutions). */
const GITHUB_CONCURRENCY = 8

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

function setOutputs(outputs: Outputs, redactor: Redactor): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redactor.redact(value))
}

/** Writes the report file; its path, or undefined (with a warning) when it could not be written. */
async function saveReport(
  path: string,
  results: readonly KeyResult[],
  redactor: Redactor
): Promise<string | undefined> {
  try {
    await writeReportFile(path, results, (text) => redactor.redact(text))
    return path
  } catch (error) {
    core.warning(`Could not write the report file ${path}: ${message(error)}`)
    return undefined
  }
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown)
    return
  }
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${message(error)}`)
  }
}

function annotate(results: readonly KeyResult[]): void {
  for (const r of results) {
    const where = `${providerName(r)} key ${r.keyRef}`
    if (r.outcome === 'failed')
      core.error(`${where}: ${r.reason ?? 'failed'}: ${r.message ?? ''}`, {
        title: 'Leaked key NOT revoked'
      })
    else if (r.outcome === 'not-found')
      core.error(`${where}: not found: ${r.message ?? ''}`, {
        title: 'Leaked key NOT revoked: not found'
      })
    else if (isRevoked(r))
      core.notice(`${where}: ${r.outcome}${r.verified ? ', verified dead' : ''}`, {
        title: 'Leaked key revoked'
      })
  }
}

/** Which alerts this run works on, if any. */
function alertSource(
  settings: Settings,
  ctx: RunContext,
  relay: { repository: string; number: number } | undefined
): AlertSource | undefined {
  if (relay) return { kind: 'one', repository: relay.repository, number: relay.number }
  if (settings.alerts.alertNumber !== undefined)
    return { kind: 'one', repository: ctx.repository, number: settings.alerts.alertNumber }
  if (!settings.alerts.sweep) return undefined
  if (settings.alerts.scope === 'org')
    return { kind: 'sweep', scope: 'org', org: settings.alerts.org ?? ctx.owner }
  return { kind: 'sweep', scope: 'repo', repository: ctx.repository }
}

/**
 * Resolves, as revoked, the alerts of each key whose key is gone (verified dead where
 * verification is on), as soon as that key's result is known: alerts of fast providers are
 * resolved while slow ones are still working.
 */
class AlertResolver {
  readonly #limiter = new Limiter(GITHUB_CONCURRENCY)
  readonly #work: Promise<void>[] = []

  constructor(
    private readonly gh: GitHubApi,
    private readonly settings: Pick<Settings, 'verify'> & {
      alerts: Pick<Settings['alerts'], 'resolveNotFound'>
    },
    private readonly url: string | undefined
  ) {}

  add(r: KeyResult): void {
    if (!r.alerts || !r.provider) return
    const note = this.#note(r)
    if (note === undefined) return
    for (const link of r.alerts) {
      this.#work.push(
        this.#limiter.run(async () => {
          try {
            await resolveAlert(this.gh, link, note)
            link.resolved = true
          } catch (error) {
            core.warning(
              `Could not resolve alert ${link.repository}#${link.number}: ${message(error)}`
            )
          }
        })
      )
    }
  }

  /** The resolution comment, or undefined when the alert must stay open. */
  #note(r: KeyResult): string | undefined {
    const by = `by revoke-leaked-keys.${this.url ? ` ${this.url}` : ''}`
    if (isRevoked(r)) {
      if (this.settings.verify && r.verified !== true) return undefined
      return `Revoked at ${providerName(r)}${r.verified ? ', verified dead' : ''} ${by}`
    }
    if (r.outcome === 'not-found' && this.settings.alerts.resolveNotFound)
      return `NOTHING WAS DELETED: ${providerName(r)} has no live key with this value (revoked before, or not the exact key). Resolved because resolve-not-found-alerts is on, ${by}`
    return undefined
  }

  /** Resolves when every alert added so far is resolved or has failed. */
  async settle(): Promise<void> {
    await Promise.all(this.#work)
  }
}

async function postReport(
  settings: Settings,
  ctx: RunContext,
  gh: () => Promise<GitHubApi | undefined>,
  status: RunStatus,
  report: string
): Promise<void> {
  const wantsIssue = settings.issueNumber === undefined && settings.createIssue && status !== 'none'
  if (settings.issueNumber === undefined && !wantsIssue) return
  const client = await gh()
  if (!client || !ctx.repository) {
    core.warning('No report comment posted: it needs `github-token` and GITHUB_REPOSITORY.')
    return
  }
  try {
    let issue = settings.issueNumber
    if (issue === undefined) {
      const tracked = await trackingIssue(
        client,
        ctx.repository,
        `<!-- revoke-leaked-keys tracking run:${ctx.runId} -->`,
        'Leaked API keys revoked by revoke-leaked-keys',
        `Tracking issue for [workflow run ${ctx.runId}](${runUrl(ctx) ?? ''}): the report is in the comment below.`
      )
      issue = tracked.number
      core.info(`${tracked.created ? 'Opened' : 'Found'} tracking issue #${issue}`)
    }
    const posted = await upsertComment(
      commentsApi(client),
      { repository: ctx.repository, issueNumber: issue },
      commentMarker(ctx.runId, ctx.job, reportLeg(settings)),
      report
    )
    core.info(`${posted.updated ? 'Updated' : 'Posted'} the report comment: ${posted.url}`)
  } catch (error) {
    core.warning(
      `Could not post the report comment: ${message(error)}. ${commentFailureHint(error)}`
    )
  }
}

/**
 * Each open alert whose key was not found gets one note, in the report's issue (or a standing
 * one), and never again on later sweeps. Only where the run posts reports to an issue.
 */
async function noteNotFoundAlerts(
  settings: Settings,
  ctx: RunContext,
  gh: () => Promise<GitHubApi | undefined>,
  results: readonly KeyResult[]
): Promise<void> {
  const notes = notFoundNotes(results, runUrl(ctx))
  if (notes.length === 0 || settings.dryRun) return
  if (settings.issueNumber === undefined && !settings.createIssue) {
    core.warning(
      `${notes.length} alert(s) are left open: their key was not found (see the summary). Set \`create-issue: true\` or \`issue-number\` to have each noted once in an issue.`
    )
    return
  }
  const client = await gh()
  if (!client || !ctx.repository) return
  try {
    const done = await postAlertNotes(client, ctx.repository, settings.issueNumber, notes)
    core.info(
      `Noted ${done.posted} not-found alert(s) in issue #${done.issue} (${done.already} noted before).`
    )
  } catch (error) {
    core.warning(`Could not note the not-found alerts in an issue: ${message(error)}`)
  }
}

/** The action: settings -> alerts -> revocation -> alert resolution -> outputs, summary, comment. */
export async function run(options: RunOptions = {}): Promise<void> {
  setOutputs(DEFAULT_OUTPUTS, new Redactor())
  const redactor = new Redactor((secret) => core.setSecret(secret))
  const ctx = readContext()
  const reportPath = reportFilePath()
  const fail = async (text: string): Promise<void> => {
    const safe = redactor.redact(text)
    await writeSummary(
      `## 🔑 Leaked key revocation: failed\n\n**Nothing was deleted.** ${escapeMarkdown(safe)}\n`
    )
    const reportFile = (await saveReport(reportPath, [], redactor)) ?? ''
    setOutputs({ ...DEFAULT_OUTPUTS, status: 'failed', 'report-file': reportFile }, redactor)
    core.setFailed(safe)
  }

  let settings: Settings
  let relay: { repository: string; number: number } | undefined
  let apiUrl: URL
  try {
    const relayed = relayedAlert(ctx.eventName, ctx.event, ctx.repository)
    settings = readSettings((name) => core.getInput(name), redactor, {
      relay: relayed !== undefined,
      event: { name: ctx.eventName, inputs: (ctx.event as { inputs?: unknown } | null)?.inputs }
    })
    if (relayed && 'error' in relayed) throw new InputError('client_payload', relayed.error)
    relay = relayed
    const api = checkBaseUrl(ctx.apiUrl)
    if ('error' in api) throw new InputError('GITHUB_API_URL', `GITHUB_API_URL ${api.error}.`)
    apiUrl = api.url
  } catch (error) {
    return fail(message(error))
  }

  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 16 })
  const deadline = new Deadline(settings.timeoutMs)
  // A cancelled job gets SIGINT, then SIGTERM: stop sending, and report what is known.
  const onSignal = (signal: NodeJS.Signals): void => {
    core.warning(`Received ${signal}: stopping, and reporting what is known so far.`)
    deadline.cancel()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let grace: Deadline | undefined
  // Octokit is loaded only by runs that talk to GitHub: a one-key run never pays for it.
  const github = async (
    token: string | undefined,
    within: Deadline = deadline
  ): Promise<GitHubApi | undefined> => {
    if (!token) return undefined
    const { gitHubApi } = await import('./github/octokit.js')
    return gitHubApi(apiUrl, token, redactor, {
      dispatcher,
      deadline: within,
      policy: options.engine?.http
    })
  }
  // After a cancel or the time limit, the report comment still gets a few seconds of its own.
  const reporting = (): Deadline =>
    deadline.expired ? (grace ??= new Deadline(REPORT_GRACE_MS)) : deadline
  let revoked: KeyResult[] | undefined
  try {
    const keys = [...settings.keys]
    const settled: KeyResult[] = []
    const source = alertSource(settings, ctx, relay)
    const alertsClient = source ? await github(settings.alerts.token) : undefined
    if (source) {
      if (!alertsClient)
        return await fail(
          'Alert-driven runs need `alerts-token` (or `github-token`) with the "Secret scanning alerts" permission.'
        )
      const { alerts, unreadable, more } = await collectAlerts(alertsClient, source, redactor)
      if (unreadable > 0)
        core.warning(
          `${unreadable} alert(s) in GitHub's answer could not be read and were left alone.`
        )
      if (more)
        core.warning(
          `GitHub lists more open alerts than one run reads (${alerts.length + unreadable}): run again for the rest.`
        )
      core.info(`Found ${alerts.length} alert(s).`)
      const plan = planAlerts(alerts, settings.alerts.secretTypes)
      keys.push(...plan.keys)
      settled.push(...plan.settled)
    }

    const resolver =
      alertsClient && settings.alerts.resolve && !settings.dryRun
        ? new AlertResolver(alertsClient, settings, runUrl(ctx))
        : undefined
    revoked = await revokeKeys(
      { ...settings, keys },
      {
        dispatcher,
        deadline,
        redactor,
        ...options.engine,
        onResult(result, i) {
          const from = keys[i]?.alerts
          if (from)
            result.alerts = from.map((a) => ({
              repository: a.repository,
              number: a.number,
              url: a.url,
              resolved: false
            }))
          resolver?.add(result)
        }
      }
    )
    const done = revoked
    await resolver?.settle()

    const results = [...done, ...settled]
    const status = runStatus(results, settings.dryRun)
    const reportFile = await saveReport(reportPath, results, redactor)
    const reports = renderReports(
      { status, results, dryRun: settings.dryRun, runUrl: runUrl(ctx), reportFile },
      (text) => redactor.redact(text)
    )
    setOutputs(reports.outputs, redactor)
    annotate(results)
    await writeSummary(reports.summary)
    await postReport(
      settings,
      ctx,
      () => github(settings.githubToken, reporting()),
      status,
      reports.comment
    )
    await noteNotFoundAlerts(
      settings,
      ctx,
      () => github(settings.githubToken, reporting()),
      results
    )
    const failed = results.filter((r) => r.outcome === 'failed').length
    const notFound = results.filter((r) => r.outcome === 'not-found').length
    if (failed + notFound > 0 && settings.failOnError) {
      core.setFailed(
        `${failed + notFound} of ${results.length} key(s) were NOT revoked (${failed} failed, ${notFound} not found): see the job summary for what to do next.`
      )
    }
  } catch (error) {
    if (error instanceof AlertsAccessError || error instanceof TransportError)
      await fail(error.message)
    else if (revoked === undefined) await fail(`Unexpected error: ${message(error)}`)
    else {
      // Keys were already deleted: say what is known rather than "nothing was deleted".
      const reportFile = await saveReport(reportPath, revoked, redactor)
      const redact = (text: string) => redactor.redact(text)
      setOutputs(
        renderOutputs(runStatus(revoked, settings.dryRun), revoked, {
          redact,
          ...(reportFile ? { reportFile } : {})
        }),
        redactor
      )
      core.setFailed(
        redactor.redact(
          `Unexpected error after the revocation (see the outputs for each key): ${message(error)}`
        )
      )
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    deadline.dispose()
    grace?.dispose()
    await dispatcher.close()
  }
}

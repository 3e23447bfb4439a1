import * as core from '@actions/core'
import { config as zodConfig } from 'zod/mini'
import { en as zodEnglish } from 'zod/locales'
import { InputError } from './errors.js'
import { AlertsAccessError, collectAlerts, type AlertSource } from './github/read/alerts.js'
import { GitHubApiError } from './github/api-error.js'
import { readContext, runUrl, type RunContext } from './github/read/context.js'
import { NO_EVIDENCE, readEvidence, type EvidenceBook } from './github/read/evidence.js'
import { keepEvidence, noteNotFoundAlerts, postReport } from './github/publish/post-report.js'
import { relayedAlert } from './github/read/relayed-alert.js'
import { TransportError } from './http/client.js'
import { checkBaseUrl } from './http/url-policy.js'
import { DEFAULT_OUTPUTS, renderOutputs } from './report/outputs.js'
import { annotate, failureSummary, saveReport, setOutputs, writeSummary } from './report/publish.js'
import { reportFilePath } from './report/report-file.js'
import { renderReports } from './report/reports.js'
import { RunResources } from './resources.js'
import { AlertResolver, withResolutions } from './revoke/alert-resolution.js'
import { keyShapes } from './providers/registry.js'
import { revokeKeys, type RotationHook } from './revoke/engine.js'
import { planAlerts, type AlertPlan } from './revoke/from-alerts.js'
import { isDone, isRevoked, runStatus } from './revoke/result.js'
import type { KeyResult, RunStatus, Settings } from './model.js'
import { clearReceiptOutputs, saveReceipt } from './receipt/publish.js'
import { receiptDir, type ReceiptRun, type RunMode } from './receipt/receipt.js'
import { gateKeys } from './plan/gate.js'
import { clearPlanOutputs, heldResults, savePlan } from './plan/publish.js'
import { Redactor } from './secrets.js'
import { readSettings } from './settings/settings.js'

// zod/mini carries no messages: a GitHub answer that fails its schema (src/github/issues.ts,
// evidence.ts) would throw "Invalid input" where classic zod said what was expected and found.
zodConfig(zodEnglish())

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A relayed alert: the repository and number a `repository_dispatch` names. */
type Relay = { repository: string; number: number }

/**
 * The action: settings, alerts, revocation (with alert resolution as each key ends), report.
 * One error policy: a run that stops on an error reports what it knows, and says first
 * whether anything was deleted before it.
 */
export async function run(): Promise<void> {
  const startedAt = new Date()
  setOutputs(DEFAULT_OUTPUTS, new Redactor())
  clearReceiptOutputs()
  clearPlanOutputs()
  const redactor = new Redactor((secret) => core.setSecret(secret), keyShapes())
  const ctx = readContext()
  const reportPath = reportFilePath()
  // Every result as soon as it is known, so an error at any stage reports what happened before.
  const known: KeyResult[] = []
  let resources: RunResources | undefined
  let dryRun = false
  let verify = true
  let mode: RunMode = 'revoke'
  try {
    const { settings, relay, apiUrl } = readRunSettings(ctx, redactor)
    for (const warning of settings.warnings) core.warning(warning)
    dryRun = settings.dryRun
    verify = settings.verify
    mode = settings.mode
    resources = new RunResources(settings.timeoutMs, apiUrl, redactor)
    const plan = await keysToRevoke(settings, ctx, relay, resources, redactor)
    // plan: the keys an approval rule names wait; apply: only the approved plan's keys go.
    const gate = gateKeys(settings.mode, settings.approval, settings.plan, plan.keys)
    known.push(...plan.unrevocable, ...gate.untouched)
    // The keys that need no approval first: they never wait on the others.
    const { results, unresolved } = await revokeAndResolve(
      settings,
      ctx,
      gate.now,
      resources,
      redactor,
      (r) => known.push(r)
    )
    const held = await identifyHeld(settings, gate.held, resources, redactor)
    known.push(...held)
    if (settings.mode === 'plan') await savePlan(receiptDir(), ctx, gate.held, held, redactor)
    const all = [...results, ...held, ...plan.unrevocable, ...gate.untouched]
    await report(settings, ctx, all, unresolved, resources, redactor, reportPath)
    const status = runStatus(all, settings.dryRun)
    await saveReceipt(receiptRun(ctx, status, mode, dryRun, verify, startedAt), all, redactor)
  } catch (error) {
    const status = await reportFailure(error, known, dryRun, redactor, reportPath)
    await saveReceipt(receiptRun(ctx, status, mode, dryRun, verify, startedAt), known, redactor)
  } finally {
    await resources?.close()
  }
}

/** What the receipt says of the run. */
function receiptRun(
  ctx: RunContext,
  status: RunStatus,
  mode: RunMode,
  dryRun: boolean,
  verify: boolean,
  startedAt: Date
): ReceiptRun {
  return {
    repository: ctx.repository,
    runId: ctx.runId,
    runUrl: runUrl(ctx),
    status,
    mode: dryRun ? 'dry-run' : mode,
    verify,
    startedAt,
    finishedAt: new Date()
  }
}

/** The settings, the relayed alert if any, and the GitHub API URL: all checked, or throws. */
function readRunSettings(
  ctx: RunContext,
  redactor: Redactor
): { settings: Settings; relay: Relay | undefined; apiUrl: URL } {
  const relayed = relayedAlert(ctx.eventName, ctx.event, ctx.repository)
  const settings = readSettings((name) => core.getInput(name), redactor, {
    relay: relayed !== undefined,
    event: { name: ctx.eventName, inputs: (ctx.event as { inputs?: unknown } | null)?.inputs }
  })
  if (relayed && 'error' in relayed) throw new InputError('client_payload', relayed.error)
  const api = checkBaseUrl(ctx.apiUrl)
  if ('error' in api) throw new InputError('GITHUB_API_URL', `GITHUB_API_URL ${api.error}.`)
  return { settings, relay: relayed, apiUrl: api.url }
}

/** Which alerts this run works on, if any. */
function alertSource(
  settings: Settings,
  ctx: RunContext,
  relay: Relay | undefined
): AlertSource | undefined {
  if (relay) return { kind: 'one', repository: relay.repository, number: relay.number }
  if (settings.alerts.alertNumber !== undefined)
    return { kind: 'one', repository: ctx.repository, number: settings.alerts.alertNumber }
  if (!settings.alerts.sweep) return undefined
  if (settings.alerts.scope === 'org')
    return { kind: 'sweep', scope: 'org', org: settings.alerts.org ?? ctx.owner }
  return { kind: 'sweep', scope: 'repo', repository: ctx.repository }
}

/** The keys given as inputs, plus those the run's alerts hold. */
async function keysToRevoke(
  settings: Settings,
  ctx: RunContext,
  relay: Relay | undefined,
  resources: RunResources,
  redactor: Redactor
): Promise<AlertPlan> {
  const source = alertSource(settings, ctx, relay)
  if (!source) return { keys: settings.keys, unrevocable: [] }
  const gh = await resources.github(settings.alerts.token)
  if (!gh)
    throw new InputError(
      'alerts-token',
      'Alert-driven runs need `alerts-token` (or `github-token`) with the "Secret scanning alerts" permission.'
    )
  const { alerts, unreadable, more } = await collectAlerts(gh, source, redactor)
  if (unreadable > 0)
    core.warning(`${unreadable} alert(s) in GitHub's answer could not be read and were left alone.`)
  if (more)
    core.warning(
      `GitHub lists more open alerts than one run reads (${alerts.length + unreadable}): run again for the rest.`
    )
  core.info(`Found ${alerts.length} alert(s).`)
  const plan = planAlerts(alerts, settings.alerts.secretTypes)
  return { keys: [...settings.keys, ...plan.keys], unrevocable: plan.unrevocable }
}

/**
 * Revokes the keys; each key's alerts are resolved as soon as its result allows. `unresolved`:
 * the alerts this run tried to resolve and could not.
 */
async function revokeAndResolve(
  settings: Settings,
  ctx: RunContext,
  keys: Settings['keys'],
  resources: RunResources,
  redactor: Redactor,
  onResult: (result: KeyResult) => void
): Promise<{ results: KeyResult[]; unresolved: ReadonlySet<string> }> {
  const resolving =
    keys.some((k) => k.alerts?.length) && settings.alerts.resolve && !settings.dryRun
  const gh = resolving ? await resources.github(settings.alerts.token) : undefined
  const resolver =
    gh &&
    new AlertResolver(
      gh,
      {
        verify: settings.verify,
        resolveNotFound: settings.alerts.resolveNotFound,
        runUrl: runUrl(ctx)
      },
      (text) => core.warning(text),
      () => earlierEvidence(settings, ctx, resources)
    )
  const rotation =
    settings.rotation && !settings.dryRun
      ? await rotator(settings.rotation, ctx, resources, redactor)
      : undefined
  const results = await revokeKeys(
    { ...settings, keys },
    {
      connections: resources.connections,
      deadline: resources.deadline,
      redactor,
      ...(rotation ? { rotation } : {}),
      onResult(result) {
        onResult(result)
        resolver?.add(result)
      }
    }
  )
  if (!resolver) return { results, unresolved: new Set() }
  const resolutions = await resolver.finished()
  return { results: withResolutions(results, resolutions), unresolved: resolutions.failed }
}

/**
 * The keys a plan run holds for approval: identified (their ids found, their values probed) as
 * a dry run would, nothing deleted, and their alerts left open.
 */
async function identifyHeld(
  settings: Settings,
  held: ReadonlyArray<{ key: Settings['keys'][number]; because: string }>,
  resources: RunResources,
  redactor: Redactor
): Promise<KeyResult[]> {
  if (held.length === 0) return []
  const results = await revokeKeys(
    { ...settings, keys: held.map((h) => h.key), dryRun: true },
    { connections: resources.connections, deadline: resources.deadline, redactor }
  )
  return heldResults(held, results)
}

/**
 * Rotate, then revoke (src/rotate/): loaded only by a run that rotates, with the sealed box
 * and the secrets store behind it.
 */
async function rotator(
  rotation: NonNullable<Settings['rotation']>,
  ctx: RunContext,
  resources: RunResources,
  redactor: Redactor
): Promise<RotationHook> {
  const [{ Rotator }, { ActionsSecrets }] = await Promise.all([
    import('./rotate/rotate.js'),
    import('./rotate/github-secrets.js')
  ])
  return new Rotator(
    rotation,
    async () => {
      const gh = await resources.github(rotation.token)
      if (!gh) throw new InputError('secrets-token', "Input 'secrets-token' is empty.")
      return new ActionsSecrets(gh, { repository: ctx.repository })
    },
    redactor
  )
}

/**
 * The evidence earlier runs kept of keys they revoked but whose alerts they could not resolve:
 * read with `github-token` from where this run notes not-found alerts (`issue-number`, or the
 * standing issue with `create-issue`), and only there, as that is where such runs wrote it.
 */
async function earlierEvidence(
  settings: Settings,
  ctx: RunContext,
  resources: RunResources
): Promise<EvidenceBook> {
  if (settings.issueNumber === undefined && !settings.createIssue) return NO_EVIDENCE
  const gh = ctx.repository ? await resources.github(settings.githubToken) : undefined
  if (!gh) return NO_EVIDENCE
  const read = await readEvidence(gh, ctx.repository, settings.issueNumber, (id) =>
    runUrl({ ...ctx, runId: id })
  )
  if (read.ignored > 0)
    core.warning(
      `Ignored ${read.ignored} comment(s) in issue #${read.issue ?? '?'} that hold revocation evidence markers but were not written by this action's token (github-token): evidence is trusted only from the action itself.`
    )
  if (read.book.size > 0)
    core.info(
      `Read evidence of ${read.book.size} key(s) revoked by earlier runs in issue #${read.issue ?? '?'}.`
    )
  return read.book
}

/** Outputs, report file, annotations, summary, comment and alert notes; the step's verdict. */
async function report(
  settings: Settings,
  ctx: RunContext,
  results: KeyResult[],
  unresolved: ReadonlySet<string>,
  resources: RunResources,
  redactor: Redactor,
  reportPath: string
): Promise<void> {
  const status = runStatus(results, settings.dryRun)
  const reportFile = await saveReport(reportPath, results, redactor)
  const reports = renderReports(
    { status, results, dryRun: settings.dryRun, runUrl: runUrl(ctx), reportFile },
    (text) => redactor.redact(text)
  )
  setOutputs(reports.outputs, redactor)
  annotate(results)
  await writeSummary(reports.summary)
  // After a cancel or the time limit, the comment still gets a few seconds of its own.
  const gh = () => resources.github(settings.githubToken, resources.reporting())
  await postReport(settings, ctx, gh, status, reports.comment)
  await noteNotFoundAlerts(settings, ctx, gh, results)
  await keepEvidence(settings, ctx, gh, results, unresolved)
  const failed = results.filter((r) => r.outcome === 'failed').length
  const notFound = results.filter((r) => r.outcome === 'not-found').length
  // Sent but not proven is no success either: the step must not show green for it.
  const submitted = results.filter((r) => r.outcome === 'submitted').length
  // A key revoked earlier is dead, but its run is not done until its alerts are resolved.
  const alertsOpen = results.filter((r) => r.outcome === 'revoked-earlier' && !isDone(r)).length
  const notDone = failed + notFound + submitted + alertsOpen
  if (notDone > 0 && settings.failOnError) {
    core.setFailed(
      `${notDone} of ${results.length} key(s) were NOT proven revoked${alertsOpen ? ' or still have open alerts' : ''} (${failed} failed, ${notFound} not found${submitted ? `, ${submitted} sent but not proven` : ''}${alertsOpen ? `, ${alertsOpen} revoked earlier whose alerts could still not be resolved` : ''}): see the job summary for what to do next.`
    )
  }
}

/**
 * A run stopped by an error: the outputs, the summary and the failure say what was deleted.
 * Returns the run's status.
 */
async function reportFailure(
  error: unknown,
  known: readonly KeyResult[],
  dryRun: boolean,
  redactor: Redactor,
  reportPath: string
): Promise<RunStatus> {
  // Errors the action explains itself; anything else is a defect, and named as one.
  const expected =
    error instanceof InputError ||
    error instanceof AlertsAccessError ||
    error instanceof GitHubApiError ||
    error instanceof TransportError
  const safe = redactor.redact(message(error))
  const revoked = known.filter(isRevoked).length
  const reportFile = (await saveReport(reportPath, known, redactor)) ?? ''
  const outputs = renderOutputs(runStatus(known, dryRun), known, {
    redact: (text) => redactor.redact(text),
    reportFile
  })
  // `failed` counts keys that failed; a run stopped before any key (a bad input) is an `error`.
  const status = revoked > 0 ? 'partial' : known.length > 0 ? 'failed' : 'error'
  setOutputs({ ...outputs, status }, redactor)
  await writeSummary(failureSummary(safe, known))
  core.setFailed(
    revoked > 0
      ? `${safe} (${revoked} key(s) were revoked before this error: see the \`result\` output.)`
      : expected
        ? safe
        : `Unexpected error: ${safe}`
  )
  return status
}

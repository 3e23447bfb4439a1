import * as core from '@actions/core'
import type { KeyResult, RunStatus, Settings } from '../../model.js'
import { notFoundNotes, postAlertNotes } from './alert-notes.js'
import { commentFailureHint, commentMarker, reportLeg, upsertComment } from './comments.js'
import { runUrl, type RunContext } from '../read/context.js'
import { evidenceNotes } from './evidence-notes.js'
import { commentsApi, trackingIssue } from './issues.js'
import type { GitHubApi } from '../octokit.js'

// The report's GitHub side: the comment on the run's issue, one note per not-found alert, and
// the evidence of revoked keys whose alerts could not be resolved.
// Each only warns when it fails: the summary and the outputs already hold the report.

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Octokit for the report's token, loaded on first use; undefined without a token. */
export type LazyGitHub = () => Promise<GitHubApi | undefined>

/** Posts (or updates) the report comment on `issue-number`, or on a new tracking issue. */
export async function postReport(
  settings: Settings,
  ctx: RunContext,
  gh: LazyGitHub,
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
export async function noteNotFoundAlerts(
  settings: Settings,
  ctx: RunContext,
  gh: LazyGitHub,
  results: readonly KeyResult[]
): Promise<void> {
  const notes = notFoundNotes(results, runUrl(ctx))
  if (notes.length === 0) return
  await postNotes(settings, ctx, gh, notes, {
    nowhere: `${notes.length} alert(s) are left open: their key was not found (see the summary). Set \`create-issue: true\` or \`issue-number\` to have each noted once in an issue.`,
    posted: (done) =>
      `Noted ${done.posted} not-found alert(s) in issue #${done.issue} (${done.already} noted before).`,
    failed: (why) => `Could not note the not-found alerts in an issue: ${why}`
  })
}

/**
 * Keeps the evidence of each key this run revoked and proved dead whose alerts it could not
 * resolve (`unresolved`), where the next sweep reads it: the issue of the not-found notes. The
 * next sweep then resolves those alerts as revoked instead of reporting their keys not found.
 */
export async function keepEvidence(
  settings: Settings,
  ctx: RunContext,
  gh: LazyGitHub,
  results: readonly KeyResult[],
  unresolved: ReadonlySet<string>
): Promise<void> {
  if (unresolved.size === 0) return
  const notes = evidenceNotes(results, unresolved, { id: ctx.runId, url: runUrl(ctx) })
  if (notes.length === 0) return
  const alerts = notes.reduce((n, note) => n + note.alerts, 0)
  const byHand = `close them by hand as "Revoked" (their keys are dead: see the summary)`
  await postNotes(settings, ctx, gh, notes, {
    nowhere: `${alerts} alert(s) of keys this run revoked could not be resolved, and no evidence is kept: the next sweep will find their keys refused and report them not found. Set \`create-issue: true\` or \`issue-number\` to keep it (the next sweep then resolves them), or ${byHand}.`,
    posted: (done) =>
      `Kept evidence of ${alerts} alert(s) whose keys this run revoked but whose resolution failed, in issue #${done.issue}: the next sweep resolves them as revoked.`,
    failed: (why) =>
      `Could not keep the evidence of ${alerts} revoked key(s) whose alerts are still open: ${why}. The next sweep will report them not found: ${byHand}.`
  })
}

/**
 * Notes posted once each in the report's issue (or the standing one), or a warning that says
 * where they would have gone and what that costs. Nothing in a dry run.
 */
async function postNotes(
  settings: Settings,
  ctx: RunContext,
  gh: LazyGitHub,
  notes: Parameters<typeof postAlertNotes>[3],
  say: {
    nowhere: string
    posted: (done: Awaited<ReturnType<typeof postAlertNotes>>) => string
    failed: (why: string) => string
  }
): Promise<void> {
  if (settings.dryRun) return
  if (settings.issueNumber === undefined && !settings.createIssue) {
    core.warning(say.nowhere)
    return
  }
  const client = await gh()
  if (!client || !ctx.repository) return
  try {
    core.info(say.posted(await postAlertNotes(client, ctx.repository, settings.issueNumber, notes)))
  } catch (error) {
    core.warning(say.failed(message(error)))
  }
}

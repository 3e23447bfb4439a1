import * as core from '@actions/core'
import type { RunStatus, KeyResult } from '../revoke/result.js'
import type { Settings } from '../settings.js'
import { notFoundNotes, postAlertNotes } from './alert-notes.js'
import { commentFailureHint, commentMarker, reportLeg, upsertComment } from './comments.js'
import { runUrl, type RunContext } from './context.js'
import { commentsApi, trackingIssue } from './issues.js'
import type { GitHubApi } from './octokit.js'

// The report's GitHub side: the comment on the run's issue, and one note per not-found alert.
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

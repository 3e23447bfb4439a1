import * as core from '@actions/core'
import { Agent } from 'undici'
import { InputError } from './errors.js'
import { Deadline } from './http/deadline.js'
import { PROVIDERS } from './providers/registry.js'
import { commentMarker, upsertComment, type IssueCommentsApi } from './github/comments.js'
import { renderReport, escapeMarkdown } from './report/markdown.js'
import { DEFAULT_OUTPUTS, renderOutputs, type Outputs } from './report/outputs.js'
import { revokeKeys, type EngineOptions } from './revoke/engine.js'
import { runStatus, type KeyResult } from './revoke/result.js'
import { Redactor } from './secrets.js'
import { readSettings, type Settings } from './settings.js'

/** Test seams: engine timings. The action itself calls `run()` with none. */
export interface RunOptions {
  engine?: Partial<Pick<EngineOptions, 'http' | 'verifyWindowMs' | 'verifyIntervalMs'>>
}

function setOutputs(outputs: Outputs, redactor: Redactor): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redactor.redact(value))
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown)
    return
  }
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

function annotate(results: readonly KeyResult[]): void {
  for (const r of results) {
    const where = `${PROVIDERS[r.provider].name} key ${r.keyRef}`
    if (r.outcome === 'failed')
      core.error(`${where}: ${r.reason ?? 'failed'}: ${r.message ?? ''}`, {
        title: 'Leaked key NOT revoked'
      })
    else if (r.outcome === 'revoked' || r.outcome === 'already-revoked') {
      core.notice(`${where}: ${r.outcome}${r.verified ? ', verified dead' : ''}`, {
        title: 'Leaked key revoked'
      })
    }
  }
}

async function postComment(settings: Settings, report: string, redactor: Redactor): Promise<void> {
  if (settings.issueNumber === undefined) return
  if (!settings.githubToken) {
    core.warning("No comment posted: 'issue-number' is set but 'github-token' is empty.")
    return
  }
  try {
    // Loaded only when a comment is asked for: most runs talk to no GitHub API.
    const { getOctokit, context } = await import('@actions/github')
    const octokit = getOctokit(settings.githubToken)
    const marker = commentMarker(String(context.runId), context.job)
    const posted = await upsertComment(
      octokit.rest.issues as unknown as IssueCommentsApi,
      { ...context.repo, issueNumber: settings.issueNumber },
      marker,
      report
    )
    core.info(`${posted.updated ? 'Updated' : 'Posted'} the report comment: ${posted.url}`)
  } catch (error) {
    const status = (error as { status?: unknown }).status
    const text = error instanceof Error ? error.message : String(error)
    core.warning(
      redactor.redact(
        `Could not comment on #${settings.issueNumber}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${text}. The token needs "Issues: write" (or "Pull requests: write").`
      )
    )
  }
}

/** The action: settings -> revocation -> outputs, summary, annotations, comment. */
export async function run(options: RunOptions = {}): Promise<void> {
  setOutputs(DEFAULT_OUTPUTS, new Redactor())
  const redactor = new Redactor((secret) => core.setSecret(secret))
  let settings: Settings
  try {
    settings = readSettings((name) => core.getInput(name), redactor)
  } catch (error) {
    const message = redactor.redact(error instanceof Error ? error.message : String(error))
    if (!(error instanceof InputError)) core.debug('settings failed with an unexpected error')
    await writeSummary(
      `## 🔑 Leaked key revocation: failed\n\n**Nothing was deleted.** ${escapeMarkdown(message)}\n`
    )
    setOutputs({ ...DEFAULT_OUTPUTS, status: 'failed' }, redactor)
    core.setFailed(message)
    return
  }

  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 16 })
  const deadline = new Deadline(settings.timeoutMs)
  try {
    const results = await revokeKeys(settings, {
      dispatcher,
      deadline,
      redactor,
      ...options.engine
    })
    const status = runStatus(results, settings.dryRun)
    setOutputs(renderOutputs(status, results), redactor)
    annotate(results)
    const report = redactor.redact(
      renderReport({ status, results, dryRun: settings.dryRun, runUrl: runUrl() })
    )
    await writeSummary(report)
    await postComment(settings, report, redactor)
    const failed = results.filter((r) => r.outcome === 'failed').length
    if (failed > 0 && settings.failOnError) {
      core.setFailed(
        `${failed} of ${results.length} key(s) were NOT revoked: see the job summary for what to do next.`
      )
    }
  } catch (error) {
    core.setFailed(
      redactor.redact(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`)
    )
  } finally {
    deadline.dispose()
    await dispatcher.close()
  }
}

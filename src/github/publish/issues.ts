import * as core from '@actions/core'
import type { GitHubApi } from '../octokit.js'
import { ownerRepo } from '../read/context.js'
import {
  Comment,
  Issue,
  issuesWithMarker,
  listComments,
  type IssueComment
} from '../read/issue-threads.js'

/** The subset of GitHub issue calls the report needs. */
export interface IssueCommentsApi {
  listComments(repository: string, issue: number, page: number): Promise<IssueComment[]>
  createComment(
    repository: string,
    issue: number,
    body: string
  ): Promise<{ id: number; html_url: string }>
  updateComment(
    repository: string,
    id: number,
    body: string
  ): Promise<{ id: number; html_url: string }>
}

/** Issue comment calls over Octokit. */
export function commentsApi(gh: GitHubApi): IssueCommentsApi {
  return {
    listComments: (repository, issue, page) => listComments(gh, repository, issue, page),
    async createComment(repository, issue, body) {
      const { data } = await gh.request(
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        {
          ...ownerRepo(repository),
          issue_number: issue,
          body
        }
      )
      return Comment().parse(data)
    },
    async updateComment(repository, id, body) {
      const { data } = await gh.request(
        'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
        {
          ...ownerRepo(repository),
          comment_id: id,
          body
        }
      )
      return Comment().parse(data)
    }
  }
}

/** Pages of 100 comments read when moving a duplicate's comments. */
const MAX_COMMENT_PAGES = 30
/** How every hidden marker of this action begins. */
const OURS = '<!-- revoke-leaked-keys '

/**
 * Finds this run's tracking issue by its hidden marker, or opens it. Legs of a matrix job start
 * together and may each find none and open one: after opening, each looks again, and every leg
 * settles on the oldest (lowest number); a leg whose own issue is newer moves anything posted
 * there to the oldest and closes its own as a duplicate. So however the legs interleave, the
 * report lands in one issue.
 */
export async function trackingIssue(
  gh: GitHubApi,
  repository: string,
  marker: string,
  title: string,
  body: string
): Promise<{ number: number; url: string; created: boolean }> {
  const [found] = await issuesWithMarker(gh, repository, marker)
  if (found) return { ...found, created: false }
  const { data } = await gh.request('POST /repos/{owner}/{repo}/issues', {
    ...ownerRepo(repository),
    title,
    body: `${marker}\n${body}`
  })
  const opened = Issue().parse(data)
  const [oldest] = await issuesWithMarker(gh, repository, marker)
  if (!oldest || oldest.number >= opened.number)
    return { number: opened.number, url: opened.html_url, created: true }
  try {
    await closeAsDuplicate(gh, repository, opened.number, oldest.number)
  } catch (error) {
    // The report still goes to the oldest; an open duplicate is only clutter.
    core.warning(
      `Could not close tracking issue #${opened.number} as a duplicate of #${oldest.number}: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  return { ...oldest, created: false }
}

/**
 * Moves the action's comments of `duplicate` (a leg that saw only that issue may have posted
 * there) to `kept`, unless `kept` already holds the same marker, then closes `duplicate`.
 */
async function closeAsDuplicate(
  gh: GitHubApi,
  repository: string,
  duplicate: number,
  kept: number
): Promise<void> {
  const api = commentsApi(gh)
  const all = async (issue: number): Promise<IssueComment[]> => {
    const comments: IssueComment[] = []
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const batch = await api.listComments(repository, issue, page)
      comments.push(...batch)
      if (batch.length < 100) break
    }
    return comments
  }
  const moving = (await all(duplicate)).filter((c) => c.body?.startsWith(OURS))
  if (moving.length > 0) {
    const markerOf = (text: string) => text.slice(0, text.indexOf('-->') + 3)
    const there = new Set((await all(kept)).map((c) => markerOf(c.body ?? '')))
    for (const c of moving)
      if (!there.has(markerOf(c.body ?? '')))
        await api.createComment(repository, kept, c.body ?? '')
  }
  await api.createComment(repository, duplicate, `Duplicate of #${kept}: the report is there.`)
  await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
    ...ownerRepo(repository),
    issue_number: duplicate,
    state: 'closed',
    state_reason: 'duplicate'
  })
}

import * as z from 'zod/mini'
import { lazy } from '../../lazy.js'
import type { GitHubApi } from '../octokit.js'
import { ownerRepo } from './context.js'

// The issues and comments the action wrote, as a run reads them back: to find an issue again
// by its hidden marker, and to read the evidence an earlier run kept. Writing them is
// publish/issues.ts's.

/** Who wrote an issue or a comment, as GitHub names them (`type` is `User` or `Bot`). */
export interface Author {
  login: string
  type: string
}

/** A comment as the action reads it. */
export interface IssueComment {
  id: number
  body?: string | null
  html_url?: string
  user?: Author | null
}

const User = lazy(() =>
  z.looseObject({ login: z.string(), type: z._default(z.optional(z.string()), '') })
)
export const Comment = lazy(() =>
  z.looseObject({
    id: z.number(),
    body: z.nullish(z.string()),
    html_url: z._default(z.optional(z.string()), ''),
    user: z.nullish(User())
  })
)
export const Issue = lazy(() =>
  z.looseObject({
    number: z.number(),
    body: z.nullish(z.string()),
    html_url: z._default(z.optional(z.string()), '')
  })
)

/** One page of 100 comments of an issue, oldest first. */
export async function listComments(
  gh: GitHubApi,
  repository: string,
  issue: number,
  page: number
): Promise<IssueComment[]> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...ownerRepo(repository),
    issue_number: issue,
    per_page: 100,
    page
  })
  return z.array(Comment()).parse(data)
}

/** Pages of 100 open issues read when looking for a marker. */
const MAX_ISSUE_PAGES = 10

/**
 * The open issues whose body holds `marker`, lowest number first. GitHub lists the newest
 * first, so issues a race opened twice sit next to each other: the walk stops after the first
 * page that holds one.
 */
export async function issuesWithMarker(
  gh: GitHubApi,
  repository: string,
  marker: string
): Promise<Array<{ number: number; url: string }>> {
  for (let page = 1; page <= MAX_ISSUE_PAGES; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues', {
      ...ownerRepo(repository),
      state: 'open',
      per_page: 100,
      page
    })
    const issues = z.array(Issue()).parse(data)
    const mine = issues.filter((i) => i.body?.includes(marker))
    if (mine.length > 0)
      return mine
        .map((i) => ({ number: i.number, url: i.html_url }))
        .sort((a, b) => a.number - b.number)
    if (issues.length < 100) break
  }
  return []
}

/** The marker of the standing "needs a person" issue, where not-found alerts are noted. */
export const STANDING_MARKER = '<!-- revoke-leaked-keys needs-a-person -->'

/** The standing "needs a person" issue, if the repository has one (nothing is opened). */
export async function standingIssue(
  gh: GitHubApi,
  repository: string
): Promise<number | undefined> {
  const [oldest] = await issuesWithMarker(gh, repository, STANDING_MARKER)
  return oldest?.number
}

import { z } from 'zod'
import { ownerRepo } from './context.js'
import type { GitHubApi } from './octokit.js'

/** The subset of GitHub issue calls the report needs. */
export interface IssueCommentsApi {
  listComments(
    repository: string,
    issue: number,
    page: number
  ): Promise<Array<{ id: number; body?: string | null }>>
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

const Comment = z
  .object({
    id: z.number(),
    body: z.string().nullish(),
    html_url: z.string().optional().default('')
  })
  .loose()
const Issue = z
  .object({
    number: z.number(),
    body: z.string().nullish(),
    html_url: z.string().optional().default('')
  })
  .loose()

/** Issue comment calls over Octokit. */
export function commentsApi(gh: GitHubApi): IssueCommentsApi {
  return {
    async listComments(repository, issue, page) {
      const { data } = await gh.request(
        'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
        {
          ...ownerRepo(repository),
          issue_number: issue,
          per_page: 100,
          page
        }
      )
      return z.array(Comment).parse(data)
    },
    async createComment(repository, issue, body) {
      const { data } = await gh.request(
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        {
          ...ownerRepo(repository),
          issue_number: issue,
          body
        }
      )
      return Comment.parse(data)
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
      return Comment.parse(data)
    }
  }
}

/** Finds this run's tracking issue by its hidden marker, or opens it. */
export async function trackingIssue(
  gh: GitHubApi,
  repository: string,
  marker: string,
  title: string,
  body: string
): Promise<{ number: number; url: string; created: boolean }> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues', {
      ...ownerRepo(repository),
      state: 'open',
      per_page: 100,
      page
    })
    const issues = z.array(Issue).parse(data)
    const mine = issues.find((i) => i.body?.includes(marker))
    if (mine) return { number: mine.number, url: mine.html_url, created: false }
    if (issues.length < 100) break
  }
  const { data } = await gh.request('POST /repos/{owner}/{repo}/issues', {
    ...ownerRepo(repository),
    title,
    body: `${marker}\n${body}`
  })
  const created = Issue.parse(data)
  return { number: created.number, url: created.html_url, created: true }
}

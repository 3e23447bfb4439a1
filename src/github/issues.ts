import { z } from 'zod'
import type { GitHubClient } from './client.js'

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

/** Issue comment calls over a GitHubClient. */
export function commentsApi(gh: GitHubClient): IssueCommentsApi {
  return {
    async listComments(repository, issue, page) {
      const { data } = await gh.request(
        'GET',
        `/repos/${repository}/issues/${issue}/comments?per_page=100&page=${page}`
      )
      return z.array(Comment).parse(data)
    },
    async createComment(repository, issue, body) {
      const { data } = await gh.request('POST', `/repos/${repository}/issues/${issue}/comments`, {
        body
      })
      return Comment.parse(data)
    },
    async updateComment(repository, id, body) {
      const { data } = await gh.request('PATCH', `/repos/${repository}/issues/comments/${id}`, {
        body
      })
      return Comment.parse(data)
    }
  }
}

/** Finds this run's tracking issue by its hidden marker, or opens it. */
export async function trackingIssue(
  gh: GitHubClient,
  repository: string,
  marker: string,
  title: string,
  body: string
): Promise<{ number: number; url: string; created: boolean }> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await gh.request(
      'GET',
      `/repos/${repository}/issues?state=open&per_page=100&page=${page}`
    )
    const issues = z.array(Issue).parse(data)
    const mine = issues.find((i) => i.body?.includes(marker))
    if (mine) return { number: mine.number, url: mine.html_url, created: false }
    if (issues.length < 100) break
  }
  const { data } = await gh.request('POST', `/repos/${repository}/issues`, {
    title,
    body: `${marker}\n${body}`
  })
  const created = Issue.parse(data)
  return { number: created.number, url: created.html_url, created: true }
}

/** The subset of an Octokit client the comment upsert uses (tests pass a stub). */
export interface IssueCommentsApi {
  listComments(params: {
    owner: string
    repo: string
    issue_number: number
    per_page: number
    page: number
  }): Promise<{ data: Array<{ id: number; body?: string | null }> }>
  createComment(params: {
    owner: string
    repo: string
    issue_number: number
    body: string
  }): Promise<{ data: { id: number; html_url: string } }>
  updateComment(params: {
    owner: string
    repo: string
    comment_id: number
    body: string
  }): Promise<{ data: { id: number; html_url: string } }>
}

/** Hidden marker that lets a re-run of the same workflow run find its own comment. */
export function commentMarker(runId: string, job: string): string {
  return `<!-- revoke-leaked-keys run:${runId} job:${job} -->`
}

const MAX_BODY = 65_000
const MAX_PAGES = 30

/** Creates the report comment, or updates the one this run posted before. */
export async function upsertComment(
  api: IssueCommentsApi,
  where: { owner: string; repo: string; issueNumber: number },
  marker: string,
  report: string
): Promise<{ id: number; url: string; updated: boolean }> {
  let body = `${marker}\n${report}`
  if (body.length > MAX_BODY)
    body = `${body.slice(0, MAX_BODY)}\n\n_(report cut to fit a comment; the job summary has all of it)_`
  const { owner, repo, issueNumber } = where
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await api.listComments({
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
      page
    })
    const mine = data.find((c) => c.body?.includes(marker))
    if (mine) {
      const res = await api.updateComment({ owner, repo, comment_id: mine.id, body })
      return { id: res.data.id, url: res.data.html_url, updated: true }
    }
    if (data.length < 100) break
  }
  const res = await api.createComment({ owner, repo, issue_number: issueNumber, body })
  return { id: res.data.id, url: res.data.html_url, updated: false }
}

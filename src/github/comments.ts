import type { IssueCommentsApi } from './issues.js'

/** Hidden marker that lets a re-run of the same workflow run find its own comment. */
export function commentMarker(runId: string, job: string): string {
  return `<!-- revoke-leaked-keys run:${runId} job:${job} -->`
}

const MAX_BODY = 65_000
const MAX_PAGES = 30

/** Creates the report comment, or updates the one this run posted before. */
export async function upsertComment(
  api: IssueCommentsApi,
  where: { repository: string; issueNumber: number },
  marker: string,
  report: string
): Promise<{ id: number; url: string; updated: boolean }> {
  let body = `${marker}\n${report}`
  if (body.length > MAX_BODY)
    body = `${body.slice(0, MAX_BODY)}\n\n_(report cut to fit a comment; the job summary has all of it)_`
  const { repository, issueNumber } = where
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await api.listComments(repository, issueNumber, page)
    const mine = comments.find((c) => c.body?.includes(marker))
    if (mine) {
      const res = await api.updateComment(repository, mine.id, body)
      return { id: res.id, url: res.html_url, updated: true }
    }
    if (comments.length < 100) break
  }
  const res = await api.createComment(repository, issueNumber, body)
  return { id: res.id, url: res.html_url, updated: false }
}

/**
 * Posts `body` once: when a comment holding `marker` is already there, nothing is sent.
 * Markers are listed once per call, so many notes cost one walk of the comments.
 */
export async function postOnce(
  api: IssueCommentsApi,
  where: { repository: string; issueNumber: number },
  notes: ReadonlyArray<{ marker: string; body: string }>
): Promise<{ posted: number; already: number }> {
  const { repository, issueNumber } = where
  const seen = new Set<string>()
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await api.listComments(repository, issueNumber, page)
    for (const c of comments)
      for (const note of notes) if (c.body?.includes(note.marker)) seen.add(note.marker)
    if (comments.length < 100) break
  }
  let posted = 0
  for (const note of notes) {
    if (seen.has(note.marker)) continue
    await api.createComment(
      repository,
      issueNumber,
      `${note.marker}\n${note.body}`.slice(0, MAX_BODY)
    )
    seen.add(note.marker)
    posted++
  }
  return { posted, already: notes.length - posted }
}

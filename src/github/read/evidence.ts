import * as z from 'zod/mini'
import { lazy } from '../../lazy.js'
import { PROVIDER_IDS, type ProviderId } from '../../providers/types.js'
import { alertKey, type AlertRef, type EarlierRevocation } from '../../model.js'
import { GitHubApiError } from '../api-error.js'
import type { GitHubApi } from '../octokit.js'
import { isRepository } from './context.js'
import { listComments, standingIssue, type Author } from './issue-threads.js'

// Evidence of a revocation whose alert could not be resolved (a timeout, GitHub's hourly
// limit). The next sweep finds that key refused, which alone reads "not found": a typo and a
// key revoked last week look alike. So the run that saw the key die says so in GitHub itself,
// where the next run can read it: one hidden marker per alert (run, provider, fingerprint,
// alert) in a comment of the issue where not-found alerts are noted.
//
// A marker is a claim, not proof, and anyone who can comment there can write one. It is
// trusted only in comments written by the identity the action writes as, and even then it
// only explains a refusal: the next run still asks the provider, and only a key the provider
// refuses (outcome `not-found`, which with `verify` on means the value itself was refused) is
// resolved with it. A forged marker can therefore never close the alert of a live key.
//
// The marker's format lives here, next to its parser, so that what a run writes
// (publish/evidence-notes.ts) and what the next one reads cannot drift apart.

/** Pages of 100 comments read for evidence, as for the report's own comment. */
const MAX_PAGES = 30
const RECORD_START = '<!-- revoke-leaked-keys revoked '
const RECORD =
  /<!-- revoke-leaked-keys revoked run:(\d{1,20}) provider:([a-z]{1,20}) key:(sha256:[0-9a-f]{12}) alert:([^\s#]{3,201})#(\d{1,10}) -->/g

/** One alert's evidence line: what the next run matches (provider and fingerprint). */
export function evidenceMarker(
  runId: string,
  provider: ProviderId,
  keyRef: string,
  alert: Pick<AlertRef, 'repository' | 'number'>
): string {
  return `${RECORD_START}run:${runId} provider:${provider} key:${keyRef} alert:${alertKey(alert)} -->`
}

/** One record of evidence, as a comment states it. */
export interface EvidenceRecord {
  runId: string
  provider: ProviderId
  keyRef: string
  alert: string
}

/** The evidence records a text holds, each checked field by field; anything else is ignored. */
export function parseEvidence(text: string): EvidenceRecord[] {
  const records: EvidenceRecord[] = []
  for (const m of text.matchAll(RECORD)) {
    const [, runId = '', provider = '', keyRef = '', repository = '', number = ''] = m
    if (!(PROVIDER_IDS as readonly string[]).includes(provider) || !isRepository(repository))
      continue
    records.push({
      runId,
      provider: provider as ProviderId,
      keyRef,
      alert: `${repository}#${Number(number)}`
    })
  }
  return records
}

/** What earlier runs recorded, by provider and fingerprint. */
export interface EvidenceBook {
  find(provider: ProviderId, keyRef: string): EarlierRevocation | undefined
  /** Keys the book knows. */
  readonly size: number
}

export const NO_EVIDENCE: EvidenceBook = { find: () => undefined, size: 0 }

const Me = lazy(() => z.looseObject({ login: z.string().check(z.minLength(1)) }))

/**
 * Which comment authors are this action's own: the token's user for a personal access token;
 * for the workflow's GITHUB_TOKEN or an App's installation token, which cannot read their own
 * identity (`GET /user` answers 403), a bot. A person commenting is neither: a user who is not
 * the token's owner, and no person can comment as a bot.
 */
export async function ownAuthors(
  gh: GitHubApi
): Promise<(author: Author | null | undefined) => boolean> {
  try {
    const { data } = await gh.request('GET /user')
    const me = Me().parse(data).login.toLowerCase()
    return (author) => author?.login.toLowerCase() === me
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 403)
      return (author) => author?.type === 'Bot'
    throw error
  }
}

/**
 * The evidence in `issueNumber`, or in the standing "needs a person" issue where the run notes
 * not-found alerts; markers in comments by anyone else are counted in `ignored`, never read.
 * `runUrl` makes a run's link from its id: the link is never taken from a comment.
 */
export async function readEvidence(
  gh: GitHubApi,
  repository: string,
  issueNumber: number | undefined,
  runUrl: (runId: string) => string | undefined
): Promise<{ book: EvidenceBook; issue?: number; ignored: number }> {
  const issue = issueNumber ?? (await standingIssue(gh, repository))
  if (issue === undefined) return { book: NO_EVIDENCE, ignored: 0 }
  const found = new Map<string, EarlierRevocation>()
  let trusts: ((author: Author | null | undefined) => boolean) | undefined
  let ignored = 0
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await listComments(gh, repository, issue, page)
    for (const c of comments) {
      if (!c.body?.includes(RECORD_START)) continue
      // Asked only once a marker is there: most runs never need it.
      trusts ??= await ownAuthors(gh)
      if (!trusts(c.user)) {
        ignored++
        continue
      }
      for (const record of parseEvidence(c.body)) {
        const key = `${record.provider}\u0000${record.keyRef}`
        // The oldest record names the run that revoked the key.
        if (found.has(key)) continue
        const url = runUrl(record.runId)
        found.set(key, {
          runId: record.runId,
          ...(url ? { runUrl: url } : {}),
          ...(c.html_url ? { evidenceUrl: c.html_url } : {})
        })
      }
    }
    if (comments.length < 100) break
  }
  return {
    book: {
      find: (provider, keyRef) => found.get(`${provider}\u0000${keyRef}`),
      size: found.size
    },
    issue,
    ignored
  }
}

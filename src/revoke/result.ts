import type { FailureReason } from '../errors.js'
import type { ProviderId } from '../providers/types.js'

/**
 * What happened to one key. `revoked` is the only success of a delete, and it means this run
 * saw the key die: the provider's answer to its delete was about this key, or the value worked
 * before and is refused after. `revoked-earlier` means an earlier run revoked it and proved it
 * dead but could not resolve its alerts (its evidence is kept in GitHub: see
 * `src/github/evidence.ts`), and this run saw the value refused again: only its alerts were
 * left to do. `submitted` means the revocation was sent and accepted, but
 * nothing this run saw shows that the value was a live key or that it died (GitHub's 202
 * answers any list alike). `not-found` means the provider has no live key with this id, or
 * the value does not authenticate: nothing was deleted, and a person has to look (a typo, a
 * truncated copy, or a key someone else revoked all look alike from here).
 */
export const OUTCOMES = [
  'revoked',
  'revoked-earlier',
  'submitted',
  'not-found',
  'failed',
  'dry-run',
  'skipped'
] as const
export type Outcome = (typeof OUTCOMES)[number]

/** Outcomes that need a person: the key may still be alive. */
export const NEEDS_A_PERSON: readonly Outcome[] = ['failed', 'not-found', 'submitted']

/** A secret scanning alert a key came from, as far as results name it (never its secret). */
export interface AlertRef {
  repository: string
  number: number
  url: string
}

/** An alert of a key's result. */
export interface AlertLink extends AlertRef {
  /** Whether the action resolved it in this run. */
  resolved: boolean
}

/** The earlier run that revoked a `revoked-earlier` key, as its kept evidence names it. */
export interface EarlierRevocation {
  /** The workflow run id that revoked it and proved it dead. */
  runId: string
  /** That run's page, built from this repository's URL (never read from the evidence). */
  runUrl?: string
  /** The comment that holds the evidence. */
  evidenceUrl?: string
}

/** One alert's name across repositories: `owner/name#7`. */
export function alertKey(alert: Pick<AlertRef, 'repository' | 'number'>): string {
  return `${alert.repository}#${alert.number}`
}

/** What happened to one key. Serialized as one entry of the `result` output. */
export interface KeyResult {
  /** `null` for an alert whose secret type maps to no provider. */
  provider: ProviderId | null
  /** The key id, or `sha256:` + 12 hex of the value: never the value or any part of it. */
  keyRef: string
  outcome: Outcome
  /**
   * `true`: this run saw the value work, then saw it refused after the delete; `false`: it
   * still works after the delete; `null`: not checked, or not provable.
   */
  verified: boolean | null
  /** Status of the delete (or of the call that failed), `null` when none was answered. */
  httpStatus: number | null
  /** HTTP attempts spent on the delete (or the failing call), retries included. */
  attempts: number
  reason?: FailureReason
  /** What happened, in a sentence; redacted. */
  message?: string
  durationMs: number
  /** The alerts this key came from (alert-driven runs); one key may have several. */
  alerts?: AlertLink[]
  /**
   * A key this run deleted although the leaked value still works after it: not the leaked
   * key. Named (id and name, never a value) so that a person can restore or replace it.
   */
  collateral?: { id: string; name?: string; restore: string }
  /** `revoked-earlier` only: the run that revoked the key. */
  earlier?: EarlierRevocation
}

/**
 * The `status` output: the run as a whole. `revoked` only when every key is done (see
 * `isDone`); `not-found` when nothing failed but no key was found to delete.
 */
export type RunStatus =
  | 'revoked'
  | 'submitted'
  | 'partial'
  | 'not-found'
  | 'failed'
  | 'dry-run'
  | 'none'
  /** The run stopped on an error (a bad input, unreadable alerts) before any key had a result. */
  | 'error'

/**
 * `revoked` only when every key is done (revoked by this run, or revoked earlier with its
 * alerts resolved now) and nothing is left for a person (an open alert no provider maps
 * counts); `submitted` when every key was at least sent and accepted but some are unproven.
 */
export function runStatus(results: readonly KeyResult[], dryRun: boolean): RunStatus {
  const counted = results.filter((r) => r.outcome !== 'skipped')
  const leftOpen = results.some((r) => r.outcome === 'skipped' && needsAPerson(r))
  if (counted.length === 0) return leftOpen ? 'partial' : 'none'
  if (dryRun) return 'dry-run'
  const done = counted.filter(isDone).length
  const submitted = counted.filter((r) => r.outcome === 'submitted').length
  // Revoked earlier, its alerts still open: the key is dead, so the run is not a failure.
  const alertsLeft = counted.filter((r) => r.outcome === 'revoked-earlier' && !isDone(r)).length
  if (done === counted.length) return leftOpen ? 'partial' : 'revoked'
  if (done + submitted === counted.length) return leftOpen ? 'partial' : 'submitted'
  if (done + submitted + alertsLeft > 0) return 'partial'
  return counted.some((r) => r.outcome === 'failed') ? 'failed' : 'not-found'
}

/** Revoked by this run: it saw the key die. */
export function isRevoked(result: Pick<KeyResult, 'outcome'>): boolean {
  return result.outcome === 'revoked'
}

/**
 * Nothing left to do for this key: revoked by this run, or revoked by an earlier one and every
 * alert of it resolved now (resolving them was all this run had to do).
 */
export function isDone(result: Pick<KeyResult, 'outcome' | 'alerts'>): boolean {
  if (result.outcome === 'revoked') return true
  return result.outcome === 'revoked-earlier' && (result.alerts ?? []).every((a) => a.resolved)
}

/**
 * Keys that may still be alive, open alerts that no provider maps, and alerts of a key revoked
 * earlier that could still not be resolved: a person must look.
 */
export function needsAPerson(result: Pick<KeyResult, 'outcome' | 'reason' | 'alerts'>): boolean {
  return (
    NEEDS_A_PERSON.includes(result.outcome) ||
    result.reason === 'unmapped' ||
    (result.outcome === 'revoked-earlier' && !isDone(result))
  )
}

import type { KeyResult, Outcome, RunStatus } from '../model.js'

/** Outcomes that need a person: the key may still be alive. */
export const NEEDS_A_PERSON: readonly Outcome[] = ['failed', 'not-found', 'submitted']

/**
 * `revoked` only when every key is done (revoked by this run, or revoked earlier with its
 * alerts resolved now) and nothing is left for a person (an open alert no provider maps
 * counts); `submitted` when every key was at least sent and accepted but some are unproven.
 */
export function runStatus(results: readonly KeyResult[], dryRun: boolean): RunStatus {
  const counted = results.filter((r) => r.outcome !== 'skipped')
  const leftOpen = results.some((r) => r.outcome === 'skipped' && needsAPerson(r))
  if (counted.length === 0) return leftOpen ? 'partial' : 'none'
  // Every key identified and none deleted: a dry run, or a plan whose keys all await approval.
  if (dryRun || counted.every((r) => r.outcome === 'dry-run')) return 'dry-run'
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
 * Keys that may still be alive, open alerts that no provider maps or whose secret names no key
 * (a secret alone, without its id), and alerts of a key revoked earlier that could still not be
 * resolved: a person must look.
 */
export function needsAPerson(result: Pick<KeyResult, 'outcome' | 'reason' | 'alerts'>): boolean {
  return (
    NEEDS_A_PERSON.includes(result.outcome) ||
    result.reason === 'unmapped' ||
    (result.outcome === 'skipped' && result.reason === 'unresolvable') ||
    (result.outcome === 'revoked-earlier' && !isDone(result))
  )
}

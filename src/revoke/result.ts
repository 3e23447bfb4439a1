import type { FailureReason } from '../errors.js'
import type { ProviderId } from '../providers/types.js'

export const OUTCOMES = ['revoked', 'already-revoked', 'dry-run', 'failed', 'skipped'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** A secret scanning alert a key came from. */
export interface AlertLink {
  repository: string
  number: number
  url: string
  /** Whether the action resolved it as revoked in this run. */
  resolved: boolean
}

/** What happened to one key. Serialized as one entry of the `result` output. */
export interface KeyResult {
  /** `null` for an alert whose secret type maps to no provider. */
  provider: ProviderId | null
  /** The key id, or `sha256:` + 12 hex of the value: never the value or any part of it. */
  keyRef: string
  outcome: Outcome
  /** `true`: the probe proved the key dead; `false`: it still works; `null`: not checked or not provable. */
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
}

/** The `status` output: the run as a whole. */
export type RunStatus = 'revoked' | 'partial' | 'failed' | 'dry-run' | 'none'

export function runStatus(results: readonly KeyResult[], dryRun: boolean): RunStatus {
  const counted = results.filter((r) => r.outcome !== 'skipped')
  if (counted.length === 0) return 'none'
  if (dryRun) return 'dry-run'
  const failed = counted.filter((r) => r.outcome === 'failed').length
  if (failed === 0) return 'revoked'
  return failed === counted.length ? 'failed' : 'partial'
}

export function isRevoked(result: KeyResult): boolean {
  return result.outcome === 'revoked' || result.outcome === 'already-revoked'
}

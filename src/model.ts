import type { FailureReason } from './errors.js'
import type { ProviderId } from './providers/types.js'
import type { Operation, ProbeNote } from './receipt/operations.js'

// The records every layer passes on: what a run was asked (settings), what happened to each key
// (results), and the alerts both name. They live here, below every layer that reads or writes
// them, so that no import runs back up a floor.

/** One key to revoke, as the inputs asked for it. */
export interface KeyRequest {
  provider: ProviderId
  /** The key's identifier at the provider, when given. */
  id?: string
  /** The leaked key value, when given (a secret: never shown). */
  value?: string
  /** Where it came from, for messages: "key line 2". */
  source: string
  /** The secret scanning alerts that reported this key (alert-driven runs). */
  alerts?: AlertRef[]
  /** Their secret types (`secret_type`), for `approval-required`'s `secret-type:` rules. */
  secretTypes?: string[]
}

/** Everything the action was asked to do, read and checked once. */
export interface Settings {
  /** The keys to revoke, all for one provider; never empty. */
  keys: KeyRequest[]
  /** What the run should warn about before it starts (a key pasted into an id input). */
  warnings: string[]
  /** Management credentials by provider (secrets). */
  tokens: Partial<Record<ProviderId, string>>
  /** Each provider's yes/no inputs (`ProviderFacts.flags`), by provider. */
  flags: Partial<Record<ProviderId, Readonly<Record<string, boolean>>>>
  /** API base URL by provider (defaults, or checked overrides). */
  baseUrls: Record<ProviderId, URL>
  /** Probe each key after the delete to prove it dead. */
  verify: boolean
  /** Resolve and check everything, delete nothing. */
  dryRun: boolean
  /**
   * `revoke`: revoke every key; `plan`: revoke at once the keys no `approval` rule names, and
   * write the others into a plan; `apply`: revoke exactly the keys of `plan`.
   */
  mode: 'revoke' | 'plan' | 'apply'
  /** `mode: plan`: which keys wait for approval (`approval-required`). */
  approval: Array<{
    kind: 'provider' | 'secret-type' | 'key-kind' | 'all'
    value: string
    text: string
  }>
  /** `mode: apply`: the approved plan, its digest already checked. */
  plan: Plan | undefined
  /** Token for GitHub API calls (the report comment). */
  githubToken: string | undefined
  /** Issue or pull request to comment the report on. */
  issueNumber: number | undefined
  /** Fail the step when any key ended `failed`. */
  failOnError: boolean
  /** Time limit for the whole run, in milliseconds. */
  timeoutMs: number
  /** Alert-driven runs. */
  alerts: AlertSettings
  /** With no `issue-number`, open (or find again) one tracking issue for the run's report. */
  createIssue: boolean
  /**
   * `report-key`: tells apart the reports of matrix legs of one job (their comment markers);
   * undefined: derived from the inputs that differ between legs.
   */
  reportKey: string | undefined
  /** Rotate, then revoke: set only when `rotate-into` or `rotate-secrets` is given. */
  rotation?: RotationSettings
}

/** One key of an approval plan (src/plan/plan.ts): never a secret. */
export interface PlannedKey {
  provider: ProviderId
  /** `sha256:` + 64 hex of the whole value; null for a key planned by id alone. */
  fingerprint: string | null
  /** The key's id, for a key planned by id alone (never taken from a value). */
  id: string | null
  alerts: AlertRef[]
  /** The approval rule that held it back. */
  because: string
}

/** The keys a `mode: plan` run held back for approval. */
export interface Plan {
  version: 1
  repository: string
  runId: string
  createdAt: string
  keys: PlannedKey[]
}

/** Where alert-driven runs find their keys, and what they do with the alerts. */
export interface AlertSettings {
  /** `alerts: open`: sweep every open alert. */
  sweep: boolean
  /** Sweep this repository, or a whole organization. */
  scope: 'repo' | 'org'
  /** Organization to sweep with scope `org` (default: the repository owner). */
  org: string | undefined
  /** One alert of this repository. */
  alertNumber: number | undefined
  /** Custom-pattern secret types (or display names) mapped to providers. */
  secretTypes: Map<string, ProviderId>
  /** Resolve alerts whose key was revoked (and verified dead). */
  resolve: boolean
  /**
   * Also resolve, as revoked, alerts whose key was not found (nothing deleted). Off by
   * default: not found may be a typo or a cut copy while the real key lives on.
   */
  resolveNotFound: boolean
  /** Token that reads and resolves alerts: `alerts-token`, else `github-token`. */
  token: string | undefined
}

/**
 * What happened to one key. `revoked` is the only success of a delete, and it means this run
 * saw the key die: the provider's answer to its delete was about this key, or the value worked
 * before and is refused after. `revoked-earlier` means an earlier run revoked it and proved it
 * dead but could not resolve its alerts (its evidence is kept in GitHub: see
 * `src/github/read/evidence.ts`), and this run saw the value refused again: only its alerts were
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

/** One alert's name across repositories: `owner/name#7`. */
export function alertKey(alert: Pick<AlertRef, 'repository' | 'number'>): string {
  return `${alert.repository}#${alert.number}`
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
  /** What the run sent for this key and what its probes answered, for the receipt. */
  evidence?: KeyEvidence
  /** Rotating runs only: what became of the replacement key (never its value). */
  rotation?: RotationResult
}

/** A key's share of the receipt (never a secret: see src/receipt/operations.ts). */
export interface KeyEvidence {
  /** `sha256:` + 64 hex of the whole value, when the run had the value. */
  fingerprint?: string
  operations: Operation[]
  probes: ProbeNote[]
}

/**
 * A replacement key's fate, as results name it (src/rotate/). `rotated`: created, stored in the
 * secret and seen working before the leaked key's delete; `replaced-earlier`: an earlier run
 * created one (found by the marker in its name), so none was created; `failed`: no replacement
 * is in place (and none is left behind: `cleanup` says); `no-create-call`: the provider offers
 * no documented way to create one; `not-attempted`: the run could not tell which key or secret.
 */
export const ROTATION_OUTCOMES = [
  'rotated',
  'replaced-earlier',
  'failed',
  'no-create-call',
  'not-attempted'
] as const
export type RotationOutcome = (typeof ROTATION_OUTCOMES)[number]

export interface RotationResult {
  outcome: RotationOutcome
  /** Where the replacement went or was meant to go: `repo:NAME`, `env:ENV/NAME`, `org:NAME`. */
  secret?: string
  /** The replacement's id, or `sha256:` + 12 hex of its value where its id is part of it. */
  newKeyRef?: string
  /** A replacement created and then deleted again after a later step failed; or left behind. */
  cleanup?: 'deleted' | 'left-behind'
  /** What happened and what to do, in a sentence; redacted. */
  message: string
}

/** Where a rotating run puts replacements (src/rotate/settings.ts reads it). */
export interface RotationSettings {
  /** Writes Actions secrets (`secrets-token`): never the workflow's GITHUB_TOKEN. */
  token: string
  /** `rotate-into`: the one secret that holds the run's one key. */
  named?: SecretRef
  /** `rotate-secrets`: secrets whose current values the workflow handed over, to match by value. */
  candidates?: Array<{ secret: SecretRef; value: string }>
}

/** An Actions secret: a repository's, an environment's, or an organization's. */
export type SecretRef =
  | { scope: 'repo'; name: string }
  | { scope: 'env'; environment: string; name: string }
  | { scope: 'org'; name: string }

/** `repo:NAME`, `env:ENV/NAME`, `org:NAME`: how inputs and reports name a secret. */
export function secretLabel(ref: SecretRef): string {
  return ref.scope === 'env' ? `env:${ref.environment}/${ref.name}` : `${ref.scope}:${ref.name}`
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

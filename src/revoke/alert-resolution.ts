import { resolveAlert } from '../github/read/alerts.js'
import type { EvidenceBook } from '../github/read/evidence.js'
import { GITHUB_CONCURRENCY } from '../github/rate-limits.js'
import type { GitHubApi } from '../github/octokit.js'
import { Limiter } from '../http/limiter.js'
import { PROVIDERS } from '../providers/registry.js'
import { isRevoked } from './result.js'
import { alertKey, type AlertLink, type EarlierRevocation, type KeyResult } from '../model.js'

export interface ResolutionPolicy {
  /** With verification on, only a key verified dead resolves its alerts. */
  verify: boolean
  /** Resolve the alerts of not-found keys too (opt-in: nothing was deleted). */
  resolveNotFound: boolean
  /** The run, linked from each resolution comment. */
  runUrl?: string
}

/** Resolution failures warned about one by one; the rest are counted in one last warning. */
const MAX_FAILURE_WARNINGS = 5

/** The resolution comment for a key's alerts, or undefined when they must stay open. */
export function resolutionComment(r: KeyResult, policy: ResolutionPolicy): string | undefined {
  if (!r.provider) return undefined
  const name = PROVIDERS[r.provider].name
  const by = `by revoke-leaked-keys.${policy.runUrl ? ` ${policy.runUrl}` : ''}`
  if (isRevoked(r)) {
    if (policy.verify && r.verified !== true) return undefined
    return `Revoked at ${name}${r.verified ? ', verified dead' : ''} ${by}`
  }
  if (r.outcome === 'not-found' && policy.resolveNotFound)
    return `NOTHING WAS DELETED: ${name} has no live key with this value (revoked before, or not the exact key). Resolved because resolve-not-found-alerts is on, ${by}`
  return undefined
}

/** GitHub's limit on a resolution comment. */
const MAX_RESOLUTION_COMMENT = 250

/**
 * The resolution comment for the alerts of a key an earlier run revoked: that run, which is the
 * one to cite, and this one when both fit in GitHub's 250 characters.
 */
export function earlierComment(
  r: KeyResult,
  earlier: EarlierRevocation,
  policy: ResolutionPolicy
): string {
  const name = r.provider ? PROVIDERS[r.provider].name : 'its provider'
  const cited = `Revoked at ${name}, verified dead, by revoke-leaked-keys in ${earlier.runUrl ?? `run ${earlier.runId}`}; resolving it failed then.`
  const now = ` Refused again and resolved by ${policy.runUrl ?? 'a later run'}`
  return cited.length + now.length <= MAX_RESOLUTION_COMMENT ? cited + now : cited
}

/** What the resolver did, for `withResolutions` and for the evidence this run keeps. */
export interface Resolutions {
  /** Alerts resolved by this run (`owner/name#7`). */
  resolved: ReadonlySet<string>
  /** Alerts this run tried to resolve and could not. */
  failed: ReadonlySet<string>
  /** Alerts whose not-found key an earlier run revoked, with that run. */
  earlier: ReadonlyMap<string, EarlierRevocation>
}

/**
 * Resolves the alerts of each key as soon as its result is known (so alerts of fast providers
 * are resolved while slow ones still work), and says at the end which it resolved. A not-found
 * key is looked up in the evidence earlier runs kept (`evidence`, read once, on first need):
 * when an earlier run revoked it, the refusal is expected and its alerts are resolved as revoked,
 * citing that run.
 */
export class AlertResolver {
  readonly #limiter = new Limiter(GITHUB_CONCURRENCY)
  readonly #work: Promise<void>[] = []
  readonly #resolved = new Set<string>()
  readonly #failed = new Set<string>()
  readonly #earlier = new Map<string, EarlierRevocation>()
  #book: Promise<EvidenceBook> | undefined
  #firstFailure = ''

  constructor(
    private readonly gh: GitHubApi,
    private readonly policy: ResolutionPolicy,
    private readonly warn: (text: string) => void,
    private readonly evidence?: () => Promise<EvidenceBook>
  ) {}

  add(r: KeyResult): void {
    // Only a refusal the run saw itself is explained by evidence: with `verify` off, a
    // not-found was never probed, and evidence must never stand in for that check.
    if (
      r.outcome === 'not-found' &&
      r.provider &&
      r.alerts?.length &&
      this.evidence &&
      this.policy.verify
    ) {
      const provider = r.provider
      this.#work.push(
        this.#evidence().then(async (book) => {
          const earlier = book.find(provider, r.keyRef)
          if (!earlier) return this.#resolveAll(r.alerts ?? [], resolutionComment(r, this.policy))
          for (const a of r.alerts ?? []) this.#earlier.set(alertKey(a), earlier)
          await this.#resolveAll(r.alerts ?? [], earlierComment(r, earlier, this.policy))
        })
      )
      return
    }
    this.#work.push(this.#resolveAll(r.alerts ?? [], resolutionComment(r, this.policy)))
  }

  #evidence(): Promise<EvidenceBook> {
    this.#book ??= (this.evidence?.() ?? Promise.resolve({ find: () => undefined, size: 0 })).catch(
      (error: unknown) => {
        this.warn(
          `Could not read the evidence of earlier revocations: ${error instanceof Error ? error.message : String(error)}. Keys an earlier run revoked are reported not found.`
        )
        return { find: () => undefined, size: 0 }
      }
    )
    return this.#book
  }

  async #resolveAll(alerts: readonly AlertLink[], comment: string | undefined): Promise<void> {
    if (comment === undefined) return
    await Promise.all(
      alerts.map((alert) =>
        this.#limiter.run(async () => {
          try {
            await resolveAlert(this.gh, alert, comment)
            this.#resolved.add(alertKey(alert))
          } catch (error) {
            this.#failed.add(alertKey(alert))
            const text = `Could not resolve alert ${alertKey(alert)}: ${error instanceof Error ? error.message : String(error)}`
            // A sweep that meets GitHub's hourly limit fails thousands alike: a few say why.
            if (this.#failed.size <= MAX_FAILURE_WARNINGS) this.warn(text)
            else this.#firstFailure ||= text
          }
        })
      )
    )
  }

  /** Waits for every resolution started so far; what was resolved, what failed, and why. */
  async finished(): Promise<Resolutions> {
    await Promise.all(this.#work)
    const more = this.#failed.size - MAX_FAILURE_WARNINGS
    if (more > 0)
      this.warn(
        `Could not resolve ${more} more alert(s) (${this.#failed.size} in all), such as: ${this.#firstFailure.replace(/^Could not resolve /, '')}`
      )
    return { resolved: this.#resolved, failed: this.#failed, earlier: this.#earlier }
  }
}

/**
 * The results with each alert marked as resolved or not by this run; a not-found key that an
 * earlier run revoked becomes `revoked-earlier`, done only once all its alerts are resolved.
 */
export function withResolutions(
  results: readonly KeyResult[],
  { resolved, earlier }: Pick<Resolutions, 'resolved' | 'earlier'>
): KeyResult[] {
  return results.map((r) => {
    const alerts = r.alerts ?? []
    const before = alerts.map((a) => earlier.get(alertKey(a))).find((e) => e !== undefined)
    if (!before && !alerts.some((a) => resolved.has(alertKey(a)))) return r
    const marked = alerts.map((a) => ({ ...a, resolved: resolved.has(alertKey(a)) }))
    if (!before || r.outcome !== 'not-found') return { ...r, alerts: marked }
    const name = r.provider ? PROVIDERS[r.provider].name : 'The provider'
    const open = marked.filter((a) => !a.resolved).length
    const run = `run ${before.runId}${before.runUrl ? ` (${before.runUrl})` : ''}`
    return {
      ...r,
      outcome: 'revoked-earlier',
      alerts: marked,
      earlier: before,
      message:
        `Revoked and verified dead by an earlier ${run}, which could not resolve its alerts; ${name} refuses the value now too, so there was nothing left to delete. ` +
        (open === 0
          ? 'Its alerts are now resolved as revoked, citing that run.'
          : `${open} of its ${marked.length} alert(s) could NOT be resolved now either: the next sweep tries again, or close them by hand as "Revoked".`)
    }
  })
}

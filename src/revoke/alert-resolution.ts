import { resolveAlert } from '../github/alerts.js'
import { GITHUB_CONCURRENCY } from '../github/limits.js'
import type { GitHubApi } from '../github/octokit.js'
import { Limiter } from '../http/limiter.js'
import { PROVIDERS } from '../providers/registry.js'
import { alertKey, isRevoked, type KeyResult } from './result.js'

export interface ResolutionPolicy {
  /** With verification on, only a key verified dead resolves its alerts. */
  verify: boolean
  /** Resolve the alerts of not-found keys too (opt-in: nothing was deleted). */
  resolveNotFound: boolean
  /** The run, linked from each resolution comment. */
  runUrl?: string
}

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

/**
 * Resolves the alerts of each key as soon as its result is known (so alerts of fast providers
 * are resolved while slow ones still work), and says at the end which it resolved.
 */
export class AlertResolver {
  readonly #limiter = new Limiter(GITHUB_CONCURRENCY)
  readonly #work: Promise<void>[] = []
  readonly #resolved = new Set<string>()

  constructor(
    private readonly gh: GitHubApi,
    private readonly policy: ResolutionPolicy,
    private readonly warn: (text: string) => void
  ) {}

  add(r: KeyResult): void {
    const comment = resolutionComment(r, this.policy)
    if (comment === undefined) return
    for (const alert of r.alerts ?? []) {
      this.#work.push(
        this.#limiter.run(async () => {
          try {
            await resolveAlert(this.gh, alert, comment)
            this.#resolved.add(alertKey(alert))
          } catch (error) {
            this.warn(
              `Could not resolve alert ${alertKey(alert)}: ${error instanceof Error ? error.message : String(error)}`
            )
          }
        })
      )
    }
  }

  /** Waits for every resolution started so far; the alerts resolved (`owner/name#7`). */
  async finished(): Promise<ReadonlySet<string>> {
    await Promise.all(this.#work)
    return this.#resolved
  }
}

/** The results with each alert marked as resolved or not by this run. */
export function withResolutions(
  results: readonly KeyResult[],
  resolved: ReadonlySet<string>
): KeyResult[] {
  return results.map((r) =>
    r.alerts?.some((a) => resolved.has(alertKey(a)))
      ? { ...r, alerts: r.alerts.map((a) => ({ ...a, resolved: resolved.has(alertKey(a)) })) }
      : r
  )
}

import * as core from '@actions/core'
import type { GitHubApi } from './github/octokit.js'
import { NodeConnections } from './http/connections.js'
import { Deadline } from './http/deadline.js'
import type { Redactor } from './secrets.js'

/** Time the report comment still gets after a cancel or the run's time limit. */
const REPORT_GRACE_MS = 5_000

/**
 * What a run holds open, set up and torn down in one place: the connection pool, the run's
 * deadline (and a short grace for the report after it), the cancel signals, and Octokit.
 */
export class RunResources {
  readonly connections = new NodeConnections({ perOrigin: 16, idleMs: 10_000 })
  readonly deadline: Deadline
  #grace: Deadline | undefined

  // A cancelled job gets SIGINT, then SIGTERM: stop sending, and report what is known.
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    core.warning(`Received ${signal}: stopping, and reporting what is known so far.`)
    this.deadline.cancel()
  }

  constructor(
    timeoutMs: number,
    private readonly apiUrl: URL,
    private readonly redactor: Redactor
  ) {
    this.deadline = new Deadline(timeoutMs)
    process.once('SIGINT', this.#onSignal)
    process.once('SIGTERM', this.#onSignal)
  }

  /**
   * Octokit for `token`, or undefined without one. Loaded only by runs that talk to GitHub:
   * a one-key run never pays for it.
   */
  async github(token: string | undefined, within = this.deadline): Promise<GitHubApi | undefined> {
    if (!token) return undefined
    const { gitHubApi } = await import('./github/octokit.js')
    return gitHubApi(this.apiUrl, token, this.redactor, {
      connections: this.connections,
      deadline: within
    })
  }

  /** The deadline for reporting: the run's, or after it passed, a few seconds of grace. */
  reporting(): Deadline {
    return this.deadline.expired ? (this.#grace ??= new Deadline(REPORT_GRACE_MS)) : this.deadline
  }

  async close(): Promise<void> {
    process.off('SIGINT', this.#onSignal)
    process.off('SIGTERM', this.#onSignal)
    this.deadline.dispose()
    this.#grace?.dispose()
    await this.connections.close()
  }
}

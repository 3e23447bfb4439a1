import { sleep } from './deadline.js'

/**
 * Spaces the start of calls to one endpoint by at least `minIntervalMs`, so a
 * provider's documented rate limit holds instead of being hit and backed off.
 *
 * With `fromAnswer`, the interval is a threshold the provider measures between
 * calls as they arrive (one provider answers "threshold=2.0"): a call sent on time can
 * still arrive too soon after one that was slow to arrive (a new connection,
 * a busy network). Such calls go one at a time, each a full interval after the
 * previous one's answer, by which time the provider surely had it.
 */
/** What the HTTP client waits on before each attempt of a paced request. */
export interface Gate {
  /** Resolves when the caller may send. */
  wait(signal?: AbortSignal): Promise<void>
  /** The attempt got its answer, or failed. */
  done(): void
}

export class Pacer implements Gate {
  #next = 0
  #queue: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  constructor(
    readonly minIntervalMs: number,
    readonly fromAnswer = false
  ) {}

  /** Resolves when the caller may send; reserves that slot for it. Call `done()` after. */
  async wait(signal?: AbortSignal): Promise<void> {
    if (this.fromAnswer) {
      const previous = this.#queue
      let release: () => void = () => undefined
      this.#queue = new Promise<void>((resolve) => (release = resolve))
      await previous
      this.#release = release
    }
    const now = Date.now()
    const at = Math.max(now, this.#next)
    this.#next = at + this.minIntervalMs
    await sleep(at - now, signal)
  }

  /** The call that waited got its answer, or failed: with `fromAnswer`, the next may go. */
  done(): void {
    if (!this.fromAnswer) return
    this.#next = Math.max(this.#next, Date.now() + this.minIntervalMs)
    const release = this.#release
    this.#release = undefined
    release?.()
  }
}

/**
 * Lets at most `budget` calls start in any `windowMs`: a burst within the budget goes at once,
 * the next waits until the oldest of the last `budget` starts leaves the window. For limits
 * counted over a window (GitHub's 900 points a minute per endpoint, a PATCH costing 5).
 */
export class WindowPacer implements Gate {
  /** The last `budget` reserved start times, in order. */
  readonly #starts: number[] = []

  constructor(
    readonly budget: number,
    readonly windowMs: number
  ) {}

  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now()
    const oldest = this.#starts.length >= this.budget ? this.#starts[0] : undefined
    const at = oldest === undefined ? now : Math.max(now, oldest + this.windowMs)
    this.#starts.push(at)
    if (this.#starts.length > this.budget) this.#starts.shift()
    await sleep(at - now, signal)
  }

  done(): void {}
}

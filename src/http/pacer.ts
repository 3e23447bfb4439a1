import { sleep } from './deadline.js'

/**
 * Spaces the start of calls to one endpoint by at least `minIntervalMs`, so a
 * provider's documented rate limit holds instead of being hit and backed off.
 */
export class Pacer {
  #next = 0

  constructor(readonly minIntervalMs: number) {}

  /** Resolves when the caller may send; reserves that slot for it. */
  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now()
    const at = Math.max(now, this.#next)
    this.#next = at + this.minIntervalMs
    await sleep(at - now, signal)
  }
}

/** Runs at most `concurrency` tasks at once, in the order they were queued. */
export class Limiter {
  #running = 0
  readonly #queue: Array<() => void> = []

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`)
    }
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      await new Promise<void>((resolve) => this.#queue.push(resolve))
    }
    this.#running++
    try {
      return await task()
    } finally {
      this.#running--
      this.#queue.shift()?.()
    }
  }
}

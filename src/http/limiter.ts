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

import { setTimeout as delay } from 'node:timers/promises'

/** A point in time after which the whole run stops sending requests. */
export class Deadline {
  readonly #controller = new AbortController()
  readonly #endsAt: number
  readonly #timer: NodeJS.Timeout
  #why: 'time limit' | 'cancelled' | undefined

  constructor(ms: number) {
    this.#endsAt = Date.now() + ms
    this.#timer = setTimeout(() => {
      this.#why ??= 'time limit'
      this.#controller.abort(new Error('deadline reached'))
    }, ms)
    this.#timer.unref()
  }

  /** Aborts when the deadline is reached (or `cancel()` is called). */
  get signal(): AbortSignal {
    return this.#controller.signal
  }

  get expired(): boolean {
    return this.#controller.signal.aborted
  }

  remainingMs(): number {
    return this.expired ? 0 : Math.max(0, this.#endsAt - Date.now())
  }

  /** Why the deadline ended, once it has. */
  get why(): 'time limit' | 'cancelled' | undefined {
    return this.#why
  }

  /** Ends the run early, as when the job is cancelled. */
  cancel(): void {
    this.#why ??= 'cancelled'
    this.#controller.abort(new Error('cancelled'))
  }

  dispose(): void {
    clearTimeout(this.#timer)
  }
}

/** Waits `ms`, or less if the signal aborts first (never rejects). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return
  try {
    await delay(ms, undefined, { signal })
  } catch {
    // aborted: the caller checks the signal
  }
}

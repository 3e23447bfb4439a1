import type { Credential, DeleteResult, DeleteTarget } from '../providers/types.js'

/** Sends one request for several keys that share a credential: one result per target, in order. */
type SendMany = (targets: DeleteTarget[], auth: Credential) => Promise<DeleteResult[]>

/** One key's part in a lane's batches: it joins with its delete, or ends without one. */
export interface BatchTurn {
  join(target: DeleteTarget, auth: Credential): Promise<DeleteResult>
  /** The key is done (with or without its delete): its place in the lane frees. */
  end(): void
}

interface Waiting {
  target: DeleteTarget
  auth: Credential
  settle: (outcome: { result: DeleteResult } | { error: unknown }) => void
}

/**
 * One provider's deletes gathered into requests of at most `size` keys, for a provider whose
 * API takes a list (GitHub's credential revocation). A batch goes as soon as no key can still
 * join it: every key that holds a place in the lane has reached its delete or ended, and every
 * key yet to start waits for a place, which frees only when a key ends (and a key in the batch
 * ends only after the batch is sent).
 */
export class DeleteBatches {
  /** Keys of the run for this lane that have not taken a place yet. */
  #notStarted: number
  /** Keys that hold a place. */
  #holding = 0
  /** Keys that hold a place and have neither joined nor ended. */
  #undecided = 0
  #open: Waiting[] = []

  /**
   * @param size the most keys one request takes
   * @param places the lane's concurrency: keys that may hold a place at once
   * @param keys how many keys of the run this lane will get
   */
  constructor(
    private readonly size: number,
    private readonly places: number,
    keys: number,
    private readonly sendMany: SendMany
  ) {
    this.#notStarted = keys
  }

  /** Called when a key takes its place in the lane, before it awaits anything. */
  turn(): BatchTurn {
    this.#notStarted--
    this.#holding++
    this.#undecided++
    let decided = false
    let ended = false
    const decide = () => {
      if (decided) return
      decided = true
      this.#undecided--
    }
    return {
      join: (target, auth) =>
        new Promise<DeleteResult>((resolve, reject) => {
          if (decided) throw new Error('a key joins its batch once')
          decide()
          this.#open.push({
            target,
            auth,
            settle: (o) => ('result' in o ? resolve(o.result) : reject(o.error))
          })
          this.#flushIfReady()
        }),
      end: () => {
        if (ended) return
        ended = true
        decide()
        this.#holding--
        this.#flushIfReady()
      }
    }
  }

  #flushIfReady(): void {
    while (this.#open.length >= this.size) this.#send(this.#open.splice(0, this.size))
    const anyoneCanJoin =
      this.#undecided > 0 || (this.#notStarted > 0 && this.#holding < this.places)
    if (!anyoneCanJoin && this.#open.length > 0) this.#send(this.#open.splice(0))
  }

  /** One request per credential among the batch's keys (GitHub's takes none: one request). */
  #send(batch: Waiting[]): void {
    const byCredential = new Map<string, Waiting[]>()
    for (const w of batch) {
      const id = `${w.auth.kind}\u0000${w.auth.kind === 'self' ? '' : w.auth.secret}`
      const group = byCredential.get(id)
      if (group) group.push(w)
      else byCredential.set(id, [w])
    }
    for (const group of byCredential.values()) {
      const [first] = group
      if (!first) continue
      this.sendMany(
        group.map((w) => w.target),
        first.auth
      ).then(
        (results) =>
          group.forEach((w, i) => {
            const result = results[i]
            w.settle(
              result
                ? { result }
                : { error: new Error(`the batch answered ${results.length} of ${group.length}`) }
            )
          }),
        (error: unknown) => group.forEach((w) => w.settle({ error }))
      )
    }
  }
}

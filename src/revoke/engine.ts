import type { Dispatcher } from 'undici'
import { RevocationFailure } from '../errors.js'
import { HttpClient, TransportError, type HttpPolicy } from '../http/client.js'
import { sleep, type Deadline } from '../http/deadline.js'
import { Limiter } from '../http/limiter.js'
import { Pacer } from '../http/pacer.js'
import { PROVIDERS, tokenInput } from '../providers/registry.js'
import type { Credential, Provider, ProviderContext, ProviderId } from '../providers/types.js'
import { fingerprint, type Redactor } from '../secrets.js'
import { USER_AGENT } from '../http/user-agent.js'
import type { KeyRequest } from '../settings.js'
import type { KeyResult } from './result.js'

/** What the engine needs from the settings. */
export interface Job {
  keys: KeyRequest[]
  tokens: Partial<Record<ProviderId, string>>
  baseUrls: Record<ProviderId, URL>
  verify: boolean
  dryRun: boolean
}

export interface EngineOptions {
  dispatcher: Dispatcher
  deadline: Deadline
  redactor: Redactor
  http?: Partial<HttpPolicy>
  /** How long the probe keeps asking a deleted key, to allow for propagation. */
  verifyWindowMs?: number
  /** First pause between probes; each later one doubles. */
  verifyIntervalMs?: number
  /** The adapters, by id (tests may substitute). */
  providers?: Record<ProviderId, Provider>
  /**
   * Called with each key's result as soon as it is known, so work that follows a key
   * (resolving its alerts) need not wait for the rest.
   */
  onResult?: (result: KeyResult) => void
}

/** How one key's revocation ended, before its timings and statuses are added. */
type Verdict = Pick<KeyResult, 'outcome' | 'verified' | 'message'> &
  Partial<Pick<KeyResult, 'reason'>>

/** Revokes every key, concurrently within each provider's limits; results in input order. */
export async function revokeKeys(job: Job, options: EngineOptions): Promise<KeyResult[]> {
  const adapters = options.providers ?? PROVIDERS
  const lanes = new Map<ProviderId, ProviderLane>()
  const lane = (id: ProviderId): ProviderLane => {
    let found = lanes.get(id)
    if (!found) {
      found = new ProviderLane(adapters[id], job, options)
      lanes.set(id, found)
    }
    return found
  }
  return Promise.all(
    job.keys.map(async (key) => {
      const result = await lane(key.provider).revoke(key)
      options.onResult?.(result)
      return result
    })
  )
}

/** One provider's share of a run: its HTTP client, pacing, concurrency and memo. */
class ProviderLane {
  readonly #limiter: Limiter
  readonly #ctx: ProviderContext
  /** What results call the delete call: "Deleted", or the provider's own words. */
  get #words(): { done: string; verb: string; noun: string } {
    return this.provider.revocationWords ?? { done: 'Deleted', verb: 'delete', noun: 'delete' }
  }

  constructor(
    readonly provider: Provider,
    readonly job: Job,
    readonly options: EngineOptions
  ) {
    this.#limiter = new Limiter(provider.limits.concurrency)
    const pacers: Record<string, Pacer> = {}
    for (const [name, ms] of Object.entries(provider.limits.minIntervalMs ?? {}))
      pacers[name] = new Pacer(ms, provider.limits.fromAnswer?.includes(name))
    const memo = new Map<string, Promise<unknown>>()
    this.#ctx = {
      redactor: options.redactor,
      http: new HttpClient(job.baseUrls[provider.id], {
        dispatcher: options.dispatcher,
        deadline: options.deadline,
        policy: options.http,
        pacers,
        headers: { 'user-agent': USER_AGENT, accept: 'application/json' },
        retryAfterFromBody: provider.retryAfterFromBody?.bind(provider)
      }),
      memo<T>(key: string, load: () => Promise<T>): Promise<T> {
        let entry = memo.get(key) as Promise<T> | undefined
        if (!entry) {
          entry = load()
          memo.set(key, entry)
        }
        return entry
      }
    }
  }

  revoke(key: KeyRequest): Promise<KeyResult> {
    return this.#limiter.run(() => this.#revokeOne(key))
  }

  async #revokeOne(key: KeyRequest): Promise<KeyResult> {
    const started = Date.now()
    const record: KeyResult = {
      provider: this.provider.id,
      keyRef: key.id ?? fingerprint(key.value ?? ''),
      outcome: 'failed',
      verified: null,
      httpStatus: null,
      attempts: 0,
      durationMs: 0
    }
    try {
      Object.assign(record, await this.#run(key, record))
    } catch (error) {
      Object.assign(record, this.#failed(error))
    }
    record.durationMs = Date.now() - started
    if (record.message !== undefined) record.message = this.options.redactor.redact(record.message)
    // The alerts travel with their key to its result; whether each gets resolved is decided later.
    if (key.alerts) record.alerts = key.alerts.map((a) => ({ ...a, resolved: false }))
    return record
  }

  #failed(error: unknown): Partial<KeyResult> {
    const name = this.provider.name
    if (error instanceof RevocationFailure) {
      return {
        outcome: 'failed',
        reason: error.reason,
        message: error.message,
        httpStatus: error.httpStatus,
        attempts: error.attempts
      }
    }
    if (error instanceof TransportError) {
      return {
        outcome: 'failed',
        reason: error.kind,
        message: `${name}: ${error.message} after ${error.attempts} attempt(s)`,
        attempts: error.attempts
      }
    }
    const text = error instanceof Error ? error.message : String(error)
    return {
      outcome: 'failed',
      reason: 'provider-error',
      message: `${name}: unexpected error: ${this.options.redactor.redact(text).slice(0, 200)}`
    }
  }

  #credential(key: KeyRequest): Credential {
    const token = this.job.tokens[this.provider.id]
    if (token) return { kind: 'token', secret: token }
    if (this.provider.selfRevocation && key.value) return { kind: 'self', secret: key.value }
    const input = tokenInput(this.provider)
    if (!input)
      throw new RevocationFailure(
        'invalid-input',
        `${this.provider.name}: a key given only by id cannot be revoked here; give its value in \`key\`.`
      )
    const why = this.provider.selfRevocation
      ? 'a key given only by id cannot authenticate its own delete; give its value in `key`, or'
      : `a leaked ${this.provider.name} key cannot delete itself:`
    throw new RevocationFailure(
      'invalid-input',
      `${this.provider.name}: ${why} set \`${input}\` to ${this.provider.tokenHelp}.`
    )
  }

  async #run(key: KeyRequest, record: KeyResult): Promise<Verdict> {
    const { provider } = this
    const auth = this.#credential(key)
    let id = key.id
    // Whether this run has seen the value work. Only then can a refusal after the delete
    // prove that the deleted key was the leaked one: a typo or a truncated copy is refused
    // before and after alike.
    let seenAlive = false
    if (id === undefined && key.value !== undefined && provider.resolve) {
      const found = await provider.resolve(this.#ctx, key.value, auth)
      if (found.kind === 'ambiguous') {
        throw new RevocationFailure(
          'unresolvable',
          `${provider.name}: ${found.matches} keys match this value; give the right one's id in \`key-id\`.`
        )
      }
      if (found.kind === 'key-rejected')
        return notFound(`${provider.name} refused the value itself (HTTP ${found.httpStatus})`)
      if (found.kind === 'not-found')
        return this.#explainMissing(
          key.value,
          `${provider.name} lists no key with this value for this token`,
          this.job.verify
        )
      id = found.id
      seenAlive = found.authenticated === true
    }
    let unproven: string | undefined
    if (this.job.verify && key.value !== undefined && !seenAlive) {
      const before = await this.#probeBefore(key.value)
      if (before.kind === 'dead') {
        // The value is not a live key. Delete only what was asked for by id; a derived id
        // (Baseten's prefix) is not a clear request once its value proves wrong.
        if (key.id === undefined)
          return notFound(`${provider.name} refuses this value (probe: ${before.note})`)
        unproven = `the value given was already refused before the delete (probe: ${before.note}), so nothing proves the deleted key was this one`
      } else if (before.kind === 'unknown')
        unproven = `its value could not be checked before the delete: ${before.note}`
    }
    if (this.job.dryRun) {
      return {
        outcome: 'dry-run',
        verified: null,
        message: `Would ${this.#words.verb} this ${provider.name} key (${auth.kind === 'self' ? 'authenticated by the key itself' : `with \`${tokenInput(provider) ?? 'its token'}\``}).`
      }
    }
    const target = id !== undefined ? { id, value: key.value } : { value: key.value }
    const deleted = await provider.delete(this.#ctx, target, auth)
    record.httpStatus = deleted.response.status
    record.attempts = deleted.response.attempts
    if (deleted.answer.kind === 'not-found' && deleted.response.retriedAfterAmbiguous) {
      // The first delete was sent but its answer lost; the retry finds the key gone, so that
      // first delete most likely removed it. Delete is idempotent: repeating it was safe.
      const note = ` The first delete got no answer and the retry found the key gone: this run's first delete most likely removed it; repeating a delete is safe.`
      if (!this.job.verify || key.value === undefined || unproven !== undefined)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${this.#words.done}; not verified${unproven ? `: ${unproven}` : ''}.${note}`
        }
      return this.#verify(key.value, note)
    }
    if (deleted.answer.kind !== 'deleted') {
      const why =
        deleted.answer.kind === 'key-rejected'
          ? `${provider.name} refused the value itself on delete (HTTP 401)`
          : `${provider.name} has no key with this id (HTTP ${deleted.response.status})`
      return this.#explainMissing(key.value, why, this.job.verify)
    }
    const lost = deleted.response.retriedAfterAmbiguous
      ? ' An earlier attempt got no answer; delete is idempotent, so the retry was safe.'
      : ''
    if (!this.job.verify || key.value === undefined || unproven !== undefined) {
      const why = unproven
        ? `not verified: ${unproven}`
        : this.job.verify
          ? 'not verified: only the key value can be probed'
          : 'not verified (verify: false)'
      return { outcome: 'revoked', verified: null, message: `${this.#words.done}; ${why}.${lost}` }
    }
    return this.#verify(key.value, lost)
  }

  /** What went wrong, as a clause: the failure's message without its provider prefix. */
  #why(error: unknown): string {
    return (this.#failed(error).message ?? '').replace(/^\S+: /, '')
  }

  /** The probe before a delete, with its answer put in words for messages. */
  async #probeBefore(value: string): Promise<{ kind: 'alive' | 'dead' | 'unknown'; note: string }> {
    try {
      const answer = await this.provider.probe(this.#ctx, value)
      if (answer.kind === 'inconclusive') return { kind: 'unknown', note: answer.note }
      return { kind: answer.kind, note: answer.kind === 'dead' ? 'refused' : 'accepted' }
    } catch (error) {
      // Leak beats outage: a probe that cannot finish does not stop the delete.
      return { kind: 'unknown', note: this.#why(error) }
    }
  }

  /** Proves a deleted key dead, asking again for a bounded while to allow for propagation. */
  async #verify(value: string, note: string): Promise<Verdict> {
    const window = this.options.verifyWindowMs ?? 30_000
    let gap = this.options.verifyIntervalMs ?? 1000
    const started = Date.now()
    for (;;) {
      let answer
      try {
        answer = await this.provider.probe(this.#ctx, value)
      } catch (error) {
        const why = this.#why(error)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${this.#words.done}; the check that it is dead could not finish: ${why}.${note}`
        }
      }
      if (answer.kind === 'dead')
        return {
          outcome: 'revoked',
          verified: true,
          message: `${this.#words.done} and verified dead: the key worked before the ${this.#words.noun} and is refused after it.${note}`
        }
      if (answer.kind === 'inconclusive')
        return {
          outcome: 'revoked',
          verified: null,
          message: `${this.#words.done}; not proven dead: ${answer.note}.${note}`
        }
      const waited = Date.now() - started
      if (waited + gap > window || this.options.deadline.remainingMs() < gap) {
        return {
          outcome: 'failed',
          reason: 'provider-error',
          verified: false,
          message: `${this.provider.name} accepted the ${this.#words.noun}, but the key still works after ${Math.round(waited / 1000)} s.${note}`
        }
      }
      await sleep(gap, this.options.deadline.signal)
      gap *= 2
    }
  }

  /**
   * The provider has no such key, or refused the value. Nothing was deleted. With the
   * value, a probe tells "not a live key" from "a live key this credential cannot see".
   */
  async #explainMissing(value: string | undefined, said: string, probe: boolean): Promise<Verdict> {
    if (value === undefined) return notFound(said, 'id')
    if (!probe) return notFound(`${said}; the value was not probed (verify: false)`)
    const answer = await this.provider.probe(this.#ctx, value)
    if (answer.kind === 'dead') return notFound(`${said}; the probe saw the value refused`)
    if (answer.kind === 'alive') {
      return {
        outcome: 'failed',
        reason: 'unresolvable',
        verified: false,
        message: `${said}, yet the key still works: it belongs to another account, or the id is wrong.`
      }
    }
    return {
      outcome: 'failed',
      reason: 'unresolvable',
      verified: null,
      message: `${said}, and the probe could not tell whether the key works: ${answer.note}.`
    }
  }
}

/** Nothing deleted: the provider has no live key matching what was given. */
function notFound(said: string, given: 'value' | 'id' = 'value'): Verdict {
  const readings =
    given === 'id'
      ? 'No live key with this id: revoked before, or not the right id; check the id.'
      : 'No live key with this value: revoked before, or not the exact key (a typo, a truncated or wrapped copy); check the value.'
  return {
    outcome: 'not-found',
    verified: null,
    message: `Nothing was deleted. ${readings} (${said}.)`
  }
}

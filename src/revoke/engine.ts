import type { Dispatcher } from 'undici'
import { RevocationFailure } from '../errors.js'
import { HttpClient, TransportError, type HttpPolicy } from '../http/client.js'
import { sleep, type Deadline } from '../http/deadline.js'
import { Limiter } from '../http/limiter.js'
import { Pacer } from '../http/pacer.js'
import { loadProvider, tokenInput, withArticle } from '../providers/registry.js'
import type {
  Credential,
  ProbeAnswer,
  Provider,
  ProviderContext,
  ProviderId,
  Resolution
} from '../providers/types.js'
import { fingerprint, type Redactor } from '../secrets.js'
import { USER_AGENT } from '../http/user-agent.js'
import type { KeyRequest, KeyResult } from '../model.js'
import { DeleteBatches, type BatchTurn } from './batch.js'

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
  /** The adapters, by id (tests may substitute); by default each is loaded on first use. */
  providers?: Partial<Record<ProviderId, Provider>>
  /**
   * Called with each key's result as soon as it is known, so work that follows a key
   * (resolving its alerts) need not wait for the rest.
   */
  onResult?: (result: KeyResult) => void
}

/**
 * How long a deleted key's value is asked again before the run says it still works: the
 * README's "Proves it dead" states the same figure (a repo test checks it).
 */
export const VERIFY_WINDOW_MS = 30_000

/** How one key's revocation ended, before its timings and statuses are added. */
type Verdict = Pick<KeyResult, 'outcome' | 'verified' | 'message'> &
  Partial<Pick<KeyResult, 'reason' | 'collateral'>>

/** Revokes every key, concurrently within each provider's limits; results in input order. */
export async function revokeKeys(job: Job, options: EngineOptions): Promise<KeyResult[]> {
  const lanes = new Map<ProviderId, Promise<ProviderLane>>()
  const lane = (id: ProviderId): Promise<ProviderLane> => {
    let found = lanes.get(id)
    if (!found) {
      const keys = job.keys.filter((key) => key.provider === id).length
      const given = options.providers?.[id]
      found = (given ? Promise.resolve(given) : loadProvider(id)).then(
        (provider) => new ProviderLane(provider, job, options, keys)
      )
      lanes.set(id, found)
    }
    return found
  }
  return Promise.all(
    job.keys.map(async (key) => {
      // Keys of one provider wait on the same load and then start in input order, as before.
      const result = await (await lane(key.provider)).revoke(key)
      options.onResult?.(result)
      return result
    })
  )
}

/** One provider's share of a run: its HTTP client, pacing, concurrency and memo. */
class ProviderLane {
  readonly #limiter: Limiter
  /** Where the keys' deletes gather, for a provider that deletes a list at once. */
  readonly #batches: DeleteBatches | undefined
  readonly #ctx: ProviderContext
  /** What results call the delete call: "Deleted", or the provider's own words. */
  get #words(): { done: string; verb: string; noun: string } {
    return this.provider.revocationWords ?? { done: 'Deleted', verb: 'delete', noun: 'delete' }
  }

  constructor(
    readonly provider: Provider,
    readonly job: Job,
    readonly options: EngineOptions,
    /** How many of the run's keys are this provider's. */
    keys: number
  ) {
    this.#limiter = new Limiter(provider.limits.concurrency)
    const many = provider.deleteMany?.bind(provider)
    if (many)
      this.#batches = new DeleteBatches(
        provider.limits.batch ?? provider.limits.concurrency,
        provider.limits.concurrency,
        keys,
        (targets, auth) => many(this.#ctx, targets, auth)
      )
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
    // Taken before anything is awaited, so a batch never goes while a started key could join it.
    const turn = this.#batches?.turn()
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
      Object.assign(record, await this.#run(key, record, turn))
    } catch (error) {
      Object.assign(record, this.#failed(error))
    } finally {
      turn?.end()
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
      : `${withArticle(`leaked ${this.provider.name}`)} key cannot delete itself:`
    throw new RevocationFailure(
      'invalid-input',
      `${this.provider.name}: ${why} set \`${input}\` to ${this.provider.tokenHelp}.`
    )
  }

  async #run(key: KeyRequest, record: KeyResult, turn?: BatchTurn): Promise<Verdict> {
    const { provider } = this
    const auth = this.#credential(key)
    let id = key.id
    /** The key the run is about to delete, as the provider named it (for a collateral report). */
    let name: string | undefined
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
      if (found.kind === 'candidate') {
        const refused = await this.#identify(found, key.value, auth)
        if (refused) return refused
        seenAlive = true
      } else seenAlive = found.authenticated === true
      id = found.id
      name = found.name
    }
    let unproven: string | undefined
    if (this.job.verify && key.value !== undefined && !seenAlive) {
      const before = await this.#probeBefore(key.value)
      if (before.kind === 'dead') {
        // The value is not a live key. Delete only what was asked for by id; a derived id
        // (Baseten's prefix) is not a clear request once its value proves wrong.
        if (key.id === undefined)
          return notFound(`${provider.name} refuses this value (probe: ${before.note})`)
        unproven = `the value given was already refused before the ${this.#words.noun} (probe: ${before.note}), so nothing proves the deleted key was this one`
      } else if (before.kind === 'unknown')
        unproven = `its value could not be checked before the ${this.#words.noun}: ${before.note}`
      else seenAlive = true
    }
    if (this.job.dryRun) {
      return {
        outcome: 'dry-run',
        verified: null,
        message: `Would ${this.#words.verb} this ${provider.name} key (${auth.kind === 'self' ? 'authenticated by the key itself' : `with \`${tokenInput(provider) ?? 'its token'}\``}).`
      }
    }
    const target = id !== undefined ? { id, value: key.value } : { value: key.value }
    const deleted = turn
      ? await turn.join(target, auth)
      : await provider.delete(this.#ctx, target, auth)
    record.httpStatus = deleted.response.status
    record.attempts = deleted.response.attempts
    const lost = deleted.response.retriedAfterAmbiguous === true
    const { answer } = deleted
    if ((answer.kind === 'not-found' || answer.kind === 'key-rejected') && !lost) {
      const why =
        answer.kind === 'key-rejected'
          ? `${provider.name} refused the value itself on ${this.#words.noun} (HTTP ${deleted.response.status})`
          : `${provider.name} has no key with this id (HTTP ${deleted.response.status})`
      return this.#explainMissing(key.value, why, this.job.verify)
    }
    // An answer about this key (it names it, or the delete was for this key alone) proves the
    // delete; one that confirms nothing, or a retry that found the key gone after the first
    // attempt's answer was lost, proves nothing by itself.
    const confirmed = answer.kind === 'deleted'
    const note = !lost
      ? ''
      : confirmed
        ? ' An earlier attempt got no answer; repeating it was safe.'
        : ` The first ${this.#words.noun} got no answer and the retry found the key gone: this run's first ${this.#words.noun} most likely did it; repeating a delete is safe.`
    const sent =
      answer.kind === 'submitted'
        ? `${provider.name} accepted the ${this.#words.noun}, but its answer confirms nothing about this key`
        : `${provider.name}'s answer does not show this run's ${this.#words.noun} killed it`
    const deletedKey = confirmed && id !== undefined ? { id, name } : undefined
    if (key.value === undefined || !this.job.verify) {
      const why = this.job.verify ? 'only the key value can be probed' : 'verify: false'
      if (confirmed)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${this.#words.done}: ${provider.name}'s answer was about this key; not probed (${why}).${note}`
        }
      return submitted(`${sent}; the value was not probed (${why}).${note}`)
    }
    const after = await this.#probeAfter(key.value)
    if (after.kind === 'dead') {
      if (seenAlive)
        return {
          outcome: 'revoked',
          verified: true,
          message: `${this.#words.done} and verified dead: the key worked before the ${this.#words.noun} and is refused after it.${note}`
        }
      if (confirmed)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${this.#words.done}: ${provider.name}'s answer was about this key, and the value is refused after it; not proven that it worked before: ${unproven ?? 'it was not checked'}.${note}`
        }
      return submitted(
        `${sent}. The value is refused after it, but nothing shows it was a live key before: ${unproven ?? 'it was not checked'}.${note}`
      )
    }
    if (after.kind === 'alive') {
      const still = `the key still works ${Math.round(after.waitedMs / 1000)} s after the ${this.#words.noun}`
      if (!deletedKey)
        return {
          outcome: 'failed',
          reason: 'provider-error',
          verified: false,
          message: `${provider.name} accepted the ${this.#words.noun}, but ${still}.${note}`
        }
      const restore =
        provider.restoreHelp ??
        `a deleted ${provider.name} key cannot be brought back: create a new key for its owner and put it where ${deletedKey.id} was used`
      return {
        outcome: 'failed',
        reason: 'provider-error',
        verified: false,
        message: `${provider.name} answered that it ${pastTense(this.#words.verb)} key ${deletedKey.id}${deletedKey.name ? ` ("${deletedKey.name}")` : ''}, but ${still}: either ${provider.name} is slow to apply it, or ${deletedKey.id} was NOT the leaked key and was ${pastTense(this.#words.verb)} as collateral. If so, restore it: ${restore}.${note}`,
        collateral: {
          id: deletedKey.id,
          ...(deletedKey.name ? { name: deletedKey.name } : {}),
          restore
        }
      }
    }
    if (confirmed)
      return {
        outcome: 'revoked',
        verified: null,
        message: `${this.#words.done}: ${provider.name}'s answer was about this key; not proven dead: ${after.note}.${note}`
      }
    return submitted(
      `${sent}, and whether the key died could not be checked: ${after.note}.${note}`
    )
  }

  /**
   * A listed partial form is a candidate, never proof: the candidate is the leaked key only when
   * the value itself works and belongs to the organization the listing comes from (or, where
   * the partial form is the key's own identifier, simply works). Undefined: identified, and
   * seen alive; otherwise the verdict, with nothing deleted.
   */
  async #identify(
    found: Extract<Resolution, { kind: 'candidate' }>,
    value: string,
    auth: Credential
  ): Promise<Verdict | undefined> {
    const { provider } = this
    const listed = `key ${found.id}${found.name ? ` ("${found.name}")` : ''}`
    const refuse = (why: string): Verdict => ({
      outcome: 'failed',
      reason: 'unresolvable',
      verified: null,
      message: `Nothing was deleted: ${provider.name} lists ${listed}, whose ${found.shown} could show this value, but ${why}. A partial form is a candidate, never proof. If ${found.id} is the leaked key, run again with \`key-id: ${found.id}\` (and the value in \`key\`, so the run can prove it dead).`
    })
    const ask = provider.ownerOf ?? (found.owner === undefined ? provider.probe : undefined)
    if (!ask)
      return refuse(
        `${provider.name} documents no way to tell which organization a value belongs to`
      )
    let answer: ProbeAnswer
    try {
      answer = await ask.call(provider, this.#ctx, value)
    } catch (error) {
      return refuse(`the value could not be checked: ${this.#why(error)}`)
    }
    if (answer.kind === 'dead')
      return notFound(
        `${provider.name} refused this value itself; its list shows a lookalike, ${listed}, which was left alone`
      )
    if (answer.kind === 'inconclusive') {
      // The delete itself is authenticated by the value: only the key itself can then be hit.
      if (found.owner === undefined && auth.kind === 'self') return undefined
      return refuse(`the value's own answer proves nothing: ${answer.note}`)
    }
    if (found.owner === undefined) return undefined
    if (answer.owner === undefined)
      return refuse(`${provider.name}'s answer to the value names no organization`)
    if (answer.owner !== found.owner)
      return {
        outcome: 'failed',
        reason: 'unresolvable',
        verified: false,
        message: `Nothing was deleted: the value is a live key of organization ${answer.owner}, and the credential's list (organization ${found.owner}) shows only a lookalike, ${listed}, which was left alone. Revoke the key with a credential of organization ${answer.owner}, or in its console now.`
      }
    return undefined
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

  /**
   * Asks the value again after the delete, for up to the verify window to allow for
   * propagation: pauses double from the first interval, and the last one ends at the window.
   */
  async #probeAfter(
    value: string
  ): Promise<
    { kind: 'dead' } | { kind: 'alive'; waitedMs: number } | { kind: 'unknown'; note: string }
  > {
    const window = this.options.verifyWindowMs ?? VERIFY_WINDOW_MS
    let gap = this.options.verifyIntervalMs ?? 1000
    const started = Date.now()
    for (;;) {
      let answer: ProbeAnswer
      try {
        answer = await this.provider.probe(this.#ctx, value)
      } catch (error) {
        return { kind: 'unknown', note: `the check could not finish: ${this.#why(error)}` }
      }
      if (answer.kind === 'dead') return { kind: 'dead' }
      if (answer.kind === 'inconclusive') return { kind: 'unknown', note: answer.note }
      const waitedMs = Date.now() - started
      const pause = Math.min(gap, window - waitedMs)
      if (pause <= 0 || this.options.deadline.remainingMs() < pause)
        return { kind: 'alive', waitedMs }
      await sleep(pause, this.options.deadline.signal)
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

/** Sent and accepted, but not proven: neither a green claim nor a failure to act. */
function submitted(said: string): Verdict {
  return { outcome: 'submitted', verified: null, message: `Sent, not proven: ${said}` }
}

/** "deleted", "deactivated", "revoked": the past of a delete call's verb. */
function pastTense(verb: string): string {
  return verb.endsWith('e') ? `${verb}d` : `${verb}ed`
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

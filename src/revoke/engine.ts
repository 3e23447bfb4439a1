import type { Connections } from '../http/connections.js'
import { RevocationFailure } from '../errors.js'
import { HttpClient, TransportError, type HttpPolicy } from '../http/client.js'
import { sleep, type Deadline } from '../http/deadline.js'
import { Limiter } from '../http/limiter.js'
import { Pacer } from '../http/pacer.js'
import { loadProvider, tokenInput, withArticle } from '../providers/registry.js'
import type {
  Credential,
  DeleteAnswer,
  DeleteTarget,
  ProbeAnswer,
  Provider,
  ProviderContext,
  ProviderId,
  Resolution
} from '../providers/types.js'
import { fingerprint, type Redactor } from '../secrets.js'
import { USER_AGENT } from '../http/user-agent.js'
import {
  OperationLog,
  adoptOperations,
  inLog,
  inPhase,
  noteProbe,
  valueDigest,
  type Operation
} from '../receipt/operations.js'
import type { KeyRequest, KeyResult, RotationResult } from '../model.js'
import { DeleteBatches, type BatchTurn } from './batch.js'
import {
  listed,
  verdict,
  type AfterCheck,
  type Finding,
  type MissingCheck,
  type Verdict,
  type Voice
} from './verdict.js'

/** What the engine needs from the settings. */
export interface Job {
  keys: KeyRequest[]
  tokens: Partial<Record<ProviderId, string>>
  baseUrls: Record<ProviderId, URL>
  verify: boolean
  dryRun: boolean
  /** Each provider's yes/no inputs (`ProviderFacts.flags`), where it has any. */
  flags?: Partial<Record<ProviderId, Readonly<Record<string, boolean>>>>
}

export interface EngineOptions {
  connections: Connections
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
  /** Rotate, then revoke (src/rotate/): asked before the delete of each live, identified key. */
  rotation?: RotationHook
}

/** What the engine hands the rotation of one key: a live key it identified, about to be deleted. */
export interface RotationStep {
  provider: Provider
  ctx: ProviderContext
  key: KeyRequest
  old: { id: string; name?: string }
  auth: Credential
}

/**
 * The engine's one hook for rotation. `rotate` never stops the delete that follows it (a leak
 * beats an outage): what it throws becomes a failed rotation.
 */
export interface RotationHook {
  /** Whether this key is one the run would rotate. */
  wants(key: KeyRequest): boolean
  rotate(step: RotationStep): Promise<RotationResult>
  /** The rotation of a wanted key that never reached its delete, or was not seen alive. */
  skipped(key: KeyRequest, provider: Provider, why: string): RotationResult
}

/**
 * How long a deleted key's value is asked again before the run says it still works: the
 * README's "Proves it dead" states the same figure (a repo test checks it).
 */
export const VERIFY_WINDOW_MS = 30_000

/** What the run knows of a key given by value once it has its id, if it needs one. */
interface Named {
  id?: string
  name?: string
  /** The value was seen working. */
  seenAlive: boolean
}

/** What the run knows of a key when it sends the delete. */
interface Target extends Named {
  /** Why the value was not seen working, where it was checked. */
  unproven?: string
}

/** A step's result, or what it found that ends the key. */
type Step<T> = T | { finding: Finding }

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
  /** A batch delete's requests, by each target it carried, for each key's receipt. */
  readonly #shared = new WeakMap<DeleteTarget, Operation[]>()
  /** What results call the delete call: "Deleted", or the provider's own words. */
  get #words(): Voice['words'] {
    return this.provider.revocationWords ?? { done: 'Deleted', verb: 'delete', noun: 'delete' }
  }
  /** The provider as results name it. */
  get #voice(): Voice {
    const { provider } = this
    return {
      name: provider.name,
      words: this.#words,
      restoreHelp: provider.restoreHelp,
      revocationDelay: provider.revocationDelay,
      tokenInput: tokenInput(provider) ?? provider.credentialEnv?.[0]
    }
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
        async (targets, auth) => {
          // The batch goes from whichever key's turn completed it: its requests are logged
          // apart, then given to every key it carried.
          const log = new OperationLog()
          try {
            return await inLog(log, 'delete', () => many(this.#ctx, targets, auth))
          } finally {
            const operations = log.operations.map((op) => ({ ...op, sharedBy: targets.length }))
            for (const target of targets) this.#shared.set(target, operations)
          }
        }
      )
    const pacers: Record<string, Pacer> = {}
    for (const [name, ms] of Object.entries(provider.limits.minIntervalMs ?? {}))
      pacers[name] = new Pacer(ms, provider.limits.fromAnswer?.includes(name))
    const memo = new Map<string, Promise<unknown>>()
    const token = job.tokens[provider.id]
    const clientOptions = {
      connections: options.connections,
      deadline: options.deadline,
      policy: options.http,
      pacers,
      headers: { 'user-agent': USER_AGENT, accept: 'application/json' },
      retryAfterFromBody: provider.retryAfterFromBody?.bind(provider),
      throttled: provider.throttled?.bind(provider),
      requestIdHeaders: provider.requestIdHeaders
    }
    const base = job.baseUrls[provider.id]
    const http = new HttpClient(base, clientOptions)
    // A given `<id>-api-url` is the one origin of every service; by default each has its own.
    const given = base.href !== new URL(provider.defaultBaseUrl).href
    const services = new Map<string, HttpClient>()
    this.#ctx = {
      ...(token ? { token } : {}),
      ...(job.flags?.[provider.id] ? { flags: job.flags[provider.id] } : {}),
      redactor: options.redactor,
      http,
      service(name: string): HttpClient {
        const url = provider.serviceUrls?.[name]
        if (given || url === undefined) return http
        let client = services.get(name)
        if (!client) services.set(name, (client = new HttpClient(new URL(url), clientOptions)))
        return client
      },
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
      // An id that is a piece of the value given with it (one its provider embeds in the key)
      // is as secret as the value: the key is then named by the value's fingerprint.
      keyRef:
        key.id !== undefined && !key.value?.includes(key.id)
          ? key.id
          : fingerprint(key.value ?? ''),
      outcome: 'failed',
      verified: null,
      httpStatus: null,
      attempts: 0,
      durationMs: 0
    }
    const log = new OperationLog()
    try {
      Object.assign(record, await inLog(log, 'identify', () => this.#run(key, record, turn)))
    } catch (error) {
      Object.assign(record, this.#failed(error))
    } finally {
      turn?.end()
    }
    record.evidence = {
      ...(key.value !== undefined ? { fingerprint: valueDigest(key.value) } : {}),
      operations: log.operations,
      probes: log.probes
    }
    const { rotation } = this.options
    if (rotation?.wants(key) && !record.rotation && !this.job.dryRun)
      record.rotation = rotation.skipped(
        key,
        this.provider,
        'the leaked key was not identified as a live key before its delete'
      )
    record.durationMs = Date.now() - started
    const { redactor } = this.options
    if (record.message !== undefined) record.message = redactor.redact(record.message)
    if (record.rotation) record.rotation.message = redactor.redact(record.rotation.message)
    // A collateral key's id may be a piece of the leaked value (registered as a secret then).
    if (record.collateral)
      record.collateral = {
        ...record.collateral,
        id: redactor.redact(record.collateral.id),
        restore: redactor.redact(record.collateral.restore)
      }
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
    const env = this.provider.credentialEnv
    if (env)
      throw new RevocationFailure(
        'invalid-input',
        `${this.provider.name}: ${withArticle(`leaked ${this.provider.name}`)} key never revokes itself: set the environment variables ${env.map((name) => `\`${name}\``).join(', ')} to ${this.provider.tokenHelp}.`
      )
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

  /**
   * One key, step by step. Each step asks the provider one thing and may end the key with what
   * it found; `verdict` alone decides what that makes the key.
   */
  async #run(key: KeyRequest, record: KeyResult, turn?: BatchTurn): Promise<Verdict> {
    return verdict(await this.#findOut(key, record, turn), this.#voice)
  }

  async #findOut(key: KeyRequest, record: KeyResult, turn?: BatchTurn): Promise<Finding> {
    const auth = this.#credential(key)
    const named = await this.#resolve(key, auth)
    if ('finding' in named) return named.finding
    const target = await inPhase('probe-before', () => this.#checkBefore(key, named))
    if ('finding' in target) return target.finding
    if (this.job.dryRun) return { kind: 'dry-run', auth: auth.kind }
    const rotation = await inPhase('rotate', () => this.#rotate(key, target, auth))
    if (rotation) record.rotation = rotation
    const sent = await inPhase('delete', () => this.#send(key, target, auth, record, turn))
    if ('finding' in sent) return sent.finding
    return {
      kind: 'deleted',
      ...sent,
      seenAlive: target.seenAlive,
      unproven: target.unproven,
      target: { id: target.id, name: target.name },
      after: await inPhase('probe-after', () => this.#checkAfter(key.value))
    }
  }

  /**
   * The id of a key given only by its value, from the provider's list, where the provider
   * deletes by id; and whether the value was seen working on the way.
   */
  async #resolve(key: KeyRequest, auth: Credential): Promise<Step<Named>> {
    const { provider } = this
    if (key.id !== undefined || key.value === undefined || !provider.resolve)
      return { id: key.id, seenAlive: false }
    const found = await provider.resolve(this.#ctx, key.value, auth)
    switch (found.kind) {
      case 'ambiguous':
        throw new RevocationFailure(
          'unresolvable',
          `${provider.name}: ${found.matches} keys match this value; give the right one's id in \`key-id\`.`
        )
      case 'key-rejected':
        return {
          finding: {
            kind: 'value-refused',
            said: `${provider.name} refused the value itself (HTTP ${found.httpStatus})`
          }
        }
      case 'not-found':
        return {
          finding: {
            kind: 'missing',
            said: found.said ?? `${provider.name} lists no key with this value for this token`,
            check: await this.#checkMissing(key.value)
          }
        }
      case 'candidate': {
        const checked = await this.#checkCandidate(found, key.value, auth)
        return checked === 'alive' || checked === 'unchecked'
          ? { id: found.id, name: found.name, seenAlive: checked === 'alive' }
          : { finding: checked }
      }
      case 'found':
        return { id: found.id, name: found.name, seenAlive: found.authenticated === true }
    }
  }

  /**
   * Probes the value before the delete, unless it was seen working already. Only a value seen
   * working lets a refusal after the delete prove that the deleted key was the leaked one: a
   * typo or a truncated copy is refused before and after alike.
   */
  async #checkBefore(key: KeyRequest, named: Named): Promise<Step<Target>> {
    if (!this.job.verify || key.value === undefined || named.seenAlive) return named
    const before = await this.#probeBefore(key.value)
    const noun = this.#words.noun
    if (before.kind === 'alive') return { ...named, seenAlive: true }
    if (before.kind === 'unknown')
      return {
        ...named,
        unproven: `its value could not be checked before the ${noun}: ${before.note}`
      }
    // The value is not a live key. Delete only what was asked for by id; an id derived from
    // the value (its prefix, say) is not a clear request once the value proves wrong.
    if (key.id === undefined)
      return {
        finding: {
          kind: 'value-refused',
          said: `${this.provider.name} refuses this value (probe: ${before.note})`
        }
      }
    return {
      ...named,
      unproven: `the value given was already refused before the ${noun} (probe: ${before.note}), so nothing proves the deleted key was this one`
    }
  }

  /**
   * Rotate, then revoke: a replacement for a key the run saw alive and identified, before its
   * delete. Whatever happens here, the delete follows.
   */
  async #rotate(
    key: KeyRequest,
    target: Target,
    auth: Credential
  ): Promise<RotationResult | undefined> {
    const hook = this.options.rotation
    if (!hook?.wants(key)) return undefined
    if (!target.seenAlive || target.id === undefined)
      return hook.skipped(
        key,
        this.provider,
        target.unproven
          ? `the leaked key was not seen working (${target.unproven}), so nothing shows which key a replacement would stand in for`
          : 'the leaked key was not seen working, so nothing shows which key a replacement would stand in for'
      )
    try {
      return await hook.rotate({
        provider: this.provider,
        ctx: this.#ctx,
        key,
        old: { id: target.id, ...(target.name ? { name: target.name } : {}) },
        auth
      })
    } catch (error) {
      return {
        outcome: 'failed',
        message: `No replacement: ${this.#why(error)}.`
      }
    }
  }

  /**
   * Sends the delete, alone or in the lane's batch, and records its HTTP status and attempts.
   * An answer that there is no such key ends the key, unless it answered a repeat of a delete
   * whose first answer was lost.
   */
  async #send(
    key: KeyRequest,
    to: Target,
    auth: Credential,
    record: KeyResult,
    turn?: BatchTurn
  ): Promise<Step<{ answer: DeleteAnswer['kind']; lost: boolean; readBack?: string }>> {
    const { provider } = this
    const target = to.id !== undefined ? { id: to.id, value: key.value } : { value: key.value }
    const deleted = turn
      ? await turn.join(target, auth).finally(() => adoptOperations(this.#shared.get(target)))
      : await provider.delete(this.#ctx, target, auth)
    record.httpStatus = deleted.response.status
    record.attempts = deleted.response.attempts
    const lost = deleted.response.retriedAfterAmbiguous === true
    const { answer } = deleted
    if ((answer.kind === 'not-found' || answer.kind === 'key-rejected') && !lost)
      return {
        finding: {
          kind: 'missing',
          said:
            answer.kind === 'key-rejected'
              ? `${provider.name} refused the value itself on ${this.#words.noun} (HTTP ${deleted.response.status})`
              : (answer.said ??
                `${provider.name} has no key with this id (HTTP ${deleted.response.status})`),
          check: await this.#checkMissing(key.value)
        }
      }
    return {
      answer: answer.kind,
      lost,
      ...(answer.kind === 'deleted' && answer.readBack ? { readBack: answer.readBack } : {})
    }
  }

  /**
   * A listed partial form is a candidate, never proof: the candidate is the leaked key only when
   * the value itself works and belongs to the organization the listing comes from (or, where
   * the partial form is the key's own identifier, simply works). `alive`: identified, and seen
   * alive; `unchecked`: its own answer proved nothing, but the delete is authenticated by the
   * value itself, so only the key itself can be hit (not seen alive: the probe before asks
   * again); otherwise what was found, with nothing deleted.
   */
  async #checkCandidate(
    found: Extract<Resolution, { kind: 'candidate' }>,
    value: string,
    auth: Credential
  ): Promise<Finding | 'alive' | 'unchecked'> {
    const { provider } = this
    const candidate = { id: found.id, name: found.name, shown: found.shown }
    const refuse = (why: string): Finding => ({ kind: 'unconfirmed-candidate', candidate, why })
    const ask = provider.ownerOf ?? (found.owner === undefined ? provider.probe : undefined)
    if (!ask)
      return refuse(
        `${provider.name} documents no way to tell which organization a value belongs to`
      )
    let answer: ProbeAnswer
    try {
      answer = await ask.call(provider, this.#ctx, value)
      noteProbe(answer.kind)
    } catch (error) {
      noteProbe('error')
      return refuse(`the value could not be checked: ${this.#why(error)}`)
    }
    if (answer.kind === 'dead')
      return {
        kind: 'value-refused',
        said: `${provider.name} refused this value itself; its list shows a lookalike, ${listed(found)}, which was left alone`
      }
    if (answer.kind === 'inconclusive') {
      // The delete itself is authenticated by the value: only the key itself can then be hit.
      if (found.owner === undefined && auth.kind === 'self') return 'unchecked'
      return refuse(`the value's own answer proves nothing: ${answer.note}`)
    }
    if (found.owner === undefined) return 'alive'
    if (answer.owner === undefined)
      return refuse(`${provider.name}'s answer to the value names no organization`)
    if (answer.owner !== found.owner)
      return { kind: 'other-owner', candidate, owner: answer.owner, listOwner: found.owner }
    return 'alive'
  }

  /**
   * What a probe says of a value the provider has no key for (no probe without the value, or
   * with verify off). A probe that fails here fails the key: nothing was deleted to explain.
   */
  async #checkMissing(value: string | undefined): Promise<MissingCheck> {
    if (value === undefined) return { kind: 'no-value' }
    if (!this.job.verify) return { kind: 'not-probed' }
    const answer = await inPhase('check', async () => {
      try {
        const said = await this.provider.probe(this.#ctx, value)
        noteProbe(said.kind)
        return said
      } catch (error) {
        noteProbe('error')
        throw error
      }
    })
    return answer.kind === 'inconclusive'
      ? { kind: 'inconclusive', note: answer.note }
      : { kind: answer.kind }
  }

  /** The probe after the delete, where there is a value to probe and verify is on. */
  async #checkAfter(value: string | undefined): Promise<AfterCheck> {
    if (!this.job.verify) return { kind: 'skipped', because: 'verify-off' }
    if (value === undefined) return { kind: 'skipped', because: 'no-value' }
    return this.#probeAfter(value)
  }

  /** What went wrong, as a clause: the failure's message without its provider prefix. */
  #why(error: unknown): string {
    return (this.#failed(error).message ?? '').replace(/^\S+: /, '')
  }

  /** The probe before a delete, with its answer put in words for messages. */
  async #probeBefore(value: string): Promise<{ kind: 'alive' | 'dead' | 'unknown'; note: string }> {
    try {
      const answer = await this.provider.probe(this.#ctx, value)
      noteProbe(answer.kind)
      if (answer.kind === 'inconclusive') return { kind: 'unknown', note: answer.note }
      return { kind: answer.kind, note: answer.kind === 'dead' ? 'refused' : 'accepted' }
    } catch (error) {
      noteProbe('error')
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
        noteProbe(answer.kind)
      } catch (error) {
        noteProbe('error')
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
}

import { NotReplaceable, RevocationFailure } from '../errors.js'
import { TransportError } from '../http/client.js'
import { sleep } from '../http/deadline.js'
import {
  secretLabel,
  type KeyRequest,
  type RotationResult,
  type RotationSettings,
  type SecretRef
} from '../model.js'
import type { Credential, Provider, ProviderContext } from '../providers/types.js'
import { fingerprint, type Redactor } from '../secrets.js'
import type { RotationHook, RotationStep } from '../revoke/engine.js'

// Rotate, then revoke. For a live leaked key whose secret the run knows: create a replacement
// (same scope and permissions, named for the key it replaces), mask it, store it in the secret,
// see it work; the engine then revokes the leaked key, whatever happened here (a leak beats an
// outage). A replacement that cannot be stored or does not work is deleted again, never left
// behind; a re-run finds an earlier replacement by its name and creates no second one.

/** Where replacements are stored: GitHub Actions secrets (./github-secrets.ts). */
export interface SecretStore {
  /** Whether the secret exists: nothing is created for one that does not. */
  exists(ref: SecretRef): Promise<boolean>
  store(ref: SecretRef, value: string): Promise<void>
}

/** Where a key goes: the secret, or why the run cannot tell. */
export type Destination = { secret: SecretRef } | { none: string }

/**
 * The secret that holds `value`: the named one (a single-key run), or the one listed secret
 * whose current value is exactly it. Two matches, or none, is no answer: never a guess.
 */
export function destinationOf(settings: RotationSettings, value: string): Destination {
  if (settings.named) return { secret: settings.named }
  const matches = (settings.candidates ?? []).filter((c) => c.value === value)
  if (matches.length === 1 && matches[0]) return { secret: matches[0].secret }
  if (matches.length === 0)
    return {
      none: "no secret listed in 'rotate-secrets' holds this key, so the run cannot tell where a replacement would go"
    }
  return {
    none: `${matches.length} secrets listed in 'rotate-secrets' (${matches.map((m) => secretLabel(m.secret)).join(', ')}) hold this same key, so the run cannot tell which one to rotate: rotate them by hand, or name one with 'rotate-into'`
  }
}

/** The marker a replacement's name carries: the leaked key's fingerprint, as reports name it. */
export function markerOf(value: string): string {
  return `replaces-${fingerprint(value).replace(':', '-')}`
}

/** A replacement's name: says which key it replaced, and carries the marker a re-run finds. */
const nameFor = (value: string) => markerOf(value)

/** How long a new key's own probe is asked again (a provider may take a moment to accept it). */
const NEW_KEY_TRIES = 3

export class Rotator implements RotationHook {
  constructor(
    private readonly settings: RotationSettings,
    /** The Actions secrets store, opened on first use. */
    private readonly secrets: () => Promise<SecretStore>,
    private readonly redactor: Redactor,
    private readonly newKeyPauseMs = 1000
  ) {}

  wants(key: KeyRequest): boolean {
    return key.value !== undefined
  }

  skipped(key: KeyRequest, provider: Provider, why: string): RotationResult {
    const dest = key.value ? destinationOf(this.settings, key.value) : undefined
    // Without a create call there was never going to be a replacement: say so, and where.
    if (!provider.replacement && dest && 'secret' in dest)
      return this.#noCreateCall(provider, dest.secret)
    return {
      outcome: 'not-attempted',
      ...(dest && 'secret' in dest ? { secret: secretLabel(dest.secret) } : {}),
      message: `No replacement was made: ${why}.`
    }
  }

  async rotate(step: RotationStep): Promise<RotationResult> {
    const { provider, key } = step
    const value = key.value ?? ''
    const dest = destinationOf(this.settings, value)
    if ('none' in dest)
      return { outcome: 'not-attempted', message: `No replacement: ${dest.none}.` }
    const secret = secretLabel(dest.secret)
    const where = provider.keysPage ?? `the ${provider.name} console`
    const byHand = `create one in ${where} and store it in ${secret}`
    const replacement = provider.replacement
    if (!replacement) return this.#noCreateCall(provider, dest.secret)
    const old = { id: step.old.id, value }
    const unsupported = replacement.unsupported?.(old)
    if (unsupported)
      return {
        outcome: 'no-create-call',
        secret,
        message: `No replacement: ${unsupported}; ${byHand}.`
      }
    let store: SecretStore
    try {
      store = await this.secrets()
      if (!(await store.exists(dest.secret)))
        return {
          outcome: 'not-attempted',
          secret,
          message: `No replacement: the secret ${secret} does not exist (or 'secrets-token' may not see it), so nothing was created; check the name, then ${byHand}.`
        }
    } catch (error) {
      return {
        outcome: 'not-attempted',
        secret,
        message: `No replacement: GitHub did not let 'secrets-token' read ${secret} (${this.#why(error)}), so nothing was created; give it "Secrets: write", or ${byHand}.`
      }
    }
    const marker = markerOf(value)
    let earlier: { id: string } | undefined
    try {
      earlier = await replacement.findEarlier(step.ctx, old, marker, step.auth)
    } catch (error) {
      return {
        outcome: 'failed',
        secret,
        message: `No replacement: ${provider.name} could not be asked for one made by an earlier run (${this.#why(error)}), so none was created (never two); ${byHand}.`
      }
    }
    if (earlier)
      return {
        outcome: 'replaced-earlier',
        secret,
        newKeyRef: this.redactor.redact(earlier.id),
        message: `An earlier run created the replacement (named ${marker}) and stored it in ${secret}; none was created now.`
      }
    let created: { id: string; value: string }
    try {
      created = await replacement.create(step.ctx, old, nameFor(value), step.auth)
    } catch (error) {
      // Nothing was created: the adapter saw why none can be, before asking.
      if (error instanceof NotReplaceable)
        return {
          outcome: 'not-attempted',
          secret,
          message: `No replacement: ${this.redactor.redact(error.message)}; then ${byHand}.`
        }
      return {
        outcome: 'failed',
        secret,
        message: `No replacement: ${provider.name} refused to create one (${this.#why(error)}); ${byHand}.`
      }
    }
    // Masked already by the adapter; registered again here, so no adapter can forget it.
    this.redactor.add(created.value)
    const newKeyRef = created.value.includes(created.id)
      ? fingerprint(created.value)
      : this.redactor.redact(created.id)
    const undo = async (what: string): Promise<RotationResult> => {
      const cleanup = await this.#deleteNew(step.ctx, provider, created, step.auth)
      return {
        outcome: 'failed',
        secret,
        newKeyRef,
        cleanup,
        message:
          cleanup === 'deleted'
            ? `No replacement: ${what}; the new key ${newKeyRef} was deleted again, so none is left behind. ${byHand[0]?.toUpperCase()}${byHand.slice(1)}.`
            : `No replacement: ${what}, and the new key ${newKeyRef} could not be deleted again: delete it in ${where}, then ${byHand}.`
      }
    }
    try {
      await store.store(dest.secret, created.value)
    } catch (error) {
      return undo(`GitHub refused to store it in ${secret} (${this.#why(error)})`)
    }
    const works = await this.#works(step.ctx, provider, created.value, replacement.probeTries)
    if (works !== true)
      return undo(
        `the new key did not work when asked with itself (${works}), and ${secret} now holds it`
      )
    return {
      outcome: 'rotated',
      secret,
      newKeyRef,
      message: `Replacement ${newKeyRef} created, stored in ${secret} and seen working before the leaked key was revoked.`
    }
  }

  #noCreateCall(provider: Provider, ref: SecretRef): RotationResult {
    const secret = secretLabel(ref)
    return {
      outcome: 'no-create-call',
      secret,
      message: `No replacement: this action creates no ${provider.name} keys (README "Rotate, then revoke" says why: no documented create call, or not wired up yet); create one in ${provider.keysPage ?? `the ${provider.name} console`} and store it in ${secret}.`
    }
  }

  /** `true` when the new key's own probe accepts it; otherwise what it said. */
  async #works(
    ctx: ProviderContext,
    provider: Provider,
    value: string,
    tries = NEW_KEY_TRIES
  ): Promise<true | string> {
    let said = ''
    for (let i = 0; i < tries; i++) {
      if (i > 0) await sleep(this.newKeyPauseMs * i)
      try {
        const answer = await provider.probe(ctx, value)
        if (answer.kind === 'alive') return true
        said = answer.kind === 'dead' ? 'refused' : answer.note
      } catch (error) {
        said = this.#why(error)
      }
    }
    return said
  }

  async #deleteNew(
    ctx: ProviderContext,
    provider: Provider,
    created: { id: string; value: string },
    auth: Credential
  ): Promise<'deleted' | 'left-behind'> {
    try {
      const { answer } = await provider.delete(ctx, { id: created.id, value: created.value }, auth)
      return answer.kind === 'deleted' ? 'deleted' : 'left-behind'
    } catch {
      return 'left-behind'
    }
  }

  #why(error: unknown): string {
    const text =
      error instanceof RevocationFailure || error instanceof TransportError
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error)
    return this.redactor.redact(text.replace(/^[^:]{1,40}: /, '')).slice(0, 200)
  }
}

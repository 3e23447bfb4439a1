import type { KeyResult } from '../model.js'
import type { DeleteAnswer } from '../providers/types.js'

// What a key's revocation ended as, decided in one place from what the engine found out about
// the key. The engine's steps only ask (the provider's list, the probes, the delete) and say
// what they saw; which of those facts make a key revoked, submitted, not found or failed, and
// how the result says so, is here.

/** How one key's revocation ended, before its timings and statuses are added. */
export type Verdict = Pick<KeyResult, 'outcome' | 'verified' | 'message'> &
  Partial<Pick<KeyResult, 'reason' | 'collateral'>>

/** The provider as results name it and its delete call. */
export interface Voice {
  name: string
  /** What results call the delete call: "Deleted", or the provider's own words. */
  words: { done: string; verb: string; noun: string }
  restoreHelp?: string
  /** The provider's documented delay before a revocation takes effect (`ProviderFacts`). */
  revocationDelay?: string
  /** The input that holds the provider's token, if it takes one. */
  tokenInput?: string
}

/** A listed key whose partial form could show the value: a candidate, never proof. */
export interface Candidate {
  id: string
  name?: string
  /** Which partial form the list shows. */
  shown: string
}

/** What a probe of a value the provider has no key for saw. */
export type MissingCheck =
  | { kind: 'no-value' }
  | { kind: 'not-probed' }
  | { kind: 'dead' }
  | { kind: 'alive' }
  | { kind: 'inconclusive'; note: string }

/** What the probe after the delete saw. */
export type AfterCheck =
  | { kind: 'skipped'; because: 'no-value' | 'verify-off' }
  | { kind: 'dead' }
  | { kind: 'alive'; waitedMs: number }
  | { kind: 'unknown'; note: string }

/** What the engine found out about one key; each ends its revocation. */
export type Finding =
  /** The provider refused the value itself, or a probe did: nothing was deleted. */
  | { kind: 'value-refused'; said: string }
  /** The provider has no key with this id or value; `check` tells which reading is left. */
  | { kind: 'missing'; said: string; check: MissingCheck }
  /** A listed candidate that nothing shows is the leaked key: left alone. */
  | { kind: 'unconfirmed-candidate'; candidate: Candidate; why: string }
  /** The value is a live key of another organization than the listed candidate's. */
  | { kind: 'other-owner'; candidate: Candidate; owner: string; listOwner: string }
  | { kind: 'dry-run'; auth: 'token' | 'self' }
  | {
      kind: 'deleted'
      answer: DeleteAnswer['kind']
      /** The first attempt's answer was lost and the delete was repeated. */
      lost: boolean
      /** The value was seen working before the delete. */
      seenAlive: boolean
      /** Why the value was not seen working before the delete, when it was checked. */
      unproven?: string
      /**
       * Where no value could be probed: the provider's record of the key, read by its exact id,
       * live before the delete and dead after (`DeleteAnswer` `readBack`).
       */
      readBack?: string
      /** The key the delete was for, by id, as the provider named it. */
      target: { id?: string; name?: string }
      after: AfterCheck
    }

/** The revocation's end, from what was found. */
export function verdict(finding: Finding, voice: Voice): Verdict {
  switch (finding.kind) {
    case 'value-refused':
      return notFound(finding.said)
    case 'missing':
      return missing(finding.said, finding.check)
    case 'unconfirmed-candidate': {
      const { candidate: c } = finding
      return {
        outcome: 'failed',
        reason: 'unresolvable',
        verified: null,
        message: `Nothing was deleted: ${voice.name} lists ${listed(c)}, whose ${c.shown} could show this value, but ${finding.why}. A partial form is a candidate, never proof. If ${c.id} is the leaked key, run again with \`key-id: ${c.id}\` (and the value in \`key\`, so the run can prove it dead).`
      }
    }
    case 'other-owner':
      return {
        outcome: 'failed',
        reason: 'unresolvable',
        verified: false,
        message: `Nothing was deleted: the value is a live key of organization ${finding.owner}, and the credential's list (organization ${finding.listOwner}) shows only a lookalike, ${listed(finding.candidate)}, which was left alone. Revoke the key with a credential of organization ${finding.owner}, or in its console now.`
      }
    case 'dry-run':
      return {
        outcome: 'dry-run',
        verified: null,
        message: `Would ${voice.words.verb} this ${voice.name} key (${finding.auth === 'self' ? 'authenticated by the key itself' : `with \`${voice.tokenInput ?? 'its token'}\``}).`
      }
    case 'deleted':
      return deleted(finding, voice)
  }
}

/** "key abc ("its name")": a listed key, as messages name it. */
export function listed(key: { id: string; name?: string }): string {
  return `key ${key.id}${key.name ? ` ("${key.name}")` : ''}`
}

/**
 * The provider has no such key, or refused the value. Nothing was deleted. With the value, a
 * probe tells "not a live key" from "a live key this credential cannot see".
 */
function missing(said: string, check: MissingCheck): Verdict {
  switch (check.kind) {
    case 'no-value':
      return notFound(said, 'id')
    case 'not-probed':
      return notFound(`${said}; the value was not probed (verify: false)`)
    case 'dead':
      return notFound(`${said}; the probe saw the value refused`)
    case 'alive':
      return {
        outcome: 'failed',
        reason: 'unresolvable',
        verified: false,
        message: `${said}, yet the key still works: it belongs to another account, or the id is wrong.`
      }
    case 'inconclusive':
      return {
        outcome: 'failed',
        reason: 'unresolvable',
        verified: null,
        message: `${said}, and the probe could not tell whether the key works: ${check.note}.`
      }
  }
}

/** A delete went out: what its answer and the probe after it prove. */
function deleted(found: Extract<Finding, { kind: 'deleted' }>, voice: Voice): Verdict {
  const { name, words } = voice
  const { after, lost } = found
  // An answer about this key (it names it, or the delete was for this key alone) proves the
  // delete; one that confirms nothing, or a retry that found the key gone after the first
  // attempt's answer was lost, proves nothing by itself.
  const confirmed = found.answer === 'deleted'
  const note = !lost
    ? ''
    : confirmed
      ? ' An earlier attempt got no answer; repeating it was safe.'
      : ` The first ${words.noun} got no answer and the retry found the key gone: this run's first ${words.noun} most likely did it; repeating a delete is safe.`
  const sent =
    found.answer === 'submitted'
      ? `${name} accepted the ${words.noun}, but its answer confirms nothing about this key`
      : `${name}'s answer does not show this run's ${words.noun} killed it`
  const unproven = found.unproven ?? 'it was not checked'
  switch (after.kind) {
    case 'skipped': {
      const why =
        after.because === 'verify-off' ? 'verify: false' : 'only the key value can be probed'
      if (confirmed && found.readBack && !lost)
        return {
          outcome: 'revoked',
          verified: true,
          message: `${words.done} and verified dead by ${name}'s own record of this key: ${found.readBack}. The value was not probed (${why}).${note}`
        }
      if (confirmed)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${words.done}: ${name}'s answer was about this key; not probed (${why}).${note}`
        }
      return submitted(`${sent}; the value was not probed (${why}).${note}`)
    }
    case 'dead':
      if (found.seenAlive)
        return {
          outcome: 'revoked',
          verified: true,
          message: `${words.done} and verified dead: the key worked before the ${words.noun} and is refused after it.${note}`
        }
      if (confirmed)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${words.done}: ${name}'s answer was about this key, and the value is refused after it; not proven that it worked before: ${unproven}.${note}`
        }
      return submitted(
        `${sent}. The value is refused after it, but nothing shows it was a live key before: ${unproven}.${note}`
      )
    case 'alive': {
      const still = `the key still works ${Math.round(after.waitedMs / 1000)} s after the ${words.noun}`
      const id = confirmed ? found.target.id : undefined
      // The delete named this key alone (no id of another key could have been hit) and the
      // provider documents that a revocation may take longer than the window: not yet seen dead.
      if (confirmed && id === undefined && voice.revocationDelay)
        return submitted(
          `${name} accepted the ${words.noun} of this key, but ${still}, and ${name} documents ${voice.revocationDelay}: not yet seen dead. Check again later that it is refused, and revoke it in its owner's settings if it still works.${note}`
        )
      if (id === undefined)
        return {
          outcome: 'failed',
          reason: 'provider-error',
          verified: false,
          message: `${name} accepted the ${words.noun}, but ${still}.${note}`
        }
      const keyName = found.target.name
      const restore =
        voice.restoreHelp ??
        `a deleted ${name} key cannot be brought back: create a new key for its owner and put it where ${id} was used`
      return {
        outcome: 'failed',
        reason: 'provider-error',
        verified: false,
        message: `${name} answered that it ${pastTense(words.verb)} key ${id}${keyName ? ` ("${keyName}")` : ''}, but ${still}: either ${name} is slow to apply it, or ${id} was NOT the leaked key and was ${pastTense(words.verb)} as collateral. If so, restore it: ${restore}.${note}`,
        collateral: { id, ...(keyName ? { name: keyName } : {}), restore }
      }
    }
    case 'unknown':
      if (confirmed)
        return {
          outcome: 'revoked',
          verified: null,
          message: `${words.done}: ${name}'s answer was about this key; not proven dead: ${after.note}.${note}`
        }
      return submitted(
        `${sent}, and whether the key died could not be checked: ${after.note}.${note}`
      )
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

import type { KeyRequest, KeyResult } from '../model.js'
import { fingerprint } from '../secrets.js'
import { approvalRuleFor, planName, type ApprovalRule, type Mode, type Plan } from './plan.js'

/** The run's keys, split by what the mode lets this run do with each. */
export interface Gate {
  /** Revoked by this run. */
  now: KeyRequest[]
  /** `plan`: identified only, and written into the plan for a person to approve. */
  held: Array<{ key: KeyRequest; because: string }>
  /** `apply`: keys left alone (not in the plan), and planned keys this run did not find. */
  untouched: KeyResult[]
}

function leftAlone(
  key: Pick<KeyRequest, 'provider' | 'id' | 'value' | 'alerts'>,
  keyRef: string,
  message: string
): KeyResult {
  return {
    provider: key.provider,
    keyRef,
    outcome: 'skipped',
    verified: null,
    httpStatus: null,
    attempts: 0,
    message,
    durationMs: 0,
    ...(key.alerts ? { alerts: key.alerts.map((a) => ({ ...a, resolved: false })) } : {})
  }
}

/** The key's `keyRef`, as the engine names it (the value's fingerprint where the id is a piece of it). */
function keyRefOf(key: KeyRequest): string {
  return key.id !== undefined && !key.value?.includes(key.id)
    ? key.id
    : fingerprint(key.value ?? '')
}

/**
 * Splits the keys: `revoke` revokes all; `plan` holds back those an approval rule names and
 * revokes the rest at once; `apply` revokes exactly the keys the plan names, leaves every other
 * key alone, and reports each planned key it did not find.
 */
export function gateKeys(
  mode: Mode,
  rules: readonly ApprovalRule[],
  plan: Plan | undefined,
  keys: readonly KeyRequest[]
): Gate {
  if (mode === 'plan') {
    const gate: Gate = { now: [], held: [], untouched: [] }
    for (const key of keys) {
      const rule = approvalRuleFor(key, rules)
      if (rule) gate.held.push({ key, because: rule.text })
      else gate.now.push(key)
    }
    return gate
  }
  if (mode !== 'apply' || !plan) return { now: [...keys], held: [], untouched: [] }
  const planned = new Map(
    plan.keys.map((k) => [
      k.fingerprint !== null
        ? `${k.provider}\u0000${k.fingerprint}`
        : `${k.provider}\u0000id:${k.id}`,
      k
    ])
  )
  const gate: Gate = { now: [], held: [], untouched: [] }
  for (const key of keys) {
    const name = planName(key)
    if (planned.delete(name)) gate.now.push(key)
    else
      gate.untouched.push(
        leftAlone(key, keyRefOf(key), 'Not in the approved plan: left alone (nothing sent).')
      )
  }
  for (const k of planned.values())
    gate.untouched.push(
      leftAlone(
        {
          provider: k.provider,
          ...(k.id !== null ? { id: k.id } : {}),
          alerts: k.alerts
        },
        k.fingerprint !== null ? k.fingerprint.slice(0, 'sha256:'.length + 12) : (k.id ?? ''),
        'In the approved plan, but this run did not find it (its alert is no longer open, or the key was not given): nothing sent. Check the key by hand.'
      )
    )
  return gate
}

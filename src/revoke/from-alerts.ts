import type { Alert } from '../github/read/alerts.js'
import { PROVIDERS, providerForSecretType } from '../providers/registry.js'
import type { ProviderId } from '../providers/types.js'
import { fingerprint } from '../secrets.js'
import type { AlertRef, KeyRequest, KeyResult } from '../model.js'

export interface AlertPlan {
  /** One request per distinct (provider, secret), carrying every alert that reported it. */
  keys: KeyRequest[]
  /** Results of the alerts that lead to no revocation: closed, unmapped, or unusable. */
  unrevocable: KeyResult[]
}

const ref = (a: Alert): AlertRef => ({ repository: a.repository, number: a.number, url: a.url })

/** The result of an alert that leads to no revocation. */
function alertOnlyResult(
  alert: Alert,
  provider: ProviderId | null,
  outcome: 'skipped' | 'failed',
  message: string,
  reason?: KeyResult['reason']
): KeyResult {
  return {
    provider,
    keyRef: alert.secret ? fingerprint(alert.secret) : `alert:${alert.repository}#${alert.number}`,
    outcome,
    verified: null,
    httpStatus: null,
    attempts: 0,
    ...(reason ? { reason } : {}),
    message,
    durationMs: 0,
    alerts: [{ ...ref(alert), resolved: false }]
  }
}

/**
 * Turns alerts into keys to revoke. A secret reported by several alerts (or
 * repositories) becomes one key; alerts that map to no provider are skipped,
 * never failed; closed alerts are left alone.
 */
export function planAlerts(
  alerts: readonly Alert[],
  mapping: ReadonlyMap<string, ProviderId>
): AlertPlan {
  const keys = new Map<string, KeyRequest>()
  const done: KeyResult[] = []
  for (const alert of alerts) {
    const where = `alert ${alert.repository}#${alert.number}`
    if (alert.state !== 'open') {
      done.push(alertOnlyResult(alert, null, 'skipped', `${where} is ${alert.state}: left alone.`))
      continue
    }
    const provider = providerForSecretType(alert.secretType, alert.displayName, mapping)
    if (!provider) {
      const type = (alert.displayName || alert.secretType || 'unknown').slice(0, 80)
      done.push(
        alertOnlyResult(
          alert,
          null,
          'skipped',
          `${where}: secret type "${type}" maps to no provider, so it is left open for a person. To revoke such keys, add \`${alert.secretType || type}=<provider>\` to \`secret-types\`.`,
          'unmapped'
        )
      )
      continue
    }
    const adapter = PROVIDERS[provider]
    if (!alert.secret) {
      done.push(
        alertOnlyResult(
          alert,
          provider,
          'failed',
          `${where}: GitHub returned no secret for it.`,
          'unresolvable'
        )
      )
      continue
    }
    // A provider whose native alerts hold a part of a key (an id alert and a secret alert of one pair) says
    // what each asks for: an id to revoke by, or why it is left for a person.
    const asked = adapter.secretTypes?.includes(alert.secretType)
      ? adapter.fromAlert?.(alert.secretType, alert.secret)
      : undefined
    if (asked && 'left' in asked) {
      done.push(
        alertOnlyResult(
          alert,
          provider,
          asked.outcome,
          `${where}: ${asked.left}. Nothing was sent.`,
          'unresolvable'
        )
      )
      continue
    }
    if (asked && 'id' in asked) {
      const id = `${provider}\u0000id\u0000${asked.id}`
      const existing = keys.get(id)
      if (existing) existing.alerts?.push(ref(alert))
      else keys.set(id, { provider, id: asked.id, source: where, alerts: [ref(alert)] })
      continue
    }
    const problem =
      /^[\x21-\x7e]{8,1024}$/.test(alert.secret) || adapter.takesLongValue?.(alert.secret)
        ? adapter.checkValue?.(alert.secret)
        : 'printable characters without spaces'
    if (problem) {
      done.push(
        alertOnlyResult(
          alert,
          provider,
          'failed',
          `${where}: its secret is not a whole ${adapter.name} key: expected ${problem}. Nothing was sent.${adapter.secretTypes?.includes(alert.secretType) ? '' : ` Check that the custom pattern for "${alert.secretType}" captures the whole key, and the secret-types mapping.`}`,
          'invalid-input'
        )
      )
      continue
    }
    const id = `${provider}\u0000${alert.secret}`
    const existing = keys.get(id)
    if (existing) {
      existing.alerts?.push(ref(alert))
      if (!existing.secretTypes?.includes(alert.secretType))
        existing.secretTypes?.push(alert.secretType)
    } else
      keys.set(id, {
        provider,
        value: alert.secret,
        source: where,
        alerts: [ref(alert)],
        secretTypes: [alert.secretType]
      })
  }
  return { keys: [...keys.values()], unrevocable: done }
}

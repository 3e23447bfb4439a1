import type { KeyResult, RunStatus } from '../revoke/result.js'

/** The action's step outputs, all strings. */
export interface Outputs {
  status: RunStatus
  revoked: string
  failed: string
  'not-found': string
  result: string
}

/** What the outputs say before anything has run, so a crash still leaves them defined. */
export const DEFAULT_OUTPUTS: Outputs = {
  status: 'none',
  revoked: '0',
  failed: '0',
  'not-found': '0',
  result: '[]'
}

export function renderOutputs(status: RunStatus, results: readonly KeyResult[]): Outputs {
  const entries = results.map((r) => {
    const entry: Record<string, unknown> = {
      provider: r.provider,
      keyRef: r.keyRef,
      outcome: r.outcome,
      verified: r.verified,
      httpStatus: r.httpStatus,
      attempts: r.attempts
    }
    if (r.reason) entry.reason = r.reason
    if (r.message) entry.message = r.message
    entry.durationMs = r.durationMs
    const [first] = r.alerts ?? []
    if (first) {
      entry.alertNumber = first.number
      entry.alertUrl = first.url
      entry.repository = first.repository
      entry.alerts = r.alerts
    }
    return entry
  })
  return {
    status,
    revoked: String(results.filter((r) => r.outcome === 'revoked').length),
    failed: String(results.filter((r) => r.outcome === 'failed').length),
    'not-found': String(results.filter((r) => r.outcome === 'not-found').length),
    result: JSON.stringify(entries)
  }
}

import { NodeConnections } from '../../src/http/connections.js'
import type { HttpPolicy } from '../../src/http/client.js'
import { Deadline } from '../../src/http/deadline.js'
import type { ProviderId } from '../../src/providers/types.js'
import { revokeKeys, type EngineOptions, type Job } from '../../src/revoke/engine.js'
import type { KeyResult } from '../../src/model.js'
import { Redactor } from '../../src/secrets.js'
import type { KeyRequest } from '../../src/model.js'
import type { Sandbox } from '../../sandbox/index.js'
import type { RecordedRequest } from '../../sandbox/service.js'

/**
 * Short waits between attempts so fault tests finish fast; the mechanisms are the real ones.
 * An attempt keeps a long limit: on a busy machine a loopback answer can come seconds late
 * (a descheduled process, a long collection), and a short limit then turns a right answer into
 * a timeout and a retry no test expects.
 */
export const FAST_HTTP: Partial<HttpPolicy> = {
  requestTimeoutMs: 10_000,
  maxAttempts: 3,
  backoffBaseMs: 5,
  maxRetryDelayMs: 5_000
}

/**
 * The attempt limit for a test whose fault never answers (`hang`, `endless-body`) on every
 * attempt it counts, so that the timeout it is about comes fast. Only such tests may use it,
 * and only where a real answer that also runs out of time would leave their outcome unchanged.
 */
export const UNANSWERED_HTTP: Partial<HttpPolicy> = { ...FAST_HTTP, requestTimeoutMs: 300 }

export interface RevokeCall {
  keys: Array<Omit<KeyRequest, 'source'>>
  tokens?: Partial<Record<ProviderId, string>>
  flags?: Job['flags']
  verify?: boolean
  dryRun?: boolean
  engine?: Partial<EngineOptions>
}

/** Runs the engine against the sandbox, with every secret registered for redaction. */
export async function revokeAt(
  sandbox: Sandbox,
  call: RevokeCall
): Promise<{ results: KeyResult[]; redactor: Redactor }> {
  const redactor = new Redactor()
  call.keys.forEach((k) => k.value && redactor.add(k.value))
  Object.values(call.tokens ?? {}).forEach((t) => t && redactor.add(t))
  const baseUrls = Object.fromEntries(
    Object.entries(sandbox.urls()).map(([id, url]) => [id, new URL(url)])
  ) as Job['baseUrls']
  const connections = new NodeConnections({ idleMs: 1_000 })
  const deadline = new Deadline(20_000)
  try {
    const results = await revokeKeys(
      {
        keys: call.keys.map((k, i) => ({ ...k, source: `key line ${i + 1}` })),
        tokens: call.tokens ?? {},
        ...(call.flags ? { flags: call.flags } : {}),
        baseUrls,
        verify: call.verify ?? true,
        dryRun: call.dryRun ?? false
      },
      {
        connections,
        deadline,
        redactor,
        http: FAST_HTTP,
        verifyWindowMs: 400,
        verifyIntervalMs: 40,
        ...call.engine
      }
    )
    return { results, redactor }
  } finally {
    deadline.dispose()
    await connections.close()
  }
}

/** "METHOD /path?query" of a recorded request, query re-encoded as sent. */
export function line(req: RecordedRequest): string {
  const query = new URLSearchParams(req.query).toString()
  // awsQuery sends every operation as `POST /`: its `Action` tells them apart.
  const action = /^Action=([A-Za-z]+)(?:&|$)/.exec(req.body)?.[1]
  return `${req.method} ${req.path}${query ? `?${query}` : ''}${action ? ` ${action}` : ''}`
}

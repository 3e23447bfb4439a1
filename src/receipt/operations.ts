import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'

// Each key's operation log for its receipt: the HTTP client notes every request it sends in the
// log of the key whose work sent it, found through the async context rather than passed down
// every adapter call, so that no adapter (nor one added later) can forget to record a request.
// Nothing here ever holds a secret: a route is the path with every segment that is not a plain
// word cut out and the query dropped, and no body or header but a documented request id is read.

/** What the engine was doing for a key when a request went out. */
export type Phase = 'identify' | 'probe-before' | 'rotate' | 'delete' | 'probe-after' | 'check'

/** One request sent to a provider, as the receipt records it. */
export interface Operation {
  phase: Phase
  method: string
  /** The path template: query dropped, every segment that is not a plain word as `{param}`. */
  route: string
  /** The last attempt's HTTP status; null when no attempt was answered. */
  status: number | null
  attempts: number
  /** The provider's own id of the request, from a header its documentation names. */
  requestId: string | null
  /** When the first attempt started (ms since the epoch; ISO 8601 in the receipt). */
  startedAt: number
  durationMs: number
  /** Why no answer came, when none did. */
  error?: 'network' | 'timeout'
  /** A delete that carried several keys at once (GitHub's revocation list): how many. */
  sharedBy?: number
}

/** A probe's answer as the proof records it. */
export interface ProbeNote {
  phase: Phase
  /** When the answer came (ms since the epoch; ISO 8601 in the receipt). */
  at: number
  answer: 'alive' | 'dead' | 'inconclusive' | 'error'
}

/** One key's log. */
export class OperationLog {
  readonly operations: Operation[] = []
  readonly probes: ProbeNote[] = []
}

interface Scope {
  log: OperationLog
  phase: Phase
}

const scopes = new AsyncLocalStorage<Scope>()

/** Runs `work` with every request it sends noted in `log`, under `phase`. */
export function inLog<T>(log: OperationLog, phase: Phase, work: () => T): T {
  return scopes.run({ log, phase }, work)
}

/** Runs `work` under `phase` of the current key's log (as is, outside any log). */
export function inPhase<T>(phase: Phase, work: () => T): T {
  const scope = scopes.getStore()
  return scope ? scopes.run({ log: scope.log, phase }, work) : work()
}

/** Notes a probe's answer in the current key's log, under the current phase. */
export function noteProbe(answer: ProbeNote['answer']): void {
  const scope = scopes.getStore()
  if (scope) scope.log.probes.push({ phase: scope.phase, at: Date.now(), answer })
}

/** The current request's recorder, or undefined outside a key's log (GitHub calls, tests). */
export function startOperation(
  method: string,
  path: string
): ((end: Pick<Operation, 'status' | 'attempts' | 'requestId' | 'error'>) => void) | undefined {
  const scope = scopes.getStore()
  if (!scope) return undefined
  const started = Date.now()
  return (end) => {
    const op: Operation = {
      phase: scope.phase,
      method,
      route: routeOf(path),
      status: end.status,
      attempts: end.attempts,
      requestId: end.requestId,
      startedAt: started,
      durationMs: Date.now() - started
    }
    if (end.error) op.error = end.error
    scope.log.operations.push(op)
  }
}

// A segment kept as it is: a lower-case word (`api_keys`, `-`, `tokens`), or an API version
// (`v1`, `v1beta1`). Anything else (an id, a value, an e-mail) may be a secret or a piece of
// one: a provider may delete a token by a path that holds the token itself
// (`/-/registry/v1/tokens/token/{token}`, say).
const WORD = /^(?:-|[a-z][a-z_.-]{0,39}|v\d{1,2}(?:(?:alpha|beta)\d{0,2})?)$/

/**
 * Routes already made, so that the keys of a sweep share one string per route (10,000 keys
 * each deleted through `/keys/{param}` hold it once). Bounded: a route is short, and a run
 * has a few dozen.
 */
const routes = new Map<string, string>()

/** The path as a template: no query or fragment, every segment that is not a word `{param}`. */
export function routeOf(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? ''
  const route = bare
    .split('/')
    .map((segment) => (segment === '' || WORD.test(segment) ? segment : '{param}'))
    .join('/')
  const known = routes.get(route)
  if (known !== undefined) return known
  if (routes.size < 1000) routes.set(route, route)
  return route
}

/** A request id header's value as the receipt keeps it: short and printable, or none. */
export function requestIdOf(
  headers: Record<string, string>,
  names: readonly string[] | undefined
): string | null {
  for (const name of names ?? []) {
    const value = headers[name.toLowerCase()]?.trim()
    if (value && /^[\x21-\x7e]{1,128}$/.test(value)) return value
  }
  return null
}

/**
 * Operations sent for several keys at once (a batch delete), added to the current key's log:
 * each key's receipt then shows the one request that carried it.
 */
export function adoptOperations(operations: readonly Operation[] | undefined): void {
  const scope = scopes.getStore()
  if (scope && operations) scope.log.operations.push(...operations)
}

/**
 * The receipt's fingerprint of a key: sha256 of its whole value, never of a part of it
 * (docs/decisions.md: why plain, and why never a part).
 */
export function valueDigest(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex')}`
}

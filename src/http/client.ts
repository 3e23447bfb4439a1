import type { Readable } from 'node:stream'
import { CONNECT_TIMEOUT, type Connections } from './connections.js'
import { Deadline, sleep } from './deadline.js'
import type { Gate } from './pacer.js'
import { requestIdOf, startOperation } from '../receipt/operations.js'

/** Limits that apply to every request a provider adapter sends. */
export interface HttpPolicy {
  /** Longest time for one attempt, from connecting to the last byte of the body. */
  requestTimeoutMs: number
  /** Attempts per request, the first included. */
  maxAttempts: number
  /** First backoff step; each retry doubles it, with jitter. */
  backoffBaseMs: number
  /** Longest `Retry-After` the client waits for; a longer one ends the retries. */
  maxRetryDelayMs: number
  /** Most bytes of a response body read; the rest is dropped. */
  maxBodyBytes: number
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  requestTimeoutMs: 15_000,
  maxAttempts: 4,
  backoffBaseMs: 500,
  maxRetryDelayMs: 60_000,
  maxBodyBytes: 256 * 1024
}

export type HttpMethod = 'GET' | 'DELETE' | 'POST' | 'PATCH' | 'PUT'

export interface HttpRequest {
  method: HttpMethod
  /** Path below the base URL, beginning with `/`; segments already encoded; may carry `?query`. */
  path: string
  headers?: Record<string, string>
  body?: string
  /** Name of the pacer to wait on before each attempt (e.g. `delete`). */
  pace?: string
  /**
   * Whether repeating the request is harmless (default: every method but
   * POST). A non-idempotent request is retried only when it surely was not
   * acted on: a 429, or a connection that never opened.
   */
  idempotent?: boolean
}

export interface HttpResponse {
  status: number
  headers: Record<string, string>
  /** The body as text, at most `maxBodyBytes` of it. */
  text: string
  truncated: boolean
  attempts: number
  /**
   * An earlier attempt was sent but its answer was lost (reset or timeout after
   * sending), so the server may have acted on it before this answer.
   */
  retriedAfterAmbiguous: boolean
}

/** No HTTP answer at all: the connection failed or the time ran out. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout',
    message: string,
    readonly attempts: number
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504])
// Errors raised before a request could have been sent: retrying these is never ambiguous.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  CONNECT_TIMEOUT
])

export interface HttpClientOptions {
  connections: Connections
  deadline: Deadline
  policy?: Partial<HttpPolicy>
  pacers?: Record<string, Gate>
  /** Headers sent with every request (user agent, accept). */
  headers?: Record<string, string>
  /** A provider's own way of saying how long to wait, read from a 429 body (seconds). */
  retryAfterFromBody?: (text: string) => number | undefined
  /** A provider's "slow down" that is not a 429 (a 400 that names throttling): retried as a 429. */
  throttled?: (status: number, text: string) => boolean
  /** Response headers the provider documents as its id of the request (for the receipt). */
  requestIdHeaders?: readonly string[]
  random?: () => number
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP-date). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000)
}

/**
 * HTTP to one provider's origin: timeouts, bounded retries with exponential
 * backoff and jitter on 429/502/503/504 and network errors, pacing, a body
 * size cap, and no redirects (credentials never follow one).
 */
export class HttpClient {
  readonly policy: HttpPolicy
  readonly #origin: string
  readonly #prefix: string
  /**
   * The attempts under way, which the run's deadline aborts: one listener on the deadline for
   * the client, not one per attempt (nor a signal combined per attempt, whose bookkeeping
   * outlived each request: at 30,000 requests, megabytes the collector had to promote).
   */
  readonly #inFlight = new Set<AbortController>()

  constructor(
    baseUrl: URL,
    private readonly options: HttpClientOptions
  ) {
    this.#origin = baseUrl.origin
    this.#prefix = baseUrl.pathname.replace(/\/+$/, '')
    this.policy = { ...DEFAULT_HTTP_POLICY, ...options.policy }
    const { signal } = options.deadline
    signal.addEventListener(
      'abort',
      () => {
        for (const attempt of this.#inFlight) attempt.abort(signal.reason)
      },
      { once: true }
    )
  }

  /** The absolute URL for a path below the base; refuses anything that leaves its origin. */
  url(path: string): URL {
    if (!path.startsWith('/') || path.startsWith('//')) {
      throw new Error(`request path must start with a single '/': ${JSON.stringify(path)}`)
    }
    const url = new URL(this.#prefix + path, this.#origin)
    if (url.origin !== this.#origin) {
      throw new Error('request would leave the provider origin')
    }
    return url
  }

  /** Sends a request; noted in the receipt's log of the key it is sent for, if any. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const record = startOperation(req.method, req.path)
    if (!record) return this.#send(req)
    try {
      const res = await this.#send(req)
      record({
        status: res.status,
        attempts: res.attempts,
        requestId: requestIdOf(res.headers, this.options.requestIdHeaders)
      })
      return res
    } catch (error) {
      const failed = error instanceof TransportError ? error : undefined
      record({
        status: null,
        attempts: failed?.attempts ?? 0,
        requestId: null,
        error: failed?.kind ?? 'network'
      })
      throw error
    }
  }

  async #send(req: HttpRequest): Promise<HttpResponse> {
    const { deadline } = this.options
    const idempotent = req.idempotent ?? req.method !== 'POST'
    let ambiguousBefore = false
    for (let attempt = 1; ; attempt++) {
      if (deadline.expired) {
        throw new TransportError('timeout', stopped(deadline), attempt - 1)
      }
      const pacer = req.pace ? this.options.pacers?.[req.pace] : undefined
      if (pacer)
        await pacer.wait(deadline.signal).catch((error: unknown) => {
          pacer.done()
          throw error
        })
      let response: Omit<HttpResponse, 'attempts' | 'retriedAfterAmbiguous'>
      try {
        response = await this.#attempt(req).finally(() => pacer?.done())
      } catch (error) {
        const timedOut = error instanceof AttemptTimeout || deadline.expired
        const kind = timedOut ? 'timeout' : 'network'
        const lastChance = attempt >= this.policy.maxAttempts || (!idempotent && isAmbiguous(error))
        const wait = this.#backoff(attempt)
        if (lastChance || wait >= deadline.remainingMs()) {
          throw new TransportError(
            kind,
            deadline.expired ? stopped(deadline) : describe(error, timedOut),
            attempt
          )
        }
        ambiguousBefore ||= isAmbiguous(error)
        await sleep(wait, deadline.signal)
        continue
      }
      const throttled =
        response.status === 429 || this.options.throttled?.(response.status, response.text) === true
      const retryable = throttled || (idempotent && RETRYABLE_STATUS.has(response.status))
      if (retryable && attempt < this.policy.maxAttempts) {
        const asked =
          parseRetryAfter(response.headers['retry-after']) ??
          this.options.retryAfterFromBody?.(response.text)
        const wait = Math.max(this.#backoff(attempt), (asked ?? 0) * 1000)
        if (wait <= this.policy.maxRetryDelayMs && wait < deadline.remainingMs()) {
          await sleep(wait, deadline.signal)
          continue
        }
      }
      return { ...response, attempts: attempt, retriedAfterAmbiguous: ambiguousBefore }
    }
  }

  #backoff(attempt: number): number {
    const step = this.policy.backoffBaseMs * 2 ** (attempt - 1)
    const random = this.options.random ?? Math.random
    return Math.round(step / 2 + (random() * step) / 2)
  }

  async #attempt(
    req: HttpRequest
  ): Promise<Omit<HttpResponse, 'attempts' | 'retriedAfterAmbiguous'>> {
    const attempt = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      attempt.abort(new AttemptTimeout())
    }, this.policy.requestTimeoutMs)
    const { deadline } = this.options
    if (deadline.expired) attempt.abort(deadline.signal.reason)
    this.#inFlight.add(attempt)
    try {
      const url = this.url(req.path)
      const res = await this.options.connections.request({
        origin: this.#origin,
        path: url.pathname + url.search,
        method: req.method,
        headers: { ...this.options.headers, ...req.headers },
        body: req.body,
        signal: attempt.signal
      })
      const { text, truncated } = await readBody(res.body, this.policy.maxBodyBytes)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined)
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
      }
      return { status: res.statusCode, headers, text, truncated }
    } catch (error) {
      if (timedOut) throw new AttemptTimeout()
      throw error
    } finally {
      clearTimeout(timer)
      this.#inFlight.delete(attempt)
    }
  }
}

/**
 * A response body as text, at most `max` bytes of it (the rest is dropped and the stream
 * destroyed). Read from the stream's events rather than with `for await`, whose iterator and
 * end-of-stream bookkeeping cost more than the small bodies they read.
 */
function readBody(body: Readable, max: number): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (end: () => void): void => {
      if (settled) return
      settled = true
      end()
    }
    const text = (): string => Buffer.concat(chunks).toString('utf8')
    body.on('data', (chunk: Buffer) => {
      if (settled) return
      const room = max - size
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room))
        settle(() => resolve({ text: text(), truncated: true }))
        body.destroy()
        return
      }
      chunks.push(chunk)
      size += chunk.length
    })
    body.once('end', () => settle(() => resolve({ text: text(), truncated: false })))
    // Kept after the end, so that an error the destroyed stream still reports is not thrown.
    body.on('error', (error) => settle(() => reject(error)))
    // Closed without an end or an error: the body was cut short, as `for await` would say.
    body.once('close', () =>
      settle(() =>
        reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }))
      )
    )
  })
}

class AttemptTimeout extends Error {
  constructor() {
    super('no complete answer in time')
    this.name = 'AttemptTimeout'
  }
}

function stopped(deadline: Deadline): string {
  return deadline.why === 'cancelled'
    ? 'the run was cancelled before an answer came'
    : 'the run reached its time limit'
}

function isAmbiguous(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code
  return !(typeof code === 'string' && NOT_SENT_CODES.has(code))
}

function describe(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'no complete answer in time'
  const code = (error as { code?: unknown })?.code
  // Only the error code: a message could quote the URL, and with it a query string.
  return typeof code === 'string' ? `connection failed (${code})` : 'connection failed'
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function parseJson(res: Pick<HttpResponse, 'text'>): unknown {
  try {
    return JSON.parse(res.text)
  } catch {
    return undefined
  }
}

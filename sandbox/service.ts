import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RequestContract } from './contract.js'

/** One request as the fake service received it. */
export interface RecordedRequest {
  method: string
  /** Pathname exactly as received (still percent-encoded). */
  path: string
  /** Decoded query pairs, in order. */
  query: Array<[string, string]>
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  body: string
  /** Contract violations of this request (empty when the real service would accept it). */
  violations: string[]
  /** The status the fake answered (unset for a fault that sent no answer). */
  status?: number
}

/** A normal answer from a fake route. */
export interface Reply {
  status: number
  json?: unknown
  text?: string
  headers?: Record<string, string>
}

/** A misbehaviour to play instead of the normal answer. */
export type Fault =
  | { kind: 'reply'; reply: Reply }
  /** Close the connection before any header. */
  | { kind: 'reset' }
  /** Send headers and half a body, then close. */
  | { kind: 'reset-mid-body' }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send headers, then body bytes forever (until the client leaves). */
  | { kind: 'endless-body' }
  /** A 200 with a body of `bytes` bytes. */
  | { kind: 'huge-body'; bytes: number }
  /** Act on the request as usual, then close the connection instead of answering (a lost answer). */
  | { kind: 'act-then-reset' }
  /**
   * Act on the request as usual, then answer what `change` makes of the real answer: a listing
   * cut off, reordered or of the wrong type, an error that quotes a key.
   */
  | { kind: 'act-then-change'; change: (real: Reply) => Reply }

export interface FaultRule {
  method?: string
  /** Matches the pathname. */
  path?: RegExp
  /** Matches the body (an awsQuery `Action=…`, where every request is `POST /`). */
  body?: RegExp
  /** How many matching requests it applies to. */
  times: number
  /** Matching requests to let through first (the second probe, not the first). */
  skip?: number
  fault: Fault
}

export type Route = (req: RecordedRequest) => Reply | Promise<Reply>

/**
 * A rate limit a fake plays the way its provider does: a sliding window of at
 * most `requests` accepted requests per `perMs` in each bucket. With
 * `requests: 1` it is a minimum spacing between calls (Vast.ai's
 * "threshold"). A refused request is answered `reply` and does not count.
 */
export interface RateLimit {
  /** For reports: "DELETE /api/v0/auth/apikeys/{id}/: 2.0 s between calls per account". */
  name: string
  /** The budget a request draws on (e.g. an account and an endpoint); undefined: not limited. */
  bucket(req: RecordedRequest): string | undefined
  requests: number
  perMs: number
  /** The provider's own 429; `retryAfterS` is when the bucket accepts a request again. */
  reply(retryAfterS: number): Reply
  /** What one request costs (GitHub's secondary limit counts a PATCH as 5 points); default 1. */
  cost?(req: RecordedRequest): number
}

/** Most requests the fake works on at once, and its answer beyond that (GitHub: 100). */
export interface ConcurrencyLimit {
  requests: number
  reply(): Reply
}

/** What the rate limits did since the last reset. */
export interface RateLimitStats {
  /** Requests answered 429 (or the provider's rate-limit answer) by a rate limit. */
  refused: number
  /** Refusals per limit name. */
  byLimit: Record<string, number>
  /** Most requests in flight at once. */
  peakInFlight: number
}

/**
 * A local HTTP service playing a provider (or GitHub) on 127.0.0.1: it
 * records every request, checks it against the published contract, and can
 * be told to misbehave.
 */
export class FakeService {
  readonly requests: RecordedRequest[] = []
  /** What the rate limits count time by (a test may stop it, so a burst is one instant). */
  clock: () => number = () => Date.now()
  readonly #faults: FaultRule[] = []
  readonly #server: Server
  #url = ''
  /**
   * Delay before each answer, in ms (a number, or one per request): the
   * network and the provider's own time. Default 0, so tests run at loopback
   * speed. Refusals by a rate limit get it too; faults do not.
   */
  latencyMs: number | ((req: RecordedRequest) => number) = 0
  /** Rate limits played before routing; none by default. */
  rateLimits: RateLimit[] = []
  /** Limit on requests in flight at once; none by default. */
  concurrencyLimit: ConcurrencyLimit | undefined
  readonly #windows = new Map<string, Array<{ at: number; cost: number }>>()
  #stats: RateLimitStats = { refused: 0, byLimit: {}, peakInFlight: 0 }
  #inFlight = 0
  #connections = 0

  constructor(
    readonly name: string,
    readonly route: Route,
    readonly contract?: RequestContract
  ) {
    this.#server = createServer((req, res) => void this.#handle(req, res))
    this.#server.keepAliveTimeout = 5_000
    this.#server.on('connection', () => this.#connections++)
  }

  /** TCP connections opened to this service since the last reset (keep-alive reuses them). */
  get connections(): number {
    return this.#connections
  }

  get url(): string {
    return this.#url
  }

  /** Every contract violation seen so far, with the request it came from. */
  get violations(): string[] {
    return this.requests.flatMap((r) => r.violations.map((v) => `${this.name}: ${v}`))
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, '127.0.0.1', () => resolve())
    })
    const { port: bound } = this.#server.address() as AddressInfo
    this.#url = `http://127.0.0.1:${bound}`
    return this.#url
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** Plays `fault` for the next `times` requests matching `method` and `path`. */
  inject(rule: FaultRule): void {
    this.#faults.push({ ...rule })
  }

  clearFaults(): void {
    this.#faults.length = 0
  }

  /** Forgets recorded requests (between test steps), and what the rate limits counted. */
  reset(): void {
    this.requests.length = 0
    this.clearFaults()
    this.#windows.clear()
    this.#stats = { refused: 0, byLimit: {}, peakInFlight: 0 }
    this.#connections = 0
  }

  /** What the rate limits refused since the last reset. */
  get rateLimitStats(): RateLimitStats {
    return { ...this.#stats, byLimit: { ...this.#stats.byLimit } }
  }

  /** The first rate limit this request exceeds, as the provider answers it; else records it. */
  #limit(req: RecordedRequest, now: number): Reply | undefined {
    const charges: Array<{ window: Array<{ at: number; cost: number }>; cost: number }> = []
    for (const limit of this.rateLimits) {
      const bucket = limit.bucket(req)
      if (bucket === undefined) continue
      const key = `${limit.name}\u0000${bucket}`
      const window = (this.#windows.get(key) ?? []).filter((e) => e.at > now - limit.perMs)
      this.#windows.set(key, window)
      const cost = limit.cost?.(req) ?? 1
      let used = window.reduce((sum, e) => sum + e.cost, 0)
      if (used + cost > limit.requests) {
        // When enough of the window has slid out for this request to fit.
        let at = now
        for (const e of window) {
          used -= e.cost
          at = e.at + limit.perMs
          if (used + cost <= limit.requests) break
        }
        this.#stats.refused++
        this.#stats.byLimit[limit.name] = (this.#stats.byLimit[limit.name] ?? 0) + 1
        return limit.reply(Math.max(0, (at - now) / 1000))
      }
      charges.push({ window, cost })
    }
    for (const { window, cost } of charges) window.push({ at: now, cost })
    return undefined
  }

  async #answer(res: ServerResponse, req: RecordedRequest, reply: Reply): Promise<void> {
    const delay = typeof this.latencyMs === 'function' ? this.latencyMs(req) : this.latencyMs
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    req.status = reply.status
    send(res, reply)
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid')
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(req.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: [...url.searchParams.entries()],
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      violations: []
    }
    recorded.violations = this.contract?.check(recorded) ?? []
    this.requests.push(recorded)

    const rule = this.#faults.find(
      (f) =>
        f.times > 0 &&
        (!f.method || f.method === recorded.method) &&
        (!f.path || f.path.test(recorded.path)) &&
        (!f.body || f.body.test(recorded.body))
    )
    if (rule && (rule.skip ?? 0) > 0) rule.skip = (rule.skip ?? 0) - 1
    else if (rule) {
      rule.times--
      if (rule.fault.kind === 'act-then-reset') {
        await this.route(recorded)
        res.socket?.destroy()
        return
      }
      if (rule.fault.kind === 'act-then-change') {
        const real = await this.route(recorded)
        const changed = rule.fault.change(real)
        recorded.status = changed.status
        return send(res, changed)
      }
      return playFault(rule.fault, res)
    }
    if (recorded.violations.length > 0) {
      // The real service would refuse it; so does the fake, and the test fails on `violations`.
      recorded.status = 400
      return send(res, { status: 400, json: { contract_violation: recorded.violations } })
    }
    this.#inFlight++
    this.#stats.peakInFlight = Math.max(this.#stats.peakInFlight, this.#inFlight)
    try {
      const busy =
        this.concurrencyLimit && this.#inFlight > this.concurrencyLimit.requests
          ? this.concurrencyLimit.reply()
          : undefined
      if (busy) {
        this.#stats.refused++
        this.#stats.byLimit.concurrency = (this.#stats.byLimit.concurrency ?? 0) + 1
      }
      const refused = busy ?? this.#limit(recorded, this.clock())
      let reply: Reply
      try {
        reply = refused ?? (await this.route(recorded))
      } catch (error) {
        reply = { status: 500, text: `fake ${this.name} crashed: ${String(error)}` }
      }
      await this.#answer(res, recorded, reply)
    } finally {
      this.#inFlight--
    }
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '')
  const type = reply.json !== undefined ? 'application/json' : 'text/plain; charset=utf-8'
  res.writeHead(reply.status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    ...reply.headers
  })
  res.end(body)
}

function playFault(fault: Fault, res: ServerResponse): void {
  switch (fault.kind) {
    case 'reply':
      return send(res, fault.reply)
    case 'reset':
      res.socket?.destroy()
      return
    case 'reset-mid-body':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' })
      res.write('{"partial": "')
      setTimeout(() => res.socket?.destroy(), 10)
      return
    case 'hang':
    case 'act-then-reset':
    case 'act-then-change':
      return
    case 'endless-body': {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"data": "')
      const timer = setInterval(() => res.write('x'.repeat(64)), 20)
      res.on('close', () => clearInterval(timer))
      return
    }
    case 'huge-body': {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('x'.repeat(fault.bytes))
      return
    }
  }
}

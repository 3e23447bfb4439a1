import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Contract } from './contract.js'

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

export interface FaultRule {
  method?: string
  /** Matches the pathname. */
  path?: RegExp
  /** How many matching requests it applies to. */
  times: number
  fault: Fault
}

export type Route = (req: RecordedRequest) => Reply | Promise<Reply>

/**
 * A local HTTP service playing a provider (or GitHub) on 127.0.0.1: it
 * records every request, checks it against the published contract, and can
 * be told to misbehave.
 */
export class FakeService {
  readonly requests: RecordedRequest[] = []
  readonly #faults: FaultRule[] = []
  readonly #server: Server
  #url = ''

  constructor(
    readonly name: string,
    readonly route: Route,
    readonly contract?: Contract
  ) {
    this.#server = createServer((req, res) => void this.#handle(req, res))
    this.#server.keepAliveTimeout = 5_000
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

  /** Forgets recorded requests (between test steps). */
  reset(): void {
    this.requests.length = 0
    this.clearFaults()
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
        (!f.path || f.path.test(recorded.path))
    )
    if (rule) {
      rule.times--
      if (rule.fault.kind === 'act-then-reset') {
        await this.route(recorded)
        res.socket?.destroy()
        return
      }
      return playFault(rule.fault, res)
    }
    if (recorded.violations.length > 0) {
      // The real service would refuse it; so does the fake, and the test fails on `violations`.
      return send(res, { status: 400, json: { contract_violation: recorded.violations } })
    }
    try {
      send(res, await this.route(recorded))
    } catch (error) {
      send(res, { status: 500, text: `fake ${this.name} crashed: ${String(error)}` })
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

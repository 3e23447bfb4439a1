import type { AgentOptions, IncomingHttpHeaders } from 'node:http'
import type * as Http from 'node:http'
import type * as Https from 'node:https'
import type { Readable } from 'node:stream'

/** One HTTP exchange as the action's client sends it. */
export interface ExchangeRequest {
  /** `http://host:port` or `https://host`. */
  origin: string
  /** Path and query, already encoded. */
  path: string
  method: string
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
}

export interface ExchangeResponse {
  statusCode: number
  headers: IncomingHttpHeaders
  /** The body, read by the caller; destroying it drops the connection. */
  body: Readable
}

/** What sends the action's requests: a pool of kept-alive HTTP/1.1 connections per origin. */
export interface Connections {
  request(req: ExchangeRequest): Promise<ExchangeResponse>
  close(): Promise<void>
}

/** An error raised before the request could have been sent: it is always safe to repeat. */
export const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT'

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])

export interface ConnectionOptions {
  /** Connections kept per origin. */
  perOrigin?: number
  /** How long an idle connection stays open for the next request. */
  idleMs?: number
  /** How long opening a connection (TCP and TLS) may take. */
  connectMs?: number
}

/**
 * Node's own `http`/`https` with keep-alive agents: the cheapest start a run can have, since
 * Node's HTTP modules are compiled into its binary (docs/decisions.md). HTTP/1.1 only, as every
 * test, fake and fault the action is proven against speaks: TLS offers `http/1.1` alone in
 * ALPN, so no server can pick h2.
 *
 * The modules come from `process.getBuiltinModule`, not `import`: an ESM import of `node:http`
 * reads every export, and Node's lazy `WebSocket` export then loads its whole built-in fetch.
 */
export class NodeConnections implements Connections {
  readonly #agentOptions: AgentOptions
  readonly #connectMs: number
  #http?: { module: typeof Http; agent: Http.Agent }
  #https?: { module: typeof Https; agent: Https.Agent }

  constructor(options: ConnectionOptions = {}) {
    this.#agentOptions = {
      keepAlive: true,
      maxSockets: options.perOrigin ?? 16,
      // Idle sockets are closed after this; Node also honours a shorter `Keep-Alive: timeout`
      // hint from the server, less a second, so a reused socket is not one the server closed.
      timeout: options.idleMs ?? 10_000,
      scheduling: 'lifo'
    }
    this.#connectMs = options.connectMs ?? 10_000
  }

  #plain(): { module: typeof Http; agent: Http.Agent } {
    if (this.#http) return this.#http
    const module = process.getBuiltinModule('node:http')
    return (this.#http = { module, agent: new module.Agent(this.#agentOptions) })
  }

  #tls(): { module: typeof Https; agent: Https.Agent } {
    if (this.#https) return this.#https
    const module = process.getBuiltinModule('node:https')
    const agent = new module.Agent({ ...this.#agentOptions, ALPNProtocols: ['http/1.1'] })
    return (this.#https = { module, agent })
  }

  request(req: ExchangeRequest): Promise<ExchangeResponse> {
    const url = new URL(req.origin)
    const tls = url.protocol === 'https:'
    if (!tls && url.protocol !== 'http:')
      return Promise.reject(new Error(`unsupported protocol ${url.protocol}`))
    const headers: Record<string, string> = { ...req.headers }
    // A length, never chunked encoding: some APIs refuse a chunked body, and a POST without a
    // body still says it has none.
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body))
    else if (METHODS_WITH_BODY.has(req.method)) headers['content-length'] = '0'
    const { module, agent } = tls ? this.#tls() : this.#plain()
    return new Promise((resolve, reject) => {
      const outgoing = module.request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: req.path,
        method: req.method,
        headers,
        agent,
        signal: req.signal
      })
      outgoing.once('socket', (socket) => {
        if (!socket.connecting) return
        const timer = setTimeout(() => {
          const error = Object.assign(new Error('the connection did not open in time'), {
            code: CONNECT_TIMEOUT
          })
          outgoing.destroy(error)
        }, this.#connectMs)
        // `secureConnect` for TLS: the handshake is part of opening the connection.
        socket.once(tls ? 'secureConnect' : 'connect', () => clearTimeout(timer))
        socket.once('close', () => clearTimeout(timer))
      })
      outgoing.once('response', (res) => {
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res })
      })
      // `on`, not `once`: an error after the answer began (a reset mid-body) must find a listener.
      outgoing.on('error', reject)
      outgoing.end(req.body)
    })
  }

  async close(): Promise<void> {
    this.#http?.agent.destroy()
    this.#https?.agent.destroy()
  }
}

/**
 * The relay's handler served by node:http, for hosting it anywhere Node runs: `npm run relay`.
 * Listens on PORT (default 8787) at HOST (default 127.0.0.1: put a TLS proxy in front, or set
 * HOST=0.0.0.0 behind one). Settings are the same environment variables as the Worker's;
 * delivery ids are remembered in memory instead of KV.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { handle, readConfig, type DeliveryStore, type Env, type LogLine } from './relay.js'

/** Delivery ids in memory, each for its TTL; at most `limit`, the oldest dropped first. */
export class MemoryStore implements DeliveryStore {
  readonly #entries = new Map<string, { value: string; until: number }>()
  constructor(private readonly limit = 10_000) {}

  async get(key: string): Promise<string | null> {
    const entry = this.#entries.get(key)
    if (!entry) return null
    if (entry.until > Date.now()) return entry.value
    this.#entries.delete(key)
    return null
  }

  async put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> {
    this.#entries.delete(key)
    this.#entries.set(key, { value, until: Date.now() + (options?.expirationTtl ?? 3600) * 1000 })
    while (this.#entries.size > this.limit)
      this.#entries.delete(this.#entries.keys().next().value as string)
  }
}

const SETTINGS = [
  'WEBHOOK_SECRET',
  'WEBHOOK_SECRET_PREVIOUS',
  'DISPATCH_TOKEN',
  'APP_ID',
  'APP_PRIVATE_KEY',
  'TARGET_REPOSITORY',
  'GITHUB_API_URL',
  'DISPATCH_DEADLINE_MS'
] as const

/** The relay's settings from environment variables, with an in-memory delivery store. */
export function envFrom(vars: NodeJS.ProcessEnv): Env {
  const env: Env = { DELIVERIES: new MemoryStore() }
  for (const name of SETTINGS) if (vars[name]) env[name] = vars[name]
  return env
}

/** Where to listen: PORT (default 8787) and HOST (default 127.0.0.1). */
export function listenOptions(
  vars: NodeJS.ProcessEnv
): { port: number; host: string } | { error: string } {
  const port = vars.PORT?.trim() || '8787'
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    return { error: `PORT must be a port number (0 to 65535), not '${port}'` }
  return { port: Number(port), host: vars.HOST?.trim() || '127.0.0.1' }
}

/** A Web Request for the handler; the body stays a stream, so the handler decides how much to read. */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (const [name, values] of Object.entries(req.headersDistinct))
    for (const value of values ?? []) headers.append(name, value)
  const method = req.method ?? 'GET'
  const withBody = method !== 'GET' && method !== 'HEAD'
  // The path as sent (origin-form), or an absolute-form target's path; the host plays no part.
  let path = req.url ?? '/'
  if (!path.startsWith('/')) path = URL.canParse(path) ? new URL(path).pathname : '/?'
  return new Request(`http://relay.invalid${path}`, {
    method,
    headers,
    ...(withBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {})
  } as RequestInit)
}

async function answer(req: IncomingMessage, res: ServerResponse, response: Response) {
  const body = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = Object.fromEntries(response.headers)
  headers['content-length'] = String(body.byteLength)
  res.writeHead(response.status, headers)
  // A refused body is not read on: the connection closes once the answer is out.
  res.end(body, () => {
    if (response.headers.get('connection') === 'close') req.destroy()
  })
}

/** Starts the relay; resolves with its URL once it listens. */
export async function serve(
  env: Env,
  options: { port: number; host: string; log?: (line: LogLine) => void }
): Promise<{ server: Server; url: string }> {
  const log = options.log ?? ((line: LogLine) => console.log(JSON.stringify(line)))
  const server = createServer((req, res) => {
    let request: Request
    try {
      request = toRequest(req)
    } catch {
      // A method or header the Fetch API refuses (CONNECT, TRACE, …): not a webhook.
      log({ delivery: '-', event: '-', outcome: 'method-not-allowed', status: 405, ms: 0 })
      res.writeHead(405, { allow: 'POST', connection: 'close' }).end()
      return
    }
    handle(request, env, log)
      .then((response) => answer(req, res, response))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { connection: 'close' })
        res.end()
      })
  })
  // GitHub waits 10 s for an answer; a client slower than that is not GitHub.
  server.headersTimeout = 10_000
  server.requestTimeout = 15_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  return { server, url: `http://${host}:${port}` }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const where = listenOptions(process.env)
  if ('error' in where) {
    console.error(where.error)
    process.exit(2)
  }
  const env = envFrom(process.env)
  const config = readConfig(env)
  if ('error' in config) {
    console.error(`relay: ${config.error}`)
    process.exit(2)
  }
  const { server, url } = await serve(env, where)
  console.log(`relay listening on ${url}`)
  const stop = () => server.close(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

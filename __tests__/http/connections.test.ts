import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CONNECT_TIMEOUT, NodeConnections } from '../../src/http/connections.js'
import { HttpClient } from '../../src/http/client.js'
import { Deadline } from '../../src/http/deadline.js'

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve(typeof address === 'object' && address !== null ? address.port : 0)
    })
  )
}

const close = (server: Server | TcpServer): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()))

describe("the run's connections (Node's http with keep-alive agents)", () => {
  const seen: { method: string; headers: IncomingHttpHeaders; body: string }[] = []
  let sockets = 0
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body })
      res.setHeader('content-type', 'application/json')
      res.end('{"ok":true}')
    })
  })
  server.on('connection', () => sockets++)
  // Accepts the TCP connection and never says a word: a TLS handshake that never completes.
  const held = new Set<Socket>()
  const silent = createTcpServer((socket) => {
    held.add(socket)
    socket.resume()
    socket.on('close', () => held.delete(socket))
  })
  let origin = ''
  let silentOrigin = ''
  beforeAll(async () => {
    origin = `http://127.0.0.1:${await listen(server)}`
    silentOrigin = `https://127.0.0.1:${await listen(silent)}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await close(server)
    held.forEach((socket) => socket.destroy())
    await close(silent)
  })

  const send = (c: NodeConnections, method: string, body?: string) =>
    c
      .request({
        origin,
        path: '/x?y=1',
        method,
        headers: { accept: 'application/json' },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(10_000)
      })
      .then(async (res) => {
        let text = ''
        for await (const chunk of res.body) text += String(chunk)
        return { status: res.statusCode, text }
      })

  it('sends a body with its length, never chunked, and a POST without one says so', async () => {
    const c = new NodeConnections()
    try {
      seen.length = 0
      await send(c, 'POST', '{"name":"é"}')
      await send(c, 'POST')
      await send(c, 'DELETE')
    } finally {
      await c.close()
    }
    const [withBody, empty, del] = seen
    expect(withBody?.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"é"}')))
    expect(withBody?.body).toBe('{"name":"é"}')
    expect(empty?.headers['content-length']).toBe('0')
    expect(del?.headers['content-length']).toBeUndefined()
    for (const req of seen) expect(req.headers['transfer-encoding']).toBeUndefined()
  })

  it('keeps one connection alive for requests one after another', async () => {
    const c = new NodeConnections()
    try {
      sockets = 0
      for (let i = 0; i < 3; i++)
        expect(await send(c, 'GET')).toEqual({ status: 200, text: '{"ok":true}' })
    } finally {
      await c.close()
    }
    expect(sockets).toBe(1)
  })

  it('gives up on a connection that does not open in time, as an error that was never sent', async () => {
    const c = new NodeConnections({ connectMs: 200 })
    try {
      const error = await c
        .request({
          origin: silentOrigin,
          path: '/',
          method: 'POST',
          headers: {},
          signal: AbortSignal.timeout(10_000)
        })
        .then(
          () => undefined,
          (e: unknown) => e
        )
      expect((error as { code?: unknown })?.code).toBe(CONNECT_TIMEOUT)
      // …and the half-open connection is closed, not left to the end of the run.
      while (held.size > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    } finally {
      await c.close()
    }
  })

  it('lets the client repeat a POST whose connection never opened (it was not sent)', async () => {
    const c = new NodeConnections({ connectMs: 200 })
    const deadline = new Deadline(20_000)
    try {
      const client = new HttpClient(new URL(silentOrigin), {
        connections: c,
        deadline,
        policy: { requestTimeoutMs: 10_000, maxAttempts: 2, backoffBaseMs: 5 }
      })
      const error = await client.send({ method: 'POST', path: '/' }).then(
        () => undefined,
        (e: unknown) => e as { attempts?: number; message?: string }
      )
      expect(error?.attempts).toBe(2)
    } finally {
      deadline.dispose()
      await c.close()
    }
  })
})

import { createServer } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { RunResources } from '../src/resources.js'
import { Redactor } from '../src/secrets.js'

// The run's connection pool offers only HTTP/1.1 in TLS: the protocol every suite proves the
// action against. A TLS server without a certificate still hears the client's ALPN offer before
// the handshake fails, which is all this needs.
describe("the run's connection pool", () => {
  const offered: string[][] = []
  const server = createServer(
    {
      ALPNCallback: ({ protocols }) => {
        offered.push(protocols)
        return undefined
      }
    },
    (socket) => socket.end()
  )
  server.on('tlsClientError', () => undefined)
  let origin = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    origin = `https://127.0.0.1:${address.port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('offers http/1.1 alone in TLS ALPN, never h2', async () => {
    const resources = new RunResources(10_000, new URL('https://api.github.com'), new Redactor())
    try {
      await resources.connections
        .request({
          origin,
          path: '/',
          method: 'GET',
          headers: {},
          signal: AbortSignal.timeout(10_000)
        })
        .then(
          () => undefined,
          () => undefined
        )
    } finally {
      await resources.close()
    }
    expect(offered).toEqual([['http/1.1']])
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { NodeConnections } from '../../src/http/connections.js'
import { HttpClient, TransportError } from '../../src/http/client.js'
import { Deadline } from '../../src/http/deadline.js'
import {
  OperationLog,
  inLog,
  inPhase,
  noteProbe,
  requestIdOf,
  routeOf,
  valueDigest
} from '../../src/receipt/operations.js'
import { FakeService } from '../../sandbox/service.js'

let service: FakeService
const agent = new NodeConnections()

beforeAll(async () => {
  service = new FakeService('echo', () => ({
    status: 200,
    json: {},
    headers: { 'x-request-id': 'req_123' }
  }))
  await service.start()
})
afterAll(async () => {
  await Promise.all([service.close(), agent.close()])
})

function client(requestIdHeaders?: string[]) {
  return new HttpClient(new URL(`${service.url}/base`), {
    connections: agent,
    deadline: new Deadline(20_000),
    policy: { requestTimeoutMs: 10_000, maxAttempts: 2, backoffBaseMs: 5 },
    ...(requestIdHeaders ? { requestIdHeaders } : {})
  })
}

describe('routeOf', () => {
  it('keeps words and versions, drops the query, and cuts everything else', () => {
    expect(routeOf('/-/npm/v1/tokens/token/npm_abcDEF0123456789abcdef0123456789abcd')).toBe(
      '/-/npm/v1/tokens/token/{param}'
    )
    expect(routeOf('/v1/keys/AIzaSyA-1234?keyString=AIzaSyA-secret&x=1')).toBe('/v1/keys/{param}')
    expect(routeOf('/api/v0/auth/apikeys/123/')).toBe('/api/v0/auth/apikeys/{param}/')
    expect(routeOf('/v1beta1/projects/my-project/keys#frag')).toBe(
      '/v1beta1/projects/my-project/keys'
    )
    expect(routeOf('/v1/users/someone%40example.com')).toBe('/v1/users/{param}')
    expect(routeOf('/api/tokens/ABCdefGHI')).toBe('/api/tokens/{param}')
  })

  it('never keeps a segment that holds a digit or an upper-case letter (a key almost always does)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('v1', 'keys', 'api_keys', '-', 'token'), { maxLength: 4 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/).filter((s) => /[0-9A-Z]/.test(s)),
        fc.boolean(),
        (words, secret, query) => {
          const path = `/${[...words, secret].join('/')}${query ? `?key=${secret}` : ''}`
          const route = routeOf(path)
          expect(route.includes(secret)).toBe(false)
          expect(route).toBe(`/${[...words, '{param}'].join('/')}`)
        }
      )
    )
  })
})

describe('the operation log', () => {
  it('notes each request with its phase, status, attempts and documented request id', async () => {
    service.reset()
    const log = new OperationLog()
    await inLog(log, 'identify', async () => {
      await client(['request-id', 'x-request-id']).send({ method: 'GET', path: '/v1/keys?limit=1' })
      await inPhase('delete', async () => {
        await client().send({ method: 'DELETE', path: '/v1/keys/key_9' })
        noteProbe('dead')
      })
    })
    expect(log.operations).toEqual([
      expect.objectContaining({
        phase: 'identify',
        method: 'GET',
        route: '/v1/keys',
        status: 200,
        attempts: 1,
        requestId: 'req_123'
      }),
      // No documented header: no request id, whatever the answer carries.
      expect.objectContaining({ phase: 'delete', route: '/v1/keys/{param}', requestId: null })
    ])
    expect(log.probes).toEqual([expect.objectContaining({ phase: 'delete', answer: 'dead' })])
    expect(log.operations[0]!.startedAt).toBeLessThanOrEqual(Date.now())
  })

  it('notes a request that got no answer, with its attempts and why', async () => {
    service.reset()
    service.inject({ times: 2, fault: { kind: 'reset' } })
    const log = new OperationLog()
    await expect(
      inLog(log, 'delete', () => client().send({ method: 'DELETE', path: '/v1/keys/k' }))
    ).rejects.toBeInstanceOf(TransportError)
    expect(log.operations).toEqual([
      expect.objectContaining({ status: null, attempts: 2, error: 'network' })
    ])
    expect(service.requests).toHaveLength(2)
  })

  it('notes nothing outside a key (GitHub calls, alert resolution)', async () => {
    service.reset()
    const log = new OperationLog()
    await client().send({ method: 'GET', path: '/x' })
    noteProbe('alive')
    expect(log.operations).toEqual([])
    expect(log.probes).toEqual([])
  })

  it('keeps concurrent keys apart', async () => {
    service.reset()
    const logs = [new OperationLog(), new OperationLog(), new OperationLog()]
    await Promise.all(
      logs.map((log, i) =>
        inLog(log, 'identify', async () => {
          for (let n = 0; n <= i; n++) await client().send({ method: 'GET', path: '/k' })
        })
      )
    )
    expect(logs.map((l) => l.operations.length)).toEqual([1, 2, 3])
  })
})

describe('requestIdOf and valueDigest', () => {
  it('takes the first documented header that is short and printable', () => {
    expect(requestIdOf({ 'x-request-id': 'a b' }, ['x-request-id'])).toBeNull()
    expect(requestIdOf({ 'x-request-id': 'x'.repeat(129) }, ['x-request-id'])).toBeNull()
    expect(
      requestIdOf({ 'request-id': 'r1', 'x-request-id': 'r2' }, ['X-Request-Id', 'request-id'])
    ).toBe('r2')
    expect(requestIdOf({ 'x-request-id': 'r2' }, undefined)).toBeNull()
  })

  it('fingerprints the whole value', () => {
    expect(valueDigest('abc')).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
  })
})

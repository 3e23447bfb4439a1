import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { NodeConnections } from '../../src/http/connections.js'
import { HttpClient, TransportError, parseRetryAfter } from '../../src/http/client.js'
import { Deadline } from '../../src/http/deadline.js'
import { FakeService } from '../../sandbox/service.js'

let service: FakeService
let other: FakeService
const agent = new NodeConnections()

beforeAll(async () => {
  other = new FakeService('other', () => ({ status: 200, json: { stolen: true } }))
  await other.start()
  service = new FakeService('echo', (req) => {
    if (req.path.endsWith('/redirect'))
      return { status: 302, headers: { location: `${other.url}/steal` }, text: '' }
    return { status: 200, json: { path: req.path } }
  })
  await service.start()
})
afterAll(async () => {
  await Promise.all([service.close(), other.close(), agent.close()])
})

// An attempt limit that a loopback answer beats even on a busy machine: only the tests of a
// fault that never answers set a short one, and their outcome is the same at any length.
function client(policy = {}, deadlineMs = 20_000) {
  return new HttpClient(new URL(`${service.url}/base`), {
    connections: agent,
    deadline: new Deadline(deadlineMs),
    policy: { requestTimeoutMs: 10_000, maxAttempts: 3, backoffBaseMs: 5, ...policy }
  })
}

describe('HttpClient', () => {
  it('joins paths under the base path and never leaves the origin', () => {
    const c = client()
    expect(c.url('/v1/x?y=1').href).toBe(`${service.url}/base/v1/x?y=1`)
    expect(() => c.url('//evil.test/x')).toThrow()
    expect(() => c.url('v1')).toThrow()
  })

  it('does not follow a redirect: credentials stay on the origin', async () => {
    service.reset()
    other.reset()
    const res = await client().send({
      method: 'DELETE',
      path: '/redirect',
      headers: { authorization: 'Bearer s' }
    })
    expect(res.status).toBe(302)
    expect(other.requests).toHaveLength(0)
  })

  it('retries a reset connection and marks the retry as after an ambiguous attempt', async () => {
    service.reset()
    service.inject({ times: 1, fault: { kind: 'reset' } })
    const res = await client().send({ method: 'DELETE', path: '/x' })
    expect(res).toMatchObject({ status: 200, attempts: 2, retriedAfterAmbiguous: true })
  })

  it('gives up with a network error after the attempt budget', async () => {
    service.reset()
    service.inject({ times: 9, fault: { kind: 'reset-mid-body' } })
    await expect(client().send({ method: 'GET', path: '/x' })).rejects.toMatchObject({
      kind: 'network',
      attempts: 3
    })
  })

  it('times out a body that never ends, within the per-request timeout', async () => {
    service.reset()
    service.inject({ times: 9, fault: { kind: 'endless-body' } })
    // Two attempts fit the run's deadline only if each ends at its own limit: a limit that
    // did not cover the body would leave one attempt, stopped by the deadline.
    const error = await client({ requestTimeoutMs: 300, maxAttempts: 2 }, 10_000)
      .send({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 })
  })

  it('reads at most maxBodyBytes of an oversized body', async () => {
    service.reset()
    service.inject({ times: 1, fault: { kind: 'huge-body', bytes: 5_000_000 } })
    const res = await client({ maxBodyBytes: 1024 }).send({ method: 'GET', path: '/x' })
    expect(res.truncated).toBe(true)
    expect(res.text).toHaveLength(1024)
  })

  it('stops retrying when Retry-After is longer than it may wait', async () => {
    service.reset()
    service.inject({
      times: 9,
      fault: {
        kind: 'reply',
        reply: { status: 429, text: 'slow', headers: { 'retry-after': '120' } }
      }
    })
    const res = await client({ maxRetryDelayMs: 1_000 }).send({ method: 'GET', path: '/x' })
    expect(res).toMatchObject({ status: 429, attempts: 1 })
  })

  it('does not retry other 4xx', async () => {
    service.reset()
    service.inject({ times: 9, fault: { kind: 'reply', reply: { status: 404, text: 'nope' } } })
    expect(await client().send({ method: 'GET', path: '/x' })).toMatchObject({
      status: 404,
      attempts: 1
    })
  })

  it('ends with a timeout when the run deadline passes', async () => {
    service.reset()
    service.inject({ times: 9, fault: { kind: 'hang' } })
    const started = Date.now()
    await expect(
      client({ requestTimeoutMs: 20_000 }, 300).send({ method: 'GET', path: '/x' })
    ).rejects.toMatchObject({ kind: 'timeout' })
    // Ended by the deadline, not by the attempt's own limit: far below that limit, with all the
    // room a busy machine needs.
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

describe('retry hints', () => {
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3')).toBe(3)
    const now = Date.now()
    // An HTTP date has whole seconds: 5 s ahead reads as more than 4 s from `now`.
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), now)).toBeGreaterThan(4)
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})

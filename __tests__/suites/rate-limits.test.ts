import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Pacer, WindowPacer } from '../../src/http/pacer.js'
import { Sandbox } from '../../sandbox/index.js'
import type { FakeService } from '../../sandbox/service.js'
import { githubRateLimits } from '../../sandbox/github.js'
import { basetenRateLimits } from '../../src/providers/baseten/fake.js'
import { vastaiRateLimits } from '../../src/providers/vastai/fake.js'
import { revokeAt } from '../helpers/harness.js'

// The sandbox plays the providers' published rate limits (used by `npm run bench`), and the
// action paces itself to them: a run under the limits gets no 429 at all.

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await Sandbox.start()
})
afterAll(async () => {
  await sandbox.close()
})
beforeEach(() => {
  sandbox.resetRequests()
  for (const { service } of Object.values(sandbox.providers)) service.rateLimits = []
  sandbox.githubService.rateLimits = []
})

async function send(url: string, method: string, authorization: string, json?: unknown) {
  const res = await fetch(url, {
    method,
    headers: {
      authorization,
      accept: 'application/json',
      ...(json === undefined ? {} : { 'content-type': 'application/json' })
    },
    body: json === undefined ? undefined : JSON.stringify(json)
  })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

/**
 * Runs `burst` with the fake's clock stopped, so that its requests fall in one window as the
 * limit counts them, however long a busy machine takes to send them.
 */
async function atOneInstant<T>(service: FakeService, burst: () => Promise<T>): Promise<T> {
  const instant = Date.now()
  service.clock = () => instant
  try {
    return await burst()
  } finally {
    service.clock = () => Date.now()
  }
}

describe('sandbox rate limits', () => {
  it('Vast.ai: a second delete within 2.0 s gets its plain-text 429, which does not count', async () => {
    const { store, service } = sandbox.providers.vastai
    service.rateLimits = vastaiRateLimits(store)
    const token = store.addToken()
    const [a, b] = [store.addKey(), store.addKey()]
    const url = (id: string) => `${service.url}/api/v0/auth/apikeys/${id}/`
    const [accepted, refused] = await atOneInstant(service, async () => [
      await send(url(a.id), 'DELETE', `Bearer ${token}`),
      await send(url(b.id), 'DELETE', `Bearer ${token}`)
    ])
    expect(accepted.status).toBe(200)
    expect(refused.status).toBe(429)
    expect(refused.text).toBe('API requests too frequent endpoint threshold=2.0')
    expect(refused.headers.get('retry-after')).toBeNull()
    expect(b.deletedAt).toBeUndefined()
    expect(service.rateLimitStats.refused).toBe(1)
  })

  it('Baseten: the 101st request in a second to one endpoint gets 429 with retry_after', async () => {
    const { store, service } = sandbox.providers.baseten
    service.rateLimits = basetenRateLimits()
    const token = store.addToken()
    const keys = Array.from({ length: 101 }, () => store.addKey())
    const answers = await atOneInstant(service, () =>
      Promise.all(
        keys.map((key) =>
          send(`${service.url}/v1/api_keys/${key.id}`, 'DELETE', `Api-Key ${token}`)
        )
      )
    )
    const refused = answers.filter((a) => a.status === 429)
    expect(answers.filter((a) => a.status === 200)).toHaveLength(100)
    expect(refused).toHaveLength(1)
    expect(JSON.parse(refused[0]!.text)).toEqual({ error: 'Rate limit exceeded', retry_after: 1 })
    expect(keys.filter((k) => k.deletedAt === undefined)).toHaveLength(1)
  })

  it('GitHub: PATCHes cost 5 points, 900 a minute per endpoint, then 429 with retry-after', async () => {
    const { rateLimits } = githubRateLimits({ points: true })
    sandbox.githubService.rateLimits = rateLimits
    const url = `${sandbox.githubService.url}/repos/acme/app/secret-scanning/alerts/1`
    const { accepted, first429 } = await atOneInstant(sandbox.githubService, async () => {
      let first429: Awaited<ReturnType<typeof send>> | undefined
      let accepted = 0
      for (let i = 0; i < 181 && !first429; i++) {
        const answer = await send(url, 'PATCH', 'Bearer ghs_rateLimitTestToken0000', {
          state: 'resolved',
          resolution: 'revoked'
        })
        // The fake then answers as GitHub does for this token and alert (401/404 here): the
        // request was accepted by the limit, which is what this counts.
        expect(answer.status).not.toBe(400)
        if (answer.status === 429) first429 = answer
        else accepted++
      }
      return { accepted, first429 }
    })
    expect(accepted).toBe(180)
    expect(first429?.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(JSON.parse(first429!.text).message).toMatch(/secondary rate limit/)
  })
})

describe('the action under the limits', () => {
  it('paces Vast.ai deletes 2 s apart as they arrive, and gets no 429', async () => {
    const { store, service } = sandbox.providers.vastai
    service.rateLimits = vastaiRateLimits(store)
    const token = store.addToken({ owner: 'paced' })
    const keys = [1, 2, 3].map(() => store.addKey({ owner: 'paced' }))
    const { results } = await revokeAt(sandbox, {
      keys: keys.map((k) => ({ provider: 'vastai' as const, id: k.id })),
      tokens: { vastai: token },
      verify: false
    })
    expect(results.map((r) => r.outcome)).toEqual(['revoked', 'revoked', 'revoked'])
    expect(service.rateLimitStats.refused).toBe(0)
    expect(keys.every((k) => k.deletedAt !== undefined)).toBe(true)
  }, 20_000)

  it('paces Baseten deletes under 100 a second with one management key, and gets no 429', async () => {
    const { store, service } = sandbox.providers.baseten
    service.rateLimits = basetenRateLimits()
    const token = store.addToken()
    const keys = Array.from({ length: 150 }, () => store.addKey())
    const { results } = await revokeAt(sandbox, {
      keys: keys.map((k) => ({ provider: 'baseten' as const, id: k.id })),
      tokens: { baseten: token },
      verify: false
    })
    expect(results.filter((r) => r.outcome === 'revoked')).toHaveLength(150)
    expect(service.rateLimitStats.refused).toBe(0)
  }, 20_000)
})

describe('Pacer counting from the answer', () => {
  it('lets the next call go a full interval after the previous one is done', async () => {
    const pacer = new Pacer(40, true)
    await pacer.wait()
    const second = pacer.wait().then(() => Date.now())
    await new Promise((r) => setTimeout(r, 60)) // the first call's answer takes 60 ms
    const doneAt = Date.now()
    pacer.done()
    expect((await second) - doneAt).toBeGreaterThanOrEqual(38)
    pacer.done()
  })
})

describe('WindowPacer', () => {
  it('lets a burst within the budget go at once, and the rest as the window slides', async () => {
    // When each wait ends, told by timers rather than by reading the clock: timers due at
    // different times fire in that order however late a busy machine runs them. A mark set
    // before the waits can only be due sooner than a wait of a longer delay, one set after them
    // only later than a wait of a shorter one, so each comparison holds with no margin at all.
    const fired = new Set<string>()
    const mark = (name: string, ms: number) =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          fired.add(name)
          resolve()
        }, ms)
      )
    const marks = [mark('50 before', 50), mark('150 before', 150)]
    const pacer = new WindowPacer(3, 100)
    // One instant for every wait, so their delays are exactly 0, 100 and 200 ms.
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.now())
    const waits = Array.from({ length: 7 }, () => pacer.wait().then(() => new Set(fired)))
    now.mockRestore()
    marks.push(mark('150 after', 150), mark('250 after', 250))
    const seen = await Promise.all(waits)
    await Promise.all(marks)
    const between = (after: string, before: string) => (s: Set<string>) =>
      (after === '' || s.has(after)) && !s.has(before)
    expect(seen.slice(0, 3).every(between('', '50 before'))).toBe(true)
    expect(seen.slice(3, 6).every(between('50 before', '150 after'))).toBe(true)
    expect(between('150 before', '250 after')(seen[6]!)).toBe(true)
  })
})

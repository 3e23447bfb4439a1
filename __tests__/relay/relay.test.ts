import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { fakeApp, repositoryDispatchEvent, type FakeDispatch } from '../../sandbox/github.js'
import { relayedAlert } from '../../src/github/read/relayed-alert.js'
import { Sandbox } from '../../sandbox/index.js'
import { RUNTIMES, startRelay, type RunningRelay, type Runtime } from '../../sandbox/relay.js'
import type { Fault, RecordedRequest } from '../../sandbox/service.js'
import {
  SECRET_SCANNING_ACTIONS,
  deliveryHeaders,
  eventBody,
  eventOf,
  pingBody,
  secretScanningBody,
  type AlertFacts
} from '../../sandbox/webhooks.js'
import { MAX_BODY_BYTES, type LogLine } from '../../relay/relay.js'
import {
  FORGED,
  MALFORMED,
  PREVIOUS,
  SECRET,
  SPACED,
  TRANSPORT,
  type Delivery
} from './helpers/cases.js'

// The relay's behaviour, the same cases in both runtimes it ships for: relay/node.ts's server
// and the Worker in workerd (Miniflare). Each is reached over HTTP and dispatches to the
// sandbox's GitHub, which checks every request against GitHub's OpenAPI description.

const TOKEN = 'github_pat_relayDispatchToken_0123456789ABCDEF'
const APP_ID = '4242'
/** Put in every body (a display name the relay forwards): it must never show in a log or an answer. */
const MARKER = 'Baseten API key (marker 7f3c9a)'
const keyPair = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' }
})
/** The same key as PKCS#8, its newlines escaped as a one-line secret store may keep them. */
const PKCS8_ESCAPED = (
  createPrivateKey(keyPair.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string
).replace(/\n/g, '\\n')

let sandbox: Sandbox
/** Everything sent to a relay that must never come back out: signatures, secrets, tokens. */
const sentSecrets = new Set<string>([SECRET, PREVIOUS, TOKEN, MARKER])
const answers: string[] = []

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(TOKEN, {
    alerts: false,
    contents: ['acme/app', 'acme/other', 'acme/big']
  })
  sandbox.github.state.apps.push(fakeApp(APP_ID, keyPair.publicKey, { acme: 77, 'sec-team': 88 }))
})
afterAll(async () => {
  await sandbox.close()
})

/** Sends the headers and a first part of a body declared larger; resolves on the answer. */
function sendDeclared(
  url: string,
  d: Delivery,
  bytes: number
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${d.path ?? '/'}`,
      { method: d.method ?? 'POST', headers: { ...d.headers, 'content-length': String(bytes) } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', reject)
      }
    )
    req.on('error', (error) => {
      if (!req.destroyed) reject(error)
    })
    req.write(Buffer.alloc(64 * 1024, 0x78))
  })
}

/** A request that failed because the server closed the connection while it was sent. */
function closedWhileSending(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code ?? '')
}

async function send(url: string, d: Delivery): Promise<{ status: number; text: string }> {
  if (d.declaredBytes !== undefined) {
    const answer = await sendDeclared(url, d, d.declaredBytes)
    answers.push(answer.text)
    return answer
  }
  const method = d.method ?? 'POST'
  const init: RequestInit & { duplex?: 'half' } = { method, headers: d.headers }
  if (d.streamBytes !== undefined) {
    const chunk = new Uint8Array(64 * 1024).fill(0x78)
    let left = d.streamBytes
    init.body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (left <= 0) return controller.close()
        controller.enqueue(chunk.subarray(0, Math.min(left, chunk.length)))
        left -= chunk.length
      }
    })
    init.duplex = 'half'
  } else if (d.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    init.body = d.body as RequestInit['body']
  }
  const response = await fetch(`${url}${d.path ?? '/'}`, init)
  const text = await response.text()
  answers.push(text)
  return { status: response.status, text }
}

let seq = 0
/** A delivery GitHub would send for an alert, signed with `secret`. */
async function delivery(
  facts: Partial<AlertFacts> = {},
  options: { secret?: string; event?: string; delivery?: string } = {}
) {
  const full: AlertFacts = {
    action: 'created',
    repository: 'acme/app',
    number: ++seq,
    displayName: MARKER,
    ...facts
  }
  const body = secretScanningBody(full)
  const headers = await deliveryHeaders(body, options.secret ?? SECRET, {
    event: options.event ?? eventOf(full.action),
    delivery: options.delivery ?? randomUUID()
  })
  sentSecrets.add(headers['x-hub-signature-256']!)
  return { body, headers, id: headers['x-github-delivery']!, number: full.number }
}

const dispatchesOf = (id: string): FakeDispatch[] =>
  sandbox.github.state.dispatches.filter((d) => d.clientPayload.delivery === id)
const dispatchRequests = (id: string): RecordedRequest[] =>
  sandbox.githubService.requests.filter(
    (r) => r.path.endsWith('/dispatches') && r.body.includes(`"delivery":"${id}"`)
  )
const allDispatches = () => sandbox.github.state.dispatches.length

describe.each(RUNTIMES)('relay in %s', (runtime: Runtime) => {
  let relay: RunningRelay
  /** The same relay with its secrets as a secret store may hold them: white space around them. */
  let spaced: RunningRelay
  const sent = new Map<RunningRelay, number>()
  /** Sends, and returns the status and the delivery's log line. */
  const post = async (d: Delivery, to: RunningRelay = relay) => {
    // Every earlier delivery's line is in: each post waits for its own.
    const expected = to.lines().length + 1
    const answer = await send(to.url, d)
    sent.set(to, (sent.get(to) ?? 0) + 1)
    const lines = await to.logged(expected)
    return { ...answer, line: lines.at(-1) as LogLine }
  }

  beforeAll(async () => {
    const settings = {
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_SECRET_PREVIOUS: PREVIOUS,
      DISPATCH_TOKEN: TOKEN,
      GITHUB_API_URL: sandbox.githubService.url
    }
    ;[relay, spaced] = await Promise.all([
      startRelay(runtime, settings, { kv: true }),
      startRelay(runtime, { ...settings, ...SPACED })
    ])
  })
  afterAll(async () => {
    // The runtime is stopped even when a check below fails, or jest would never exit.
    try {
      // One log line per delivery, and nothing secret in any of them or in any answer.
      for (const to of [relay, spaced]) expect(to.lines()).toHaveLength(sent.get(to) ?? 0)
      const printed = [...relay.logs, ...spaced.logs, ...answers].join('\n')
      for (const secret of [...sentSecrets, ...sandbox.github.state.installationTokens])
        expect([secret, printed.includes(secret)]).toEqual([secret, false])
      expect(sandbox.violations()).toEqual([])
    } finally {
      await Promise.all([relay.close(), spaced.close()])
    }
  })

  describe('a signed alert', () => {
    it('is dispatched with a small client_payload the action reads, and answered 202', async () => {
      const d = await delivery({ action: 'created', installation: 77 })
      const before = allDispatches()
      const { status, text, line } = await post(d)
      expect([status, text.trim()]).toEqual([202, 'Dispatched'])
      expect(allDispatches()).toBe(before + 1)
      const [dispatch] = dispatchesOf(d.id)
      expect(dispatch).toMatchObject({ repository: 'acme/app', eventType: 'secret_scanning_alert' })
      expect(dispatch!.clientPayload).toEqual({
        action: 'created',
        alert: {
          number: d.number,
          secret_type: 'baseten_api_key',
          secret_type_display_name: MARKER,
          validity: 'unknown',
          html_url: `https://github.test/acme/app/security/secret-scanning/${d.number}`
        },
        repository: { full_name: 'acme/app' },
        installation: { id: 77 },
        delivery: d.id
      })
      const [request] = dispatchRequests(d.id)
      expect(request!.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'revoke-leaked-keys-relay',
        'content-type': 'application/json'
      })
      expect(line).toMatchObject({
        delivery: d.id,
        event: 'secret_scanning_alert',
        action: 'created',
        repository: 'acme/app',
        alert: d.number,
        target: 'acme/app',
        outcome: 'dispatched',
        status: 202,
        attempts: 1
      })
    })

    it('signed with the previous secret (during a rotation) is dispatched too', async () => {
      const d = await delivery({}, { secret: PREVIOUS })
      expect((await post(d)).status).toBe(202)
      expect(dispatchesOf(d.id)).toHaveLength(1)
    })

    it('a secret with white space around it that GitHub signs with too: dispatched, no hint', async () => {
      for (const secret of [SPACED.WEBHOOK_SECRET!, SPACED.WEBHOOK_SECRET_PREVIOUS!]) {
        const d = await delivery({}, { secret })
        const { status, line } = await post(d, spaced)
        expect([status, line.outcome, line.hint]).toEqual([202, 'dispatched', undefined])
        expect(dispatchesOf(d.id)).toHaveLength(1)
      }
    })

    it.each(['created', 'reopened', 'publicly_leaked'] as const)(
      '%s: dispatched',
      async (action) => {
        const d = await delivery({ action })
        expect((await post(d)).status).toBe(202)
        expect(dispatchesOf(d.id).map((x) => x.clientPayload.action)).toEqual([action])
      }
    )

    it('validated as active: dispatched; as inactive or unknown: 204, not forwarded', async () => {
      const active = await delivery({ action: 'validated', validity: 'active' })
      expect((await post(active)).status).toBe(202)
      expect(dispatchesOf(active.id)).toHaveLength(1)
      for (const validity of ['inactive', 'unknown'] as const) {
        const d = await delivery({ action: 'validated', validity })
        const { status, line } = await post(d)
        expect([status, line.outcome]).toEqual([204, 'ignored'])
        expect(dispatchesOf(d.id)).toHaveLength(0)
      }
    })

    it.each(['resolved', 'assigned', 'unassigned'] as const)(
      '%s: 204, not forwarded',
      async (action) => {
        const d = await delivery({ action })
        const { status, text, line } = await post(d)
        expect([status, text, line.outcome, line.action]).toEqual([204, '', 'ignored', action])
        expect(dispatchesOf(d.id)).toHaveLength(0)
      }
    )

    it('an action GitHub may add later: 204, not forwarded', async () => {
      const d = await delivery()
      const body = d.body.replace('"action":"created"', '"action":"escalated"')
      const headers = await deliveryHeaders(body, SECRET, { delivery: d.id })
      const { status, line } = await post({ body, headers })
      expect([status, line.action]).toEqual([204, 'other'])
      expect(dispatchesOf(d.id)).toHaveLength(0)
    })

    it('the same delivery id twice is dispatched once', async () => {
      const d = await delivery()
      expect((await post(d)).status).toBe(202)
      const again = await post(d)
      expect([again.status, again.line.outcome]).toEqual([202, 'duplicate'])
      expect(dispatchesOf(d.id)).toHaveLength(1)
    })

    it("the largest body GitHub's schema allows within the limit: dispatched, payload within GitHub's limits", async () => {
      const facts: AlertFacts = { action: 'created', repository: 'acme/big', number: ++seq }
      const body = secretScanningBody(facts, { largest: MAX_BODY_BYTES })
      expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES - 4096)
      const headers = await deliveryHeaders(body, SECRET)
      const { status } = await post({ body, headers })
      expect(status).toBe(202)
      const [dispatch] = dispatchesOf(headers['x-github-delivery']!)
      const payload = dispatch!.clientPayload
      expect(Object.keys(payload).length).toBeLessThanOrEqual(10)
      expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(2048)
      // Long strings are left out, not cut: what is forwarded is what GitHub said.
      expect(payload.alert).toEqual({
        number: facts.number,
        secret_type_display_name: 'Baseten API key',
        validity: 'unknown'
      })
    })
  })

  describe('other events', () => {
    const repository = { full_name: 'acme/app' }
    it.each([
      ['ping', () => pingBody()],
      ['push', () => eventBody('webhook-push', { repository })],
      [
        'secret_scanning_alert_location',
        () => secretScanningBody({ action: 'location', repository: 'acme/app', number: ++seq })
      ],
      // An alert of another kind, under its own name: not a mismatch.
      [
        'code_scanning_alert',
        () => eventBody('webhook-code-scanning-alert-created', { alert: { number: 1 }, repository })
      ]
    ])('%s, signed, its own body: 204, not forwarded', async (event, body) => {
      const text = body()
      const headers = await deliveryHeaders(text, SECRET, { event })
      sentSecrets.add(headers['x-hub-signature-256']!)
      const before = allDispatches()
      const { status, line } = await post({ body: text, headers })
      expect([status, line.outcome, line.event, line.hint]).toEqual([
        204,
        'ignored',
        event,
        undefined
      ])
      expect(allDispatches()).toBe(before)
    })

    it('no event header, signed, a body of no event the relay reads: 204, not forwarded', async () => {
      const body = eventBody('webhook-push', { repository: { full_name: 'acme/app' } })
      const headers = await deliveryHeaders(body, SECRET)
      delete headers['x-github-event']
      const before = allDispatches()
      const { status, line } = await post({ body, headers })
      expect([status, line.event]).toEqual([204, '-'])
      expect(allDispatches()).toBe(before)
    })
  })

  describe('forged, malformed and oversized deliveries are refused and never forwarded', () => {
    it.each([...FORGED, ...MALFORMED, ...TRANSPORT].map((c) => [c.name, c] as const))(
      '%s',
      async (_name, refused) => {
        const d = await delivery()
        const before = sandbox.githubService.requests.length
        const made = await refused.make(d)
        const signature = made.headers['x-hub-signature-256']
        if (signature) sentSecrets.add(signature)
        const { status, text, line } = await post(made, refused.spaced ? spaced : relay)
        expect(status).toBe(refused.status)
        expect(line.status).toBe(refused.status)
        if (refused.outcome) expect(line.outcome).toBe(refused.outcome)
        if (refused.hint) expect(line.hint).toContain(refused.hint)
        // A wrong signature gets a hint only where the relay knows why.
        else if (refused.status === 401) expect(line.hint).toBeUndefined()
        if (refused.answer) expect(text).toContain(refused.answer)
        // Nothing reached GitHub at all.
        expect(sandbox.githubService.requests.length).toBe(before)
      }
    )

    it('a body just over the limit gets 413; one at the limit is read', async () => {
      const d = await delivery()
      const pad = (n: number) => `${d.body.slice(0, -1)},"pad":"${'p'.repeat(n)}"}`
      const base = Buffer.byteLength(pad(0))
      const over = pad(MAX_BODY_BYTES - base + 1)
      const at = pad(MAX_BODY_BYTES - base)
      // The relay answers 413 without reading the rest, and closes: the client may still be
      // sending and see the connection reset before it reads the answer. The relay's own log
      // line says what it decided; an answer that did arrive must say the same.
      const expected = relay.lines().length + 1
      // A relay that stops reading may also leave the upload stalled, neither answered nor
      // closed, on a busy machine: the client gives up, and the log line decides. It waits 25 s
      // first: in one full run on a loaded machine the client gave up after 10 s and workerd
      // never logged the delivery (a request cancelled before the relay decides may log nothing).
      const answered = await fetch(relay.url, {
        method: 'POST',
        headers: await deliveryHeaders(over, SECRET),
        body: over,
        signal: AbortSignal.timeout(25_000)
      }).then(
        async (res) => {
          await res.arrayBuffer().catch(() => undefined)
          return res.status
        },
        (error: unknown) => {
          if (closedWhileSending(error)) return 'reset'
          if ((error as { name?: string }).name === 'TimeoutError') return 'stalled'
          throw error
        }
      )
      sent.set(relay, (sent.get(relay) ?? 0) + 1)
      expect((await relay.logged(expected)).at(-1)).toMatchObject({
        status: 413,
        outcome: 'too-large'
      })
      expect([413, 'reset', 'stalled']).toContain(answered)
      expect((await post({ body: at, headers: await deliveryHeaders(at, SECRET) })).status).toBe(
        202
      )
      // The client's 25 s and the log line's 30 s wait are caps, not expected times.
    }, 90_000)
  })

  describe("GitHub's answer to the dispatch", () => {
    const dispatchPath = /\/dispatches$/
    const fault = (times: number, f: Fault) =>
      sandbox.githubService.inject({ method: 'POST', path: dispatchPath, times, fault: f })

    it('201 instead of the documented 204: accepted (any 2xx)', async () => {
      fault(1, { kind: 'reply', reply: { status: 201, json: {} } })
      const d = await delivery()
      expect((await post(d)).status).toBe(202)
      expect(dispatchRequests(d.id)).toHaveLength(1)
    })

    it.each([403, 404, 422])('%i: 502 at once, no retry', async (code) => {
      fault(1, { kind: 'reply', reply: { status: code, json: { message: 'no' } } })
      const d = await delivery()
      const { status, line } = await post(d)
      expect([status, line.outcome, line.github, line.attempts]).toEqual([
        502,
        'dispatch-failed',
        code,
        1
      ])
      expect(dispatchRequests(d.id)).toHaveLength(1)
    })

    it('500 once: retried, then 202', async () => {
      fault(1, { kind: 'reply', reply: { status: 500, json: { message: 'oops' } } })
      const d = await delivery()
      const { status, line } = await post(d)
      expect([status, line.attempts]).toEqual([202, 2])
      expect(dispatchesOf(d.id)).toHaveLength(1)
    })

    it('503 twice: 502 after one retry; a redelivery of the same id then goes through', async () => {
      fault(2, { kind: 'reply', reply: { status: 503, json: { message: 'busy' } } })
      const d = await delivery()
      const { status, line } = await post(d)
      expect([status, line.github, line.attempts]).toEqual([502, 503, 2])
      expect(dispatchesOf(d.id)).toHaveLength(0)
      // GitHub's "Redeliver" sends the same X-GitHub-Delivery: a failure was not remembered.
      expect((await post(d)).status).toBe(202)
      expect(dispatchesOf(d.id)).toHaveLength(1)
    })

    it('connection reset: retried, then 202', async () => {
      fault(1, { kind: 'reset' })
      const d = await delivery()
      const { status, line } = await post(d)
      expect([status, line.attempts]).toEqual([202, 2])
    })

    it('no answer: each attempt times out, 502 within DISPATCH_DEADLINE_MS', async () => {
      // A relay of its own with a short deadline: the suite's keeps the default, which GitHub's
      // answers reach in time even on a busy machine (a short one turned slow answers into
      // timeouts and retries). Here nothing answers, so the deadline decides alone.
      const short = await startRelay(runtime, {
        WEBHOOK_SECRET: SECRET,
        DISPATCH_TOKEN: TOKEN,
        GITHUB_API_URL: sandbox.githubService.url,
        DISPATCH_DEADLINE_MS: '1500'
      })
      try {
        fault(2, { kind: 'hang' })
        const d = await delivery()
        const started = performance.now()
        const { status, line } = await post(d, short)
        const took = performance.now() - started
        // Two attempts: the first had only part of the deadline.
        expect([status, line.github, line.attempts]).toEqual([502, 'timeout', 2])
        expect(took).toBeGreaterThan(1400)
        // The setting, not the default deadline (9 s), with room for a busy machine.
        expect(took).toBeLessThan(6_000)
        for (const secret of sentSecrets) expect(short.logs.join('\n').includes(secret)).toBe(false)
      } finally {
        await short.close()
      }
    })

    it('a redirect is not followed: the token stays with GitHub', async () => {
      const elsewhere = sandbox.providers.vastai.service
      fault(1, {
        kind: 'reply',
        reply: { status: 307, headers: { location: `${elsewhere.url}/dispatches` } }
      })
      const before = elsewhere.requests.length
      const d = await delivery()
      const { status, line } = await post(d)
      expect([status, line.github]).toEqual([502, 307])
      expect(elsewhere.requests.length).toBe(before)
    })

    it('an answer lost after GitHub acted: retried, so dispatched twice (the workflow handles that)', async () => {
      fault(1, { kind: 'act-then-reset' })
      const d = await delivery()
      expect((await post(d)).status).toBe(202)
      expect(dispatchesOf(d.id)).toHaveLength(2)
    })
  })

  describe('as a GitHub App', () => {
    let app: RunningRelay
    let central: RunningRelay
    beforeAll(async () => {
      const base = { WEBHOOK_SECRET: SECRET, APP_ID, GITHUB_API_URL: sandbox.githubService.url }
      ;[app, central] = await Promise.all([
        startRelay(runtime, { ...base, APP_PRIVATE_KEY: keyPair.privateKey }),
        startRelay(runtime, {
          ...base,
          APP_PRIVATE_KEY: PKCS8_ESCAPED,
          TARGET_REPOSITORY: 'sec-team/central'
        })
      ])
      sentSecrets.add(keyPair.privateKey.split('\n')[1]!)
    })
    afterAll(async () => {
      try {
        const printed = [...app.logs, ...central.logs].join('\n')
        for (const secret of [...sentSecrets, ...sandbox.github.state.installationTokens])
          expect(printed.includes(secret)).toBe(false)
        // The JWTs too.
        for (const r of sandbox.githubService.requests)
          expect(printed.includes(r.headers.authorization ?? '\u0000')).toBe(false)
      } finally {
        await Promise.all([app.close(), central.close()])
      }
    })
    const calls = (from: number) =>
      sandbox.githubService.requests.slice(from).map((r) => `${r.method} ${r.path}`)

    it("mints a token for the alert's repository with the webhook's installation, and reuses it", async () => {
      const start = sandbox.githubService.requests.length
      const d = await delivery({ repository: 'acme/other', installation: 77 })
      expect((await post(d, app)).status).toBe(202)
      expect(calls(start)).toEqual([
        'POST /app/installations/77/access_tokens',
        'POST /repos/acme/other/dispatches'
      ])
      const mint = sandbox.githubService.requests[start]!
      expect(JSON.parse(mint.body)).toEqual({
        repositories: ['other'],
        permissions: { contents: 'write' }
      })
      expect(mint.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/)
      const minted = sandbox.github.state.installationTokens.at(-1)
      expect(sandbox.githubService.requests[start + 1]!.headers.authorization).toBe(
        `Bearer ${minted}`
      )

      const next = sandbox.githubService.requests.length
      const again = await delivery({ repository: 'acme/other', installation: 77 })
      expect((await post(again, app)).status).toBe(202)
      expect(calls(next)).toEqual(['POST /repos/acme/other/dispatches'])
    })

    it('finds the installation when the webhook names none (an organization webhook)', async () => {
      const start = sandbox.githubService.requests.length
      const d = await delivery({ repository: 'acme/lib' })
      expect((await post(d, app)).status).toBe(202)
      expect(calls(start)).toEqual([
        'GET /repos/acme/lib/installation',
        'POST /app/installations/77/access_tokens',
        'POST /repos/acme/lib/dispatches'
      ])
    })

    it('a token GitHub refuses (401) is dropped, and a new one made for the next delivery', async () => {
      sandbox.githubService.inject({
        method: 'POST',
        path: /\/repos\/acme\/other\/dispatches$/,
        times: 1,
        fault: { kind: 'reply', reply: { status: 401, json: { message: 'Bad credentials' } } }
      })
      const refused = await delivery({ repository: 'acme/other', installation: 77 })
      expect((await post(refused, app)).line).toMatchObject({ status: 502, github: 401 })
      const start = sandbox.githubService.requests.length
      const next = await delivery({ repository: 'acme/other', installation: 77 })
      expect((await post(next, app)).status).toBe(202)
      expect(calls(start)).toEqual([
        'POST /app/installations/77/access_tokens',
        'POST /repos/acme/other/dispatches'
      ])
    })

    it('not installed on the account: 502, nothing dispatched', async () => {
      const d = await delivery({ repository: 'nobody/app' })
      const { status, line } = await post(d, app)
      expect([status, line.github]).toEqual([502, 404])
      expect(dispatchesOf(d.id)).toHaveLength(0)
    })

    it("TARGET_REPOSITORY in another account: that account's installation, one central workflow", async () => {
      const start = sandbox.githubService.requests.length
      const d = await delivery({ repository: 'acme/app', installation: 77 })
      const { status, line } = await post(d, central)
      expect([status, line.target]).toEqual([202, 'sec-team/central'])
      expect(calls(start)).toEqual([
        'GET /repos/sec-team/central/installation',
        'POST /app/installations/88/access_tokens',
        'POST /repos/sec-team/central/dispatches'
      ])
      expect(dispatchesOf(d.id)[0]!.clientPayload.repository).toEqual({ full_name: 'acme/app' })
    })
  })

  it("every dispatch so far is one the action reads (src/github/relayed-alert.ts's relayedAlert)", () => {
    const dispatches = sandbox.github.state.dispatches
    expect(dispatches.length).toBeGreaterThan(10)
    for (const dispatch of dispatches) {
      const payload = dispatch.clientPayload as {
        alert: { number: number }
        repository: { full_name: string }
      }
      expect(dispatch.eventType).toBe('secret_scanning_alert')
      expect(
        relayedAlert('repository_dispatch', repositoryDispatchEvent(dispatch), 'sec-team/central')
      ).toEqual({ repository: payload.repository.full_name, number: payload.alert.number })
    }
  })

  describe('misconfigured: 500 naming the setting in the log, nothing sent to GitHub', () => {
    let bad: RunningRelay
    beforeAll(async () => {
      bad = await startRelay(runtime, {})
    })
    afterAll(async () => {
      await bad.close()
    })
    const api = () => sandbox.githubService.url
    it.each([
      ['WEBHOOK_SECRET is not set', {}],
      ['WEBHOOK_SECRET is only white space', { WEBHOOK_SECRET: ' \n', DISPATCH_TOKEN: TOKEN }],
      ['set DISPATCH_TOKEN, or APP_ID and APP_PRIVATE_KEY', { WEBHOOK_SECRET: SECRET }],
      [
        'set DISPATCH_TOKEN or APP_ID and APP_PRIVATE_KEY, not both',
        { WEBHOOK_SECRET: SECRET, DISPATCH_TOKEN: TOKEN, APP_ID }
      ],
      ['APP_ID is set but APP_PRIVATE_KEY is not', { WEBHOOK_SECRET: SECRET, APP_ID }],
      [
        'TARGET_REPOSITORY is not owner/name',
        { WEBHOOK_SECRET: SECRET, DISPATCH_TOKEN: TOKEN, TARGET_REPOSITORY: 'central' }
      ],
      [
        'GITHUB_API_URL must use https',
        { WEBHOOK_SECRET: SECRET, DISPATCH_TOKEN: TOKEN, GITHUB_API_URL: 'http://github.example' }
      ],
      [
        'DISPATCH_DEADLINE_MS is not a number',
        { WEBHOOK_SECRET: SECRET, DISPATCH_TOKEN: TOKEN, DISPATCH_DEADLINE_MS: 'soon' }
      ],
      [
        'APP_PRIVATE_KEY is not an RSA private key in PEM',
        { WEBHOOK_SECRET: SECRET, APP_ID, APP_PRIVATE_KEY: 'not a key', GITHUB_API_URL: 'API' }
      ]
    ] as Array<[string, Record<string, string>]>)('%s', async (problem, settings) => {
      const withApi = Object.fromEntries(
        Object.entries(settings).map(([k, v]) => [k, v === 'API' ? api() : v])
      )
      await bad.reconfigure(withApi)
      const before = sandbox.githubService.requests.length
      const d = await delivery()
      const { status, line } = await post(d, bad)
      expect([status, line.outcome]).toEqual([500, 'misconfigured'])
      expect(line.problem).toContain(problem)
      expect(sandbox.githubService.requests.length).toBe(before)
      for (const secret of sentSecrets) expect(bad.logs.join('\n').includes(secret)).toBe(false)
    })
  })
})

describe('actions', () => {
  it('every secret_scanning_alert action is covered above', () => {
    expect([...SECRET_SCANNING_ACTIONS].sort()).toEqual(
      [
        'assigned',
        'created',
        'publicly_leaked',
        'reopened',
        'resolved',
        'unassigned',
        'validated'
      ].sort()
    )
  })
})

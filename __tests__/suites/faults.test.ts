import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { NodeConnections } from '../../src/http/connections.js'
import { AlertsAccessError, collectAlerts } from '../../src/github/read/alerts.js'
import { GitHubApiError } from '../../src/github/api-error.js'
import { gitHubApi } from '../../src/github/octokit.js'
import { TransportError } from '../../src/http/client.js'
import { Deadline } from '../../src/http/deadline.js'
import { PROVIDERS, loadProviders } from '../../src/providers/registry.js'
import { PROVIDER_IDS, type Provider, type ProviderId } from '../../src/providers/types.js'
import { Redactor } from '../../src/secrets.js'
import { Sandbox } from '../../sandbox/index.js'
import { FakeService, type Fault } from '../../sandbox/service.js'
import { deleteOperationOf } from '../helpers/contracts.js'
import { FAST_HTTP, UNANSWERED_HTTP, revokeAt } from '../helpers/harness.js'

import { FAULTS } from '../helpers/faults.js'

const ALL = await loadProviders()

// Fault handling is under test here, not Vast.ai's 2 s pacing: shorten it.
const adapters = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, { ...ALL[id], limits: { concurrency: 2 } } satisfies Provider])
) as Record<ProviderId, Provider>

let sandbox: Sandbox
let elsewhere: FakeService
const rejections: unknown[] = []
const onRejection = (reason: unknown) => rejections.push(reason)

beforeAll(async () => {
  process.on('unhandledRejection', onRejection)
  sandbox = await Sandbox.start()
  elsewhere = new FakeService('elsewhere', () => ({ status: 200, json: { stolen: true } }))
  await elsewhere.start()
})
afterAll(async () => {
  await Promise.all([sandbox.close(), elsewhere.close()])
  process.off('unhandledRejection', onRejection)
  expect(rejections).toEqual([])
})

/** A fault that ends only when the client stops waiting: its outcome is the attempt timeout. */
const unanswered = (fault: Fault) => fault.kind === 'hang' || fault.kind === 'endless-body'

/**
 * Played once, such a fault must outlast the first attempt's limit while every other request of
 * the run (the retry, the probes) answers within it: the limit is long enough for a loopback
 * answer on a busy machine, and costs its length only once.
 */
const ONCE_UNANSWERED_HTTP = { ...FAST_HTTP, requestTimeoutMs: 2_000 }

function withLocation(fault: Fault): Fault {
  if (fault.kind === 'reply' && fault.reply.status === 307)
    return {
      kind: 'reply',
      reply: { ...fault.reply, headers: { location: `${elsewhere.url}/steal` } }
    }
  return fault
}

describe.each(PROVIDER_IDS)('%s under faults on the delete', (id) => {
  const del = deleteOperationOf(id)
  // By id and value, or by value alone where the provider has no ids (GitHub's tokens).
  const asked = (key: { id: string; value: string }) =>
    PROVIDERS[id].checkId(key.id) === undefined
      ? { id: key.id, value: key.value }
      : { value: key.value }
  const setup = () => {
    const { store } = sandbox.providers[id]
    const key = store.addKey()
    const token = store.addToken()
    return { key, token }
  }

  it.each(FAULTS)('lasting $name: the right failure, nothing lost, nothing leaked', async (c) => {
    const { key, token } = setup()
    sandbox.resetRequests()
    elsewhere.reset()
    sandbox.providers[id].service.inject({
      method: del.method,
      path: del.path,
      body: del.body,
      times: 99,
      fault: withLocation(c.fault)
    })
    const deadline = 6_000
    const started = Date.now()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: id, ...asked(key) }],
      tokens: { [id]: token },
      engine: {
        providers: adapters,
        deadline: new Deadline(deadline),
        // Every delete attempt of a fault that never answers runs out of time, whatever the
        // limit; the other requests (a probe before the delete) may too without changing the
        // outcome. Faults that answer get a limit their answer always beats.
        http: unanswered(c.fault) ? UNANSWERED_HTTP : FAST_HTTP
      }
    })
    expect(Date.now() - started).toBeLessThan(deadline + 1_000)
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: c.lasting.reason,
      attempts: c.lasting.attempts
    })
    expect(key.deletedAt).toBeUndefined()
    expect(elsewhere.requests).toHaveLength(0)
    const said = JSON.stringify(results)
    expect(said).not.toContain(key.value)
    expect(said).not.toContain(token)
    expect(said).not.toMatch(/<script|<html/i)
    expect(sandbox.violations()).toEqual([])
  })

  it.each(FAULTS.filter((c) => c.recovers))(
    'once $name: retried into a verified revocation, deleted once',
    async (c) => {
      const { key, token } = setup()
      sandbox.resetRequests()
      sandbox.providers[id].service.inject({
        method: del.method,
        path: del.path,
        body: del.body,
        times: 1,
        fault: c.fault
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: id, ...asked(key) }],
        tokens: { [id]: token },
        engine: {
          providers: adapters,
          http: unanswered(c.fault) ? ONCE_UNANSWERED_HTTP : FAST_HTTP
        }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, attempts: 2 })
      expect(key.deletedAt).toBeDefined()
    }
  )

  it('an answer lost after the delete happened: the retry is safe and reported as such', async () => {
    const { key, token } = setup()
    sandbox.resetRequests()
    sandbox.providers[id].service.inject({
      method: del.method,
      path: del.path,
      body: del.body,
      times: 1,
      fault: { kind: 'act-then-reset' }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: id, ...asked(key) }],
      tokens: { [id]: token },
      engine: { providers: adapters }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, attempts: 2 })
    // The retry finds the key gone, or (a revocation that answers the same either way) is
    // accepted again: both say the repeat was safe.
    expect(results[0]?.message).toMatch(/repeating a delete is safe|repeating it was safe/)
    expect(
      sandbox.providers[id].service.requests.filter(
        (r) =>
          r.method === del.method && del.path.test(r.path) && (!del.body || del.body.test(r.body))
      )
    ).toHaveLength(2)
  })
})

describe("the GitHub client (Octokit on the action's HTTP layer) under faults", () => {
  const redactor = new Redactor()
  const TOKEN = 'github_pat_faultsTokenForTheSandbox00000000'
  redactor.add(TOKEN)
  const agent = new NodeConnections()
  afterAll(() => agent.close())
  const client = (policy = FAST_HTTP) =>
    gitHubApi(new URL(sandbox.githubService.url), TOKEN, redactor, {
      connections: agent,
      deadline: new Deadline(6_000),
      policy
    })

  it.each(FAULTS)(
    '$name on the alert list ends in a defined error, never a hang or a leak',
    async (c) => {
      sandbox.github.state.tokens.set(TOKEN, { alerts: true })
      sandbox.resetRequests()
      elsewhere.reset()
      sandbox.githubService.inject({ method: 'GET', times: 99, fault: withLocation(c.fault) })
      const error = await collectAlerts(
        client(unanswered(c.fault) ? UNANSWERED_HTTP : FAST_HTTP),
        { kind: 'sweep', scope: 'repo', repository: 'acme/faults' },
        redactor
      ).then(
        () => undefined,
        (e: unknown) => e
      )
      // A 200 with a list-incompatible body, or any other failure, is an error: never "no alerts".
      expect(
        error instanceof TransportError ||
          error instanceof GitHubApiError ||
          error instanceof AlertsAccessError
      ).toBe(true)
      expect(String((error as Error).message)).not.toContain(TOKEN)
      expect(elsewhere.requests).toHaveLength(0)
    }
  )

  it('never repeats a POST after an ambiguous failure', async () => {
    sandbox.github.state.tokens.set(TOKEN, { alerts: false })
    sandbox.resetRequests()
    sandbox.githubService.inject({ method: 'POST', times: 1, fault: { kind: 'act-then-reset' } })
    await expect(
      client().request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: 'acme',
        repo: 'faults',
        issue_number: 1,
        body: 'x'
      })
    ).rejects.toBeInstanceOf(TransportError)
    expect(sandbox.githubService.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('does not follow a Link header to another origin', async () => {
    sandbox.github.state.tokens.set(TOKEN, { alerts: true })
    sandbox.resetRequests()
    elsewhere.reset()
    sandbox.githubService.inject({
      method: 'GET',
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: [],
          headers: {
            link: `<${elsewhere.url}/repos/acme/faults/secret-scanning/alerts?page=2>; rel="next"`
          }
        }
      }
    })
    const { alerts } = await collectAlerts(
      client(),
      { kind: 'sweep', scope: 'repo', repository: 'acme/faults' },
      redactor
    )
    expect(alerts).toEqual([])
    expect(elsewhere.requests).toHaveLength(0)
  })
})

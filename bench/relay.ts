// Scenario 6: time to revocation through the relay (relay/), on the sandbox.
// - 6a, relay overhead: a signed webhook posted to the relay until the sandbox's GitHub has the
//   dispatch, against the same dispatch posted straight to GitHub, for the Node server and the
//   Worker in workerd. No latency, no rate limit: what is measured is the relay.
// - 6b, webhook to dead key: the webhook posted to the relay; when the dispatch arrives, the
//   bench plays the runner and starts dist/index.js with the repository_dispatch event; until
//   the provider has deleted the key. Against the action's own run for such an alert, started
//   directly, plus the one round trip the relay adds (its dispatch).
import { randomUUID } from 'node:crypto'
import { repositoryDispatchEvent, type FakeDispatch } from '../sandbox/github.js'
import { Sandbox } from '../sandbox/index.js'
import { startRelay, type RunningRelay, type Runtime } from '../sandbox/relay.js'
import { deliveryHeaders, secretScanningBody } from '../sandbox/webhooks.js'
import type { Bench } from './scenarios.js'
import { ACTION, runNode } from './spawn.js'
import { median } from './stats.js'

const SECRET = 'whsec_benchRelaySecret_0123456789'
const DISPATCH_TOKEN = 'github_pat_benchRelayDispatch_000000000'

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export interface Latencies {
  samples: number[]
  p50: number
  p95: number
}
const summary = (samples: number[]): Latencies => ({
  samples: samples.map((s) => Math.round(s * 100) / 100),
  p50: percentile(samples, 50),
  p95: percentile(samples, 95)
})

export interface OverheadResult {
  direct: Latencies
  relays: Record<Runtime, Latencies>
  problems: string[]
}

/** Resolves when the sandbox's GitHub has the dispatch of `delivery`. */
function arrival(sandbox: Sandbox, delivery: string): Promise<FakeDispatch> {
  return new Promise((resolve) => {
    const previous = sandbox.github.state.onDispatch
    sandbox.github.state.onDispatch = (d) => {
      previous?.(d)
      if (d.clientPayload.delivery === delivery) {
        sandbox.github.state.onDispatch = previous
        resolve(d)
      }
    }
  })
}

async function signedDelivery(repository: string, number: number) {
  const body = secretScanningBody({ action: 'created', repository, number })
  return { body, headers: await deliveryHeaders(body, SECRET) }
}

/** Scenario 6a: `samples` deliveries each way, one at a time, after 10 untimed ones. */
export async function relayOverhead(samples: number): Promise<OverheadResult> {
  const sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(DISPATCH_TOKEN, { alerts: false, contents: ['acme/app'] })
  const settings = {
    WEBHOOK_SECRET: SECRET,
    DISPATCH_TOKEN,
    GITHUB_API_URL: sandbox.githubService.url
  }
  const problems: string[] = []
  const relays: Partial<Record<Runtime, Latencies>> = {}
  try {
    // The straight dispatch: the least a sender can do.
    const direct: number[] = []
    for (let i = -10; i < samples; i++) {
      const delivery = randomUUID()
      const arrived = arrival(sandbox, delivery)
      const started = performance.now()
      const response = await fetch(`${sandbox.githubService.url}/repos/acme/app/dispatches`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DISPATCH_TOKEN}`,
          accept: 'application/vnd.github+json',
          'content-type': 'application/json'
        },
        body: JSON.stringify({
          event_type: 'secret_scanning_alert',
          client_payload: { alert: { number: 1 }, repository: { full_name: 'acme/app' }, delivery }
        })
      })
      await response.arrayBuffer()
      const { receivedAt } = await arrived
      if (i >= 0) direct.push(receivedAt - started)
    }
    for (const runtime of ['node', 'workerd'] as const) {
      const relay = await startRelay(runtime, settings, { kv: true })
      const times: number[] = []
      try {
        for (let i = -10; i < samples; i++) {
          const { body, headers } = await signedDelivery('acme/app', 1000 + i)
          const arrived = arrival(sandbox, headers['x-github-delivery']!)
          const started = performance.now()
          const response = await fetch(relay.url, { method: 'POST', headers, body })
          await response.arrayBuffer()
          if (response.status !== 202) {
            problems.push(`${runtime}: the relay answered ${response.status}`)
            continue
          }
          const { receivedAt } = await arrived
          if (i >= 0) times.push(receivedAt - started)
        }
      } finally {
        await relay.close()
      }
      relays[runtime] = summary(times)
    }
    problems.push(...sandbox.violations())
    return { direct: summary(direct), relays: relays as Record<Runtime, Latencies>, problems }
  } finally {
    await sandbox.close()
  }
}

export interface DeadKeyResult {
  /** Webhook posted -> key deleted at the provider, per relay runtime. */
  throughRelay: Record<Runtime, number[]>
  /** The action's own run for one alert: spawn -> key deleted. */
  actionAlone: number[]
  /** Webhook posted -> the action's run ended (alert resolved). */
  toResolved: Record<Runtime, number[]>
  medians: { throughRelay: Record<Runtime, number>; actionAlone: number }
  roundTripMs: number
  problems: string[]
}

/**
 * Scenario 6b, on the bench's sandbox (its latency and GitHub's rate limits on): a Baseten key
 * leaked in an alert, revoked by value and verified, the alert resolved.
 */
export async function webhookToDeadKey(
  bench: Bench,
  runs: number,
  latency: number
): Promise<DeadKeyResult> {
  bench.setLatency(latency)
  const { sandbox } = bench
  sandbox.github.state.tokens.set(DISPATCH_TOKEN, { alerts: false, contents: ['acme/relayed'] })
  const problems: string[] = []
  const { store } = sandbox.providers.baseten
  const newAlert = () => {
    const key = store.addKey()
    const alert = sandbox.github.addAlert('acme/relayed', key.value, 'Baseten API key')
    return { key, alert }
  }
  const deadAt = (key: { deletedAt?: number }, what: string) => {
    if (key.deletedAt === undefined) problems.push(`${what}: the key is still alive`)
    return key.deletedAt ?? Number.NaN
  }
  // One run through a relay: webhook in, dispatch out, the runner starts the action.
  const viaRelay = async (relay: RunningRelay) => {
    const { key, alert } = newAlert()
    const { body, headers } = await signedDelivery('acme/relayed', alert.number)
    const arrived = arrival(sandbox, headers['x-github-delivery']!)
    const started = Date.now()
    const response = await fetch(relay.url, { method: 'POST', headers, body })
    await response.arrayBuffer()
    if (response.status !== 202) problems.push(`relay answered ${response.status}`)
    const dispatch = await arrived
    const run = await runWith(repositoryDispatchEvent(dispatch))
    checkRun(run, alert)
    return { dead: deadAt(key, 'through the relay') - started, ended: Date.now() - started }
  }
  const alone = async () => {
    const { key, alert } = newAlert()
    const event = repositoryDispatchEvent({
      repository: 'acme/relayed',
      eventType: 'secret_scanning_alert',
      clientPayload: { alert: { number: alert.number }, repository: { full_name: 'acme/relayed' } },
      receivedAt: 0
    })
    const started = Date.now()
    const run = await runWith(event)
    checkRun(run, alert)
    return deadAt(key, 'the action alone') - started
  }
  const runWith = (event: unknown) =>
    runNode({
      script: ACTION,
      inputs: { 'alerts-token': bench.alertsToken, ...bench.providerInputs('baseten') },
      env: {
        GITHUB_API_URL: sandbox.githubService.url,
        GITHUB_REPOSITORY: 'acme/relayed',
        GITHUB_EVENT_NAME: 'repository_dispatch'
      },
      event
    })
  const checkRun = (
    run: Awaited<ReturnType<typeof runNode>>,
    alert: { state: string; number: number }
  ) => {
    if (run.exitCode !== 0 || run.outputs.status !== 'revoked')
      problems.push(`alert ${alert.number}: exit ${run.exitCode}, status ${run.outputs.status}`)
    if (alert.state !== 'resolved') problems.push(`alert ${alert.number} left ${alert.state}`)
  }

  const relays = {
    node: await startRelay(
      'node',
      { WEBHOOK_SECRET: SECRET, DISPATCH_TOKEN, GITHUB_API_URL: sandbox.githubService.url },
      { kv: true }
    ),
    workerd: await startRelay(
      'workerd',
      { WEBHOOK_SECRET: SECRET, DISPATCH_TOKEN, GITHUB_API_URL: sandbox.githubService.url },
      { kv: true }
    )
  }
  const throughRelay: Record<Runtime, number[]> = { node: [], workerd: [] }
  const toResolved: Record<Runtime, number[]> = { node: [], workerd: [] }
  const actionAlone: number[] = []
  try {
    // One untimed run of each, then alternately, as the other one-key scenarios do.
    await viaRelay(relays.node)
    await viaRelay(relays.workerd)
    await alone()
    for (let i = 0; i < runs; i++) {
      for (const runtime of i % 2
        ? (['workerd', 'node'] as const)
        : (['node', 'workerd'] as const)) {
        const { dead, ended } = await viaRelay(relays[runtime])
        throughRelay[runtime].push(dead)
        toResolved[runtime].push(ended)
      }
      actionAlone.push(await alone())
    }
  } finally {
    await Promise.all([relays.node.close(), relays.workerd.close()])
  }
  return {
    throughRelay,
    actionAlone,
    toResolved,
    medians: {
      throughRelay: { node: median(throughRelay.node), workerd: median(throughRelay.workerd) },
      actionAlone: median(actionAlone)
    },
    roundTripMs: latency,
    problems
  }
}

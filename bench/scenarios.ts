// The benchmark's scenarios, each against the local sandbox with the providers' rate limits on.
import { PROVIDERS, apiUrlInput } from '../src/providers/registry.js'
import { credentialInput } from '../sandbox/run-action.js'
import { USER_AGENT } from '../src/http/user-agent.js'
import { RESOLUTIONS_PER_MINUTE } from '../src/github/rate-limits.js'
import { GITHUB } from '../src/report/size-limits.js'
import { Sandbox } from '../sandbox/index.js'
import { SANDBOXES } from '../sandbox/providers/index.js'
import { githubRateLimits } from '../sandbox/github.js'
import type { FakeKey } from '../sandbox/store.js'
import type { RateLimit } from '../sandbox/service.js'
import { ACTION, BASELINE, runNode, type Spawned } from './spawn.js'
import { median } from './stats.js'
import { GITHUB_CONCURRENCY } from '../src/github/rate-limits.js'
import { PROVIDER_IDS, type ProviderId } from '../src/providers/types.js'
import { ALERT_TYPES } from '../sandbox/secret-types.js'

/**
 * Each provider's keys in a scenario: the counts chosen for the providers the scenario was
 * designed with, and `others` for a provider added since (until someone picks its count).
 */
function mixOf(
  chosen: Partial<Record<ProviderId, number>>,
  others: number
): Record<ProviderId, number> {
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, chosen[id] ?? others])) as Record<
    ProviderId,
    number
  >
}

/**
 * The batch's and the sweep's keys per provider, each sized so its floor stays near 18 s:
 * Vast.ai's, Slack's, Fastly's and Vercel's spacing (2.0 s, 1.2 s, 3.6 s, 1.0 s a delete),
 * Buildkite's (1.2 s a call, three calls a key), npm's (one delete a second), Heroku's (three
 * calls a key, 800 ms apart), Cloudflare's (250 ms, published), SendGrid's and Twilio's (250 ms,
 * chosen: none is published; 70 keys each), AWS's (none published: 200 ms between IAM calls,
 * chosen, three IAM calls a key, 25 keys), Google Cloud's (four calls a key, 500 ms apart,
 * chosen: none is published; 9 keys); Hugging Face revokes 1,000 a request. The others share
 * the rest.
 */
export const MIX: Record<ProviderId, number> = mixOf(
  {
    vastai: 10,
    baseten: 110,
    quiva: 110,
    braintrust: 89,
    cometapi: 89,
    openai: 89,
    github: 100,
    gitlab: 89,
    slack: 15,
    anthropic: 89,
    fastly: 6,
    buildkite: 5,
    vercel: 18,
    npm: 15,
    heroku: 7,
    huggingface: 100,
    cloudflare: 70,
    sendgrid: 70,
    twilio: 70,
    aws: 25,
    google: 9
  },
  70
)

/** The providers' published spacing between calls that share a budget, in ms (their facts). */
export const DOCUMENTED_SPACING_MS = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, PROVIDERS[id].limits.publishedSpacingMs ?? 0])
) as Record<ProviderId, number>

const PAGE = 100

/**
 * Requests a run needs for `n` keys of a provider, by value, with verification. Each key is
 * seen alive before its delete (a key is verified dead only when the run saw it work first),
 * deleted, and probed after.
 */
export function neededRequests(id: ProviderId, n: number): number {
  return SANDBOXES[id].requests(n)
}

export interface LaneBound {
  provider: string
  keys: number
  /** Delete requests: one a key, or one a batch where the provider takes a list. */
  deletes: number
  requests: number
  concurrency: number
  /** latency x requests / concurrency */
  latencyMs: number
  /** (calls sharing a budget - 1) x the documented spacing */
  floorMs: number
  boundMs: number
}

export function laneBound(id: ProviderId, n: number, latency: number): LaneBound {
  const requests = neededRequests(id, n)
  // GitHub's tokens all join one revocation request (up to 1,000 at once), but GitHub allows at
  // most 100 requests in flight, which bounds their probes.
  const concurrency = Math.min(PROVIDERS[id].limits.concurrency, id === 'github' ? 100 : Infinity)
  const latencyMs = (latency * requests) / concurrency
  // A provider whose delete takes a list (Hugging Face) spends its budget once a batch.
  const batch = PROVIDERS[id].limits.batch ?? 1
  const deletes = Math.ceil(n / batch)
  const floorMs = Math.max(0, deletes - 1) * DOCUMENTED_SPACING_MS[id]
  return {
    provider: id,
    keys: n,
    deletes,
    requests,
    concurrency,
    latencyMs,
    floorMs,
    boundMs: Math.max(latencyMs, floorMs)
  }
}

/** A provider's published rate limits, played by its fake in this sandbox. */
function rateLimitsOf<Id extends ProviderId>(sandbox: Sandbox, id: Id) {
  const entry = SANDBOXES[id] as { rateLimits(fake: unknown): RateLimit[] }
  return entry.rateLimits(sandbox.fakes[id])
}

/** A sandbox with every published rate limit on, and one management token per provider. */
export class Bench {
  readonly tokens = {} as Record<ProviderId, string>
  readonly alertsToken = 'ghs_benchAlertsTokenForTheSandbox00000000'
  /** The workflow's token: it may comment, not read alerts. */
  readonly commentToken = 'ghs_benchWorkflowTokenForTheSandbox000000'

  private constructor(readonly sandbox: Sandbox) {
    const { providers } = sandbox
    // GitHub's token revocation answers on GitHub's own server (see Sandbox): its limits join
    // GitHub's there.
    for (const id of PROVIDER_IDS)
      if (id !== 'github') providers[id].service.rateLimits = rateLimitsOf(sandbox, id)
    const github = githubRateLimits({ points: true })
    sandbox.githubService.rateLimits = [...github.rateLimits, ...rateLimitsOf(sandbox, 'github')]
    sandbox.githubService.concurrencyLimit = github.concurrencyLimit
    sandbox.github.state.tokens.set(this.alertsToken, { alerts: true })
    sandbox.github.state.tokens.set(this.commentToken, { alerts: false })
    for (const id of PROVIDER_IDS) this.tokens[id] = providers[id].store.addToken()
  }

  static async start(): Promise<Bench> {
    return new Bench(await Sandbox.start())
  }

  /** Every fake answers after `ms`; recorded requests and rate-limit windows start afresh. */
  setLatency(ms: number): void {
    for (const id of PROVIDER_IDS) this.sandbox.providers[id].service.latencyMs = ms
    this.sandbox.githubService.latencyMs = ms
    this.sandbox.resetRequests()
  }

  /** Requests refused by a rate limit, per service, since the last `setLatency`. */
  refusals(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const id of PROVIDER_IDS)
      counts[id] = this.sandbox.providers[id].service.rateLimitStats.refused
    counts.github = this.sandbox.githubService.rateLimitStats.refused
    return counts
  }

  providerInputs(id: ProviderId): Record<string, string> {
    const provider = PROVIDERS[id]
    const token = credentialInput(provider)
    const url = apiUrlInput(provider)
    return {
      ...(token ? { [token]: this.tokens[id] } : {}),
      ...(url ? { [url]: this.sandbox.providers[id].service.url } : {})
    }
  }

  async close(): Promise<void> {
    await this.sandbox.close()
  }
}

export interface Timed {
  wallMs: number
  /** CPU time (user + system), where measured. */
  cpuMs?: number
  ok: boolean
  problem?: string
}

export interface PairResult {
  action: Timed[]
  baseline: Timed[]
  actionMedianMs: number
  baselineMedianMs: number
  ratio: number
  /** The same ratio in CPU time: it sways less than wall time with the machine's load. */
  cpuRatio?: number
  /** Requests the action sent for one key (scenario 2). */
  requestsPerKey?: number
}

/**
 * Runs `action` and `baseline` alternately, `runs` timed times each after one untimed warm-up
 * of each (so the OS file cache is as warm as on a runner that has just checked the action
 * out). Each run is a fresh process.
 */
async function pairs(
  runs: number,
  action: () => Promise<Timed>,
  baseline: () => Promise<Timed>
): Promise<
  Pick<
    PairResult,
    'action' | 'baseline' | 'actionMedianMs' | 'baselineMedianMs' | 'ratio' | 'cpuRatio'
  >
> {
  await action()
  await baseline()
  const a: Timed[] = []
  const b: Timed[] = []
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so drift in the machine's speed hits both alike.
    if (i % 2 === 0) {
      a.push(await action())
      b.push(await baseline())
    } else {
      b.push(await baseline())
      a.push(await action())
    }
  }
  const actionMedianMs = median(a.map((t) => t.wallMs))
  const baselineMedianMs = median(b.map((t) => t.wallMs))
  const cpu = (runs: Timed[]) => runs.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]))
  const [cpuA, cpuB] = [cpu(a), cpu(b)]
  return {
    action: a,
    baseline: b,
    actionMedianMs,
    baselineMedianMs,
    ratio: actionMedianMs / baselineMedianMs,
    ...(cpuA.length === a.length && cpuB.length === b.length && a.length > 0
      ? { cpuRatio: median(cpuA) / median(cpuB) }
      : {})
  }
}

function timed(run: Spawned, problem: string | undefined): Timed {
  const cpu = run.cpuMs === undefined ? {} : { cpuMs: run.cpuMs }
  return problem
    ? { wallMs: run.wallMs, ...cpu, ok: false, problem }
    : { wallMs: run.wallMs, ...cpu, ok: true }
}

function actionProblem(run: Spawned, expected: string): string | undefined {
  if (run.exitCode !== 0)
    return `exit ${run.exitCode}: ${run.stdout.slice(-300)}${run.stderr.slice(-300)}`
  if (run.outputs.status !== expected) return `status ${run.outputs.status}, expected ${expected}`
  return undefined
}

/**
 * Scenario 1: one Baseten key revoked by id with `verify: false` (one DELETE), against a
 * minimal script that sends the same DELETE with fetch and exits.
 */
export async function coldStart(bench: Bench, runs: number, latency: number): Promise<PairResult> {
  bench.setLatency(latency)
  const { store, service } = bench.sandbox.providers.baseten
  const token = bench.tokens.baseten
  const deleted = (key: FakeKey) =>
    key.deletedAt === undefined ? 'the key is still there' : undefined
  return pairs(
    runs,
    async () => {
      const key = store.addKey()
      const run = await runNode({
        script: ACTION,
        measureCpu: true,
        inputs: {
          provider: 'baseten',
          'key-id': key.id,
          'baseten-token': token,
          'baseten-api-url': service.url,
          verify: 'false'
        }
      })
      return timed(run, actionProblem(run, 'revoked') ?? deleted(key))
    },
    async () => {
      const key = store.addKey()
      const run = await runNode({
        script: BASELINE,
        measureCpu: true,
        env: {
          BENCH_REQUESTS: JSON.stringify([basetenDelete(service.url, key, token)])
        }
      })
      return timed(run, run.exitCode !== 0 ? `exit ${run.exitCode}: ${run.stderr}` : deleted(key))
    }
  )
}

/** The fetch-script step that deletes a Baseten key exactly as the action sends it. */
function basetenDelete(base: string, key: FakeKey, token: string) {
  return {
    method: 'DELETE',
    url: `${base}/v1/api_keys/${key.id}`,
    headers: {
      authorization: `Api-Key ${token}`,
      accept: 'application/json',
      'user-agent': USER_AGENT
    },
    expect: 200
  }
}

/**
 * Scenario 1c: one alert by number, cold start: the action GETs the alert, deletes its Baseten
 * key and resolves the alert, so it loads the Octokit chunk that a one-key run never reads.
 * Bound: a fetch script sending the same three requests one after another.
 */
export async function oneAlertColdStart(
  bench: Bench,
  runs: number,
  latency: number
): Promise<PairResult> {
  bench.setLatency(latency)
  const { store, service } = bench.sandbox.providers.baseten
  const token = bench.tokens.baseten
  const github = bench.sandbox.githubService.url
  const repository = 'bench/one-alert'
  const fresh = () => {
    const key = store.addKey()
    const alert = bench.sandbox.github.addAlert(repository, key.value, 'Baseten API key')
    return { key, alert }
  }
  const done = (key: FakeKey, alert: { state: string }) =>
    key.deletedAt === undefined
      ? 'the key is still there'
      : alert.state !== 'resolved'
        ? 'the alert is still open'
        : undefined
  return pairs(
    runs,
    async () => {
      const { key, alert } = fresh()
      const run = await runNode({
        script: ACTION,
        measureCpu: true,
        inputs: {
          'alert-number': String(alert.number),
          'alerts-token': bench.alertsToken,
          'baseten-token': token,
          'baseten-api-url': service.url,
          verify: 'false'
        },
        env: { GITHUB_API_URL: github, GITHUB_REPOSITORY: repository }
      })
      return timed(run, actionProblem(run, 'revoked') ?? done(key, alert))
    },
    async () => {
      const { key, alert } = fresh()
      const gh = {
        authorization: `Bearer ${bench.alertsToken}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': USER_AGENT
      }
      const path = `${github}/repos/${repository}/secret-scanning/alerts/${alert.number}`
      const run = await runNode({
        script: BASELINE,
        measureCpu: true,
        env: {
          BENCH_REQUESTS: JSON.stringify([
            { method: 'GET', url: path, headers: gh, expect: 200 },
            basetenDelete(service.url, key, token),
            {
              method: 'PATCH',
              url: path,
              headers: { ...gh, 'content-type': 'application/json' },
              body: JSON.stringify({ state: 'resolved', resolution: 'revoked' }),
              expect: 200
            }
          ])
        }
      })
      return timed(
        run,
        run.exitCode !== 0 ? `exit ${run.exitCode}: ${run.stderr}` : done(key, alert)
      )
    }
  )
}

/**
 * Scenario 2: one Vast.ai key by value, self-revoked, with resolution and verification (its
 * id from users/current, the delete, the probe), against a minimal fetch script sending the
 * same three requests one after another: process start plus the sum of the round trips.
 */
export async function fullPath(bench: Bench, runs: number, latency: number): Promise<PairResult> {
  bench.setLatency(latency)
  const { store, service } = bench.sandbox.providers.vastai
  let owner = 0
  // A fresh account per key: Vast.ai's 2 s delete threshold is per identity.
  const fresh = () => store.addKey({ owner: `solo-${++owner}` })
  const sentFor = (key: FakeKey) =>
    service.requests.filter(
      (r) => r.headers.authorization === `Bearer ${key.value}` && r.status !== 429
    ).length
  let requestsPerKey: number | undefined
  const result = await pairs(
    runs,
    async () => {
      const key = fresh()
      const run = await runNode({
        script: ACTION,
        measureCpu: true,
        inputs: { provider: 'vastai', key: key.value, 'vastai-api-url': service.url }
      })
      const [first] = JSON.parse(run.outputs.result ?? '[]') as Array<{
        outcome: string
        verified: boolean | null
      }>
      requestsPerKey = sentFor(key)
      const problem =
        actionProblem(run, 'revoked') ??
        (first?.outcome === 'revoked' && first.verified === true
          ? undefined
          : `result ${run.outputs.result}`)
      return timed(run, problem)
    },
    async () => {
      const key = fresh()
      const auth = {
        authorization: `Bearer ${key.value}`,
        accept: 'application/json',
        'user-agent': USER_AGENT
      }
      const run = await runNode({
        script: BASELINE,
        measureCpu: true,
        env: {
          BENCH_REQUESTS: JSON.stringify([
            {
              method: 'GET',
              url: `${service.url}/api/v0/users/current/`,
              headers: auth,
              expect: 200
            },
            {
              method: 'DELETE',
              url: `${service.url}/api/v0/auth/apikeys/${key.id}/`,
              headers: auth,
              expect: 200
            },
            {
              method: 'GET',
              url: `${service.url}/api/v0/users/current/`,
              headers: auth,
              expect: 401
            }
          ])
        }
      })
      return timed(run, run.exitCode !== 0 ? `exit ${run.exitCode}: ${run.stderr}` : undefined)
    }
  )
  return { ...result, ...(requestsPerKey === undefined ? {} : { requestsPerKey }) }
}

/** What a batch or sweep run did to the keys, from the sandbox's side and the action's. */
export interface Checks {
  keys: number
  results: number
  /** Keys still alive at the provider, or without a result. */
  lost: number
  /** Delete requests accepted beyond one per key. */
  revokedTwice: number
  /** Results that are not "revoked and verified dead". */
  notVerified: number
  /** Requests the sandbox refused with a rate limit, per service. */
  refused: Record<string, number>
  /** Results whose final answer was a 429 (or reason rate-limited). */
  finalRateLimited: number
  /** Alerts left open (sweep only). */
  alertsOpen?: number
  /** Requests the sandbox answered, per service (refusals excluded). */
  requests: Record<string, number>
  /** TCP connections opened to each service: keep-alive holds them to the concurrency. */
  connections: Record<string, number>
}

interface ResultEntry {
  provider: string | null
  outcome: string
  verified: boolean | null
  httpStatus: number | null
  reason?: string
}

function check(bench: Bench, keys: Record<ProviderId, FakeKey[]>, results: ResultEntry[]): Checks {
  const all = PROVIDER_IDS.flatMap((id) => keys[id])
  const alive = all.filter((k) => k.deletedAt === undefined).length
  let deletes = 0
  const requests: Record<string, number> = {}
  const connections: Record<string, number> = {}
  for (const id of PROVIDER_IDS) {
    const { service } = bench.sandbox.providers[id]
    const answered = service.requests.filter((r) => r.status !== 429)
    requests[id] = answered.length
    connections[id] = service.connections
    deletes += answered.filter((r) => r.method === 'DELETE').length
  }
  requests.github = bench.sandbox.githubService.requests.filter((r) => r.status !== 429).length
  connections.github = bench.sandbox.githubService.connections
  return {
    keys: all.length,
    results: results.length,
    lost: alive + Math.max(0, all.length - results.length),
    revokedTwice: Math.max(0, deletes - all.length),
    notVerified: results.filter((r) => r.outcome !== 'revoked' || r.verified !== true).length,
    refused: bench.refusals(),
    finalRateLimited: results.filter((r) => r.httpStatus === 429 || r.reason === 'rate-limited')
      .length,
    requests,
    connections
  }
}

function addKeys(
  bench: Bench,
  mix: Record<ProviderId, number> = MIX
): Record<ProviderId, FakeKey[]> {
  const keys = {} as Record<ProviderId, FakeKey[]>
  for (const id of PROVIDER_IDS) {
    const { store } = bench.sandbox.providers[id]
    keys[id] = []
    // Braintrust's list shows a key as `sk-****` and its last 4 characters, and the action
    // rightly refuses to guess between two keys that look alike: among 2,000 random keys two
    // end alike about one run in eight, so a key that would is made again.
    const endings = new Set(
      store.keys.filter((k) => k.deletedAt === undefined).map((k) => k.value.slice(-4))
    )
    while (keys[id].length < mix[id]) {
      const key = store.addKey()
      if (id === 'braintrust' && endings.has(key.value.slice(-4))) {
        store.keys.splice(store.keys.indexOf(key), 1)
        continue
      }
      endings.add(key.value.slice(-4))
      keys[id].push(key)
    }
  }
  return keys
}

export interface BatchRun {
  wallMs: number
  /** Each provider's process: its own wall time and peak RSS. */
  processes: Record<
    string,
    { wallMs: number; peakRssMb?: number; cpuMs?: number; exitCode: number | null }
  >
  peakRssMb?: number
  /** CPU time of this process (the sandbox playing the providers), for context. */
  sandboxCpuMs: number
  checks: Checks
  problems: string[]
}

const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start)
  return Math.round((used.user + used.system) / 1000)
}

/**
 * Scenario 3: 1,000 keys across the five providers, by value with verification, one action
 * process per provider started together (as a workflow matrix runs them; one run of the
 * action takes keys of one provider).
 */
export async function batch(bench: Bench, latency: number): Promise<BatchRun> {
  bench.setLatency(latency)
  const keys = addKeys(bench)
  const cpu = process.cpuUsage()
  const started = performance.now()
  const runs = await Promise.all(
    PROVIDER_IDS.map(async (id) => {
      const run = await runNode({
        script: ACTION,
        measureRss: true,
        // GitHub's token revocation is on the runner's GitHub API.
        env: { GITHUB_API_URL: bench.sandbox.githubService.url },
        inputs: {
          provider: id,
          key: keys[id].map((k) => k.value).join('\n'),
          ...bench.providerInputs(id)
        }
      })
      return [id, run] as const
    })
  )
  const wallMs = performance.now() - started
  const sandboxCpuMs = cpuSince(cpu)
  const results: ResultEntry[] = []
  const problems: string[] = []
  const processes: BatchRun['processes'] = {}
  for (const [id, run] of runs) {
    processes[id] = {
      wallMs: run.wallMs,
      exitCode: run.exitCode,
      ...(run.peakRssMb === undefined ? {} : { peakRssMb: run.peakRssMb }),
      ...(run.cpuMs === undefined ? {} : { cpuMs: run.cpuMs })
    }
    const problem = actionProblem(run, 'revoked')
    if (problem) problems.push(`${id}: ${problem}`)
    results.push(...(JSON.parse(run.outputs.result ?? '[]') as ResultEntry[]))
  }
  const rss = runs.map(([, r]) => r.peakRssMb).filter((v): v is number => v !== undefined)
  return {
    wallMs,
    processes,
    ...(rss.length ? { peakRssMb: Math.max(...rss) } : {}),
    sandboxCpuMs,
    checks: check(bench, keys, results),
    problems
  }
}

/** How each provider's secrets appear in the sweep's alerts. */
export const SECRET_TYPES = ALERT_TYPES

export const SWEEP_REPOS = 20

/**
 * Scenario 7's keys per provider: 10,000 alerts, with a real share of Anthropic's and OpenAI's
 * (matched against listed partial forms). Vast.ai (37 deletes 2 s apart), Slack (62 revokes 1.2 s
 * apart), Fastly (20 revokes 3.6 s apart), Buildkite (63 calls 1.2 s apart), Vercel (74 revokes
 * 1.0 s apart), npm (75, 1 s apart), Heroku (31 keys, three calls 800 ms apart) and Cloudflare,
 * SendGrid and Twilio (300 keys, 250 ms a call), Google Cloud (37 keys, four calls 500 ms apart)
 * set a floor near 75 s; the others (3 requests a
 * key x latency / concurrency) finish before it, so their published limits bind.
 */
export const MIX_10K: Record<ProviderId, number> = mixOf(
  {
    vastai: 38,
    baseten: 1000,
    quiva: 855,
    braintrust: 855,
    cometapi: 855,
    openai: 1000,
    github: 856,
    gitlab: 855,
    slack: 63,
    anthropic: 1500,
    // Floors near 75 s, as Vast.ai's and Slack's.
    fastly: 21,
    buildkite: 21,
    vercel: 75,
    npm: 75,
    heroku: 31,
    huggingface: 1000,
    cloudflare: 300,
    sendgrid: 300,
    twilio: 300,
    // Three IAM calls a key at 200 ms (none published): a floor near 75 s.
    aws: 125,
    google: 37
  },
  1000
)

/** GitHub's limits on what the action writes, as GitHub measures them (the action's own). */
export const GITHUB_LIMITS = GITHUB

/** How big each thing the action wrote was, measured as GitHub measures it. */
export interface Sizes {
  summaryBytes: number
  commentChars?: number
  /** The `result` output, UTF-16 bytes. */
  resultUtf16Bytes: number
  /** Every output of the step, names included, UTF-16 bytes. */
  outputsUtf16Bytes: number
  /** Entries in `result`, and whether it says it was cut. */
  resultEntries: number
  resultTruncated: boolean
  reportFileBytes?: number
  reportFileLines?: number
}

export interface SweepRun {
  wallMs: number
  /** Spawn to the moment the last key was deleted at its provider (sandbox clock). */
  deadMs?: number
  /** The same, per provider. */
  deadMsByProvider?: Record<string, number>
  peakRssMb?: number
  cpuMs?: number
  sandboxCpuMs: number
  sizes?: Sizes
  checks: Checks
  problems: string[]
}

export interface SweepOptions {
  /** Keys (one alert each) per provider; default MIX (1,000). */
  mix?: Record<ProviderId, number>
  /** The `resolve-alerts` input; default true. */
  resolve?: boolean
  /** Post the report as an issue comment too, and measure it. */
  comment?: boolean
  /** Options for node (a heap profile, a memory probe), and environment for them. */
  nodeOptions?: string[]
  nodeEnv?: Record<string, string>
  /** The organization swept (default acme); a fresh one keeps earlier runs' open alerts out. */
  org?: string
  /** The `timeout-seconds` input (default the action's 600 s). */
  timeoutSeconds?: number
}

/** Entries of a `result` output; one that was cut ends with `{truncated: true, …}`. */
function resultEntries(text: string | undefined): { entries: ResultEntry[]; truncated: boolean } {
  const parsed = JSON.parse(text ?? '[]') as Array<ResultEntry | { truncated?: boolean }>
  const last = parsed.at(-1)
  const truncated = last !== undefined && 'truncated' in last && last.truncated === true
  return { entries: (truncated ? parsed.slice(0, -1) : parsed) as ResultEntry[], truncated }
}

const utf16Bytes = (text: string) => text.length * 2

/**
 * Scenarios 4 and 6: open alerts in an organization (pages of 100), one secret each, swept
 * by one action run: read, revoked, verified and (unless `resolve` is off) resolved.
 */
export async function sweep(
  bench: Bench,
  latency: number,
  options: SweepOptions = {}
): Promise<SweepRun> {
  const mix = options.mix ?? MIX
  const resolve = options.resolve ?? true
  const org = options.org ?? 'acme'
  bench.setLatency(latency)
  const keys = addKeys(bench, mix)
  const { github } = bench.sandbox
  let i = 0
  // Interleaved, so every page holds keys of every provider.
  const order = PROVIDER_IDS.flatMap((id) => keys[id].map((key) => ({ id, key })))
  order.sort((a, b) => (a.key.value < b.key.value ? -1 : 1))
  for (const { id, key } of order)
    github.addAlert(
      `${org}/repo-${String(i++ % SWEEP_REPOS).padStart(2, '0')}`,
      key.value,
      SECRET_TYPES[id].name,
      SECRET_TYPES[id].type
    )
  const inputs: Record<string, string> = {
    alerts: 'open',
    'alerts-scope': 'org',
    org,
    'alerts-token': bench.alertsToken,
    'secret-types': PROVIDER_IDS.map((id) => `${SECRET_TYPES[id].type}=${id}`).join('\n'),
    'resolve-alerts': String(resolve),
    ...(options.timeoutSeconds ? { 'timeout-seconds': String(options.timeoutSeconds) } : {})
  }
  const issue = 900 + github.state.issues.length + github.state.comments.length
  if (options.comment) {
    inputs['issue-number'] = String(issue)
    inputs['github-token'] = bench.commentToken
  }
  for (const id of PROVIDER_IDS) Object.assign(inputs, bench.providerInputs(id))
  const cpu = process.cpuUsage()
  const run = await runNode({
    script: ACTION,
    measureRss: true,
    inputs,
    env: { ...options.nodeEnv, GITHUB_API_URL: bench.sandbox.githubService.url },
    ...(options.nodeOptions ? { nodeOptions: options.nodeOptions } : {})
  })
  const sandboxCpuMs = cpuSince(cpu)
  const { entries, truncated } = resultEntries(run.outputs.result)
  const checks = check(bench, keys, entries)
  const secrets = new Set(order.map((o) => o.key.value))
  checks.alertsOpen = github.state.alerts.filter(
    (a) => secrets.has(a.secret) && a.state !== 'resolved'
  ).length
  const problems: string[] = []
  const problem = actionProblem(run, 'revoked')
  if (problem) problems.push(problem)
  const all = PROVIDER_IDS.flatMap((id) => keys[id])
  const lastDeath = Math.max(...all.map((k) => k.deletedAt ?? Number.NaN))
  const deadMsByProvider = Object.fromEntries(
    PROVIDER_IDS.map((id) => [
      id,
      Math.max(...keys[id].map((k) => k.deletedAt ?? Number.NaN)) - run.startedAt
    ])
  )
  const comment = github.state.comments.find((c) => c.issue === `acme/app#${issue}`)
  if (options.comment && !comment) problems.push('no report comment was posted')
  const sizes: Sizes = {
    summaryBytes: run.summaryBytes,
    ...(comment ? { commentChars: comment.body.length } : {}),
    resultUtf16Bytes: utf16Bytes(run.outputs.result ?? ''),
    outputsUtf16Bytes: Object.entries(run.outputs).reduce(
      (sum, [name, value]) => sum + utf16Bytes(name) + utf16Bytes(value),
      0
    ),
    resultEntries: entries.length,
    resultTruncated: truncated,
    ...(run.reportFile
      ? { reportFileBytes: run.reportFile.bytes, reportFileLines: run.reportFile.lines }
      : {})
  }
  // With `result` cut, the report file is where every key's outcome is checked.
  if (truncated && run.reportFile) {
    const lines = run.reportFile.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ResultEntry)
    Object.assign(checks, check(bench, keys, lines), { alertsOpen: checks.alertsOpen })
  }
  if (sizes.summaryBytes > GITHUB_LIMITS.summaryBytes)
    problems.push(`summary of ${sizes.summaryBytes} bytes`)
  if ((sizes.commentChars ?? 0) > GITHUB_LIMITS.commentChars)
    problems.push(`comment of ${sizes.commentChars} characters`)
  if (sizes.outputsUtf16Bytes > GITHUB_LIMITS.jobOutputsBytes)
    problems.push(`outputs of ${sizes.outputsUtf16Bytes} UTF-16 bytes`)
  return {
    wallMs: run.wallMs,
    ...(Number.isFinite(lastDeath) ? { deadMs: lastDeath - run.startedAt, deadMsByProvider } : {}),
    ...(run.peakRssMb === undefined ? {} : { peakRssMb: run.peakRssMb }),
    ...(run.cpuMs === undefined ? {} : { cpuMs: run.cpuMs }),
    sandboxCpuMs,
    sizes,
    checks,
    problems
  }
}

/** At most this many alert resolutions in any minute (the action's own pacing). */
export const GITHUB_PATCHES_PER_MINUTE = RESOLUTIONS_PER_MINUTE

/**
 * Scenarios 4 and 6's bound: the list read page after page, the slowest lane, then the last
 * resolution. The resolution lane has GitHub's floor: the k-th PATCH cannot go before minute
 * floor(k / 180). Without resolution (`resolve` false), the slowest provider's lane.
 */
export function sweepBound(
  latency: number,
  mix: Record<ProviderId, number> = MIX,
  resolve = true
): {
  boundMs: number
  lanes: LaneBound[]
  pages: number
} {
  const total = Object.values(mix).reduce((a, b) => a + b, 0)
  const pages = Math.ceil(total / PAGE)
  const lanes = PROVIDER_IDS.map((id) => laneBound(id, mix[id], latency))
  if (!resolve) {
    const slowest = Math.max(...lanes.map((l) => l.boundMs))
    return { boundMs: (pages + 1) * latency + slowest, lanes, pages }
  }
  const latencyMs = (latency * total) / GITHUB_CONCURRENCY
  const floorMs = Math.floor((total - 1) / GITHUB_PATCHES_PER_MINUTE) * 60_000
  lanes.push({
    provider: 'github (resolve)',
    keys: total,
    deletes: total,
    requests: total,
    concurrency: GITHUB_CONCURRENCY,
    latencyMs,
    floorMs,
    boundMs: Math.max(latencyMs, floorMs)
  })
  const slowest = Math.max(...lanes.map((l) => l.boundMs))
  return { boundMs: (pages + 1) * latency + slowest, lanes, pages }
}

// `npm run bench`: the action's speed against the local sandbox, with the providers' rate
// limits on and a set latency per request. Prints a table and writes the same figures to
// bench-results/bench.json. Options: --quick (fewer runs, for trying changes), --only=1,3 (some
// scenarios; `sweep10k` is another name for 7, `relay` for 6). The sandbox's GitHub plays GitHub's secondary
// limit (900 points a minute per endpoint, a PATCH costing 5), so resolving 1,000 alerts
// (scenario 4) takes five minutes a run. Scenario 6 (10,000 alerts) leaves the alerts open:
// resolving 10,000 would take 55 minutes at that limit; --resolve-10k runs it that way too.
// BENCH_NODE_OPTIONS (e.g. "--heap-prof --heap-prof-dir=…") goes to scenario 6's action process.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { githubRateLimits } from '../sandbox/github.js'
import {
  Bench,
  MIX,
  batch,
  coldStart,
  oneAlertColdStart,
  fullPath,
  laneBound,
  GITHUB_LIMITS,
  MIX_10K,
  sweep,
  sweepBound,
  type BatchRun,
  type Checks,
  type PairResult,
  type SweepRun
} from './scenarios.js'
import { relayOverhead, webhookToDeadKey } from './relay.js'
import { ACTION, ROOT, folderBytes, rssMethod } from './spawn.js'
import { mb, median, ms, table, type Row } from './stats.js'
import { PROVIDER_IDS } from '../src/providers/types.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const wanted = (scenario: string) =>
  !only ||
  only.includes(scenario) ||
  (scenario === '7' && only.includes('sweep10k')) ||
  (scenario === '6' && only.includes('relay'))
const resolve10k = args.includes('--resolve-10k')
/** Runs per scenario: 7 of each one-key run (fresh processes), 3 of the heavy ones. */
const RUNS = { oneKey: quick ? 3 : 7, heavy: quick ? 1 : 3, relaySamples: quick ? 50 : 200 }
/** Latency per request where the scenario is about the network (1b, 2, 3, 4). */
const LATENCY_MS = 50
const TARGET = {
  // Issue 17: a one-key run within 1.3x a bare fetch (it was 1.5x).
  coldStart: 1.3,
  heavy: 1.2,
  rssMb: 150,
  rssMb10k: 200,
  relayOverheadMs: 50,
  relayPath: 1.2
}

if (!existsSync(ACTION)) {
  console.error('dist/index.js is missing: run `npm run bundle` first.')
  process.exit(1)
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
    const model = line?.split(':')[1]?.trim()
    if (model) return model
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown'
}
const machine = {
  cpus: cpus().length,
  cpuModel: cpuModel(),
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`
}
const log = (text: string) => process.stderr.write(`${text}\n`)
log(
  `bench: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}${quick ? ', quick' : ''}`
)

const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a')
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
const refusedBySandbox = (c: Checks) => sum(c.refused)
const worst = (pick: (c: Checks) => number, runs: { checks: Checks }[]) =>
  Math.max(0, ...runs.map((r) => pick(r.checks)))
/** "2,214 requests over 26 connections", from the first run. */
const keepAlive = (runs: { checks: Checks }[]) => {
  const first = runs[0]?.checks
  return first
    ? `${sum(first.requests).toLocaleString('en-US')} requests over ${sum(first.connections)} connections`
    : ''
}

const rows: Row[] = []
const figures: Record<string, unknown> = {}
const failures: string[] = []

function pairRow(
  label: string,
  result: PairResult,
  target: number | undefined,
  notes: string
): Row {
  const bad = [...result.action, ...result.baseline].filter((r) => !r.ok)
  bad.forEach((r) => failures.push(`${label}: ${r.problem}`))
  return {
    scenario: label,
    runs: result.action.length,
    median: ms(result.actionMedianMs),
    bound: ms(result.baselineMedianMs),
    ratio: `${fixed(result.ratio)}x`,
    target: target === undefined ? '-' : `<= ${target}x`,
    met: target === undefined ? undefined : result.ratio <= target && bad.length === 0,
    notes: [
      notes,
      result.cpuRatio === undefined ? '' : `CPU time ${fixed(result.cpuRatio)}x`,
      bad.length ? `${bad.length} run(s) FAILED` : ''
    ]
      .filter(Boolean)
      .join('; ')
  }
}

async function oneKey(bench: Bench): Promise<void> {
  log('1. one key, cold start …')
  const cold = await coldStart(bench, RUNS.oneKey, 0)
  figures.coldStart = { latencyMs: 0, ...cold }
  rows.push(
    pairRow(
      '1. One key, cold start (by id, verify off)',
      cold,
      TARGET.coldStart,
      'bound: a fetch script sending the same DELETE; 0 ms latency'
    )
  )
  const cold50 = await coldStart(bench, RUNS.oneKey, LATENCY_MS)
  figures.coldStartWithLatency = { latencyMs: LATENCY_MS, ...cold50 }
  rows.push(pairRow(`1b. Same, ${LATENCY_MS} ms latency`, cold50, undefined, 'for reference'))
  const alert = await oneAlertColdStart(bench, RUNS.oneKey, 0)
  figures.oneAlertColdStart = { latencyMs: 0, ...alert }
  rows.push(
    pairRow(
      '1c. One alert, cold start (alert-number, verify off)',
      alert,
      undefined,
      'loads the Octokit chunk; bound: a fetch script sending the same GET alert, DELETE, PATCH alert'
    )
  )
}

async function oneKeyFullPath(bench: Bench): Promise<void> {
  log('2. one key, full path …')
  const full = await fullPath(bench, RUNS.oneKey, LATENCY_MS)
  figures.fullPath = { latencyMs: LATENCY_MS, ...full }
  const n = full.requestsPerKey ?? 3
  rows.push(
    pairRow(
      '2. One key, full path (Vast.ai by value, verified)',
      full,
      undefined,
      `${n} requests; bound: a fetch script sending the same ${n} one after another (${ms(n * LATENCY_MS)} of round trips)`
    )
  )
}

/** The batch's and the sweep's keys, all providers together. */
const MIX_TOTAL = Object.values(MIX).reduce((a, b) => a + b, 0)

async function batches(bench: Bench): Promise<BatchRun[]> {
  const lanes = PROVIDER_IDS.map((id) => laneBound(id, MIX[id], LATENCY_MS))
  const bound = Math.max(...lanes.map((l) => l.boundMs))
  const runs: BatchRun[] = []
  for (let i = 0; i < RUNS.heavy; i++) {
    log(`3. batch, run ${i + 1}/${RUNS.heavy} …`)
    runs.push(await batch(bench, LATENCY_MS))
  }
  const wall = median(runs.map((b) => b.wallMs))
  const problems = runs.flatMap((b) => b.problems)
  problems.forEach((p) => failures.push(`3. batch: ${p}`))
  const clean =
    problems.length === 0 &&
    worst((c) => c.lost + c.revokedTwice + c.finalRateLimited + c.notVerified, runs) === 0
  figures.batch = { latencyMs: LATENCY_MS, mix: MIX, lanes, boundMs: bound, runs }
  rows.push({
    scenario: `3. Batch: ${MIX_TOTAL.toLocaleString('en-US')} keys, ${PROVIDER_IDS.length} providers`,
    runs: runs.length,
    median: ms(wall),
    bound: ms(bound),
    ratio: `${fixed(wall / bound)}x`,
    target: `<= ${TARGET.heavy}x`,
    met: wall / bound <= TARGET.heavy && clean,
    notes: `lost ${worst((c) => c.lost, runs)}, revoked twice ${worst((c) => c.revokedTwice, runs)}, not verified ${worst((c) => c.notVerified, runs)}; 429s: ${worst(refusedBySandbox, runs)} from the sandbox, ${worst((c) => c.finalRateLimited, runs)} in a final result; ${keepAlive(runs)}`
  })
  for (const lane of lanes) {
    const laneWall = median(runs.map((b) => b.processes[lane.provider]?.wallMs ?? Number.NaN))
    const floor = lane.floorMs >= lane.latencyMs
    rows.push({
      scenario: `   ${lane.provider}: ${lane.keys} keys`,
      runs: '',
      median: ms(laneWall),
      bound: ms(lane.boundMs),
      ratio: `${fixed(laneWall / lane.boundMs)}x`,
      target: '',
      met: undefined,
      notes: floor
        ? `rate-limit floor: ${lane.deletes - 1} deletes x ${lane.floorMs / Math.max(1, lane.deletes - 1)} ms`
        : `${lane.requests} requests x ${LATENCY_MS} ms / ${lane.concurrency} at once`
    })
  }
  return runs
}

async function sweeps(bench: Bench): Promise<SweepRun[]> {
  const swept = sweepBound(LATENCY_MS)
  const runs: SweepRun[] = []
  for (let i = 0; i < RUNS.heavy; i++) {
    log(`4. sweep, run ${i + 1}/${RUNS.heavy} …`)
    runs.push(await sweep(bench, LATENCY_MS))
  }
  const wall = median(runs.map((s) => s.wallMs))
  const problems = runs.flatMap((s) => s.problems)
  problems.forEach((p) => failures.push(`4. sweep: ${p}`))
  const open = Math.max(0, ...runs.map((s) => s.checks.alertsOpen ?? 0))
  const clean =
    problems.length === 0 &&
    open === 0 &&
    worst((c) => c.lost + c.revokedTwice + c.finalRateLimited + c.notVerified, runs) === 0
  figures.sweep = {
    latencyMs: LATENCY_MS,
    mix: MIX,
    pages: swept.pages,
    lanes: swept.lanes,
    boundMs: swept.boundMs,
    runs
  }
  rows.push({
    scenario: `4. Sweep: ${MIX_TOTAL.toLocaleString('en-US')} alerts, ${swept.pages} pages, org`,
    runs: runs.length,
    median: ms(wall),
    bound: ms(swept.boundMs),
    ratio: `${fixed(wall / swept.boundMs)}x`,
    target: `<= ${TARGET.heavy}x`,
    met: wall / swept.boundMs <= TARGET.heavy && clean,
    notes: `alerts left open ${open}, lost ${worst((c) => c.lost, runs)}, revoked twice ${worst((c) => c.revokedTwice, runs)}; 429s: ${worst(refusedBySandbox, runs)} from the sandbox, ${worst((c) => c.finalRateLimited, runs)} in a final result; ${keepAlive(runs)}`
  })
  return runs
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`
const count = (n: number) => n.toLocaleString('en-US')

async function sweep10k(bench: Bench): Promise<void> {
  const swept = sweepBound(LATENCY_MS, MIX_10K, resolve10k)
  // 10,000 resolutions and 100 pages pass a personal token's 5,000 requests an hour: the
  // resolved run plays a GitHub App installation of an Enterprise Cloud organization (15,000).
  if (resolve10k)
    bench.sandbox.githubService.rateLimits = githubRateLimits({
      points: true,
      primaryPerHour: 15_000
    }).rateLimits
  const nodeOptions = process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean)
  // The memory probe's settings (bench/memory-probe.mjs) reach the action's process.
  const nodeEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        /^BENCH_(MEMORY|HEAP|ALLOCATION)/.test(e[0]) && e[1] !== undefined
    )
  )
  const runs: SweepRun[] = []
  for (let i = 0; i < RUNS.heavy; i++) {
    log(`6. sweep of 10,000 alerts${resolve10k ? ', resolved' : ''}, run ${i + 1}/${RUNS.heavy} …`)
    runs.push(
      await sweep(bench, LATENCY_MS, {
        mix: MIX_10K,
        resolve: resolve10k,
        comment: true,
        org: `big-${i + 1}`,
        // Resolving 10,000 alerts takes 56 minutes at GitHub's limit: past the default 600 s.
        ...(resolve10k ? { timeoutSeconds: 90 * 60 } : {}),
        nodeEnv,
        ...(nodeOptions ? { nodeOptions } : {})
      })
    )
  }
  const problems = runs.flatMap((s) => s.problems)
  problems.forEach((p) => failures.push(`6. sweep 10k: ${p}`))
  const dead = median(runs.map((s) => s.deadMs ?? Number.NaN))
  const wall = median(runs.map((s) => s.wallMs))
  const rss = runs.map((s) => s.peakRssMb).filter((v): v is number => v !== undefined)
  const largest = (pick: (s: SweepRun) => number | undefined) =>
    Math.max(0, ...runs.map((s) => pick(s) ?? 0))
  const clean =
    problems.length === 0 &&
    worst((c) => c.lost + c.revokedTwice + c.finalRateLimited + c.notVerified, runs) === 0
  const open = Math.max(0, ...runs.map((s) => s.checks.alertsOpen ?? 0))
  figures.sweep10k = {
    latencyMs: LATENCY_MS,
    mix: MIX_10K,
    resolve: resolve10k,
    pages: swept.pages,
    lanes: swept.lanes,
    boundMs: swept.boundMs,
    limits: GITHUB_LIMITS,
    runs
  }
  const what = resolve10k ? 'resolved' : 'left open'
  rows.push({
    scenario: `7. Sweep: 10,000 alerts, ${swept.pages} pages, org, ${what}: every key dead`,
    runs: runs.length,
    median: ms(dead),
    bound: ms(swept.boundMs),
    ratio: `${fixed(dead / swept.boundMs)}x`,
    target: `<= ${TARGET.heavy}x`,
    met: dead / swept.boundMs <= TARGET.heavy && clean,
    notes: `spawn to the last delete; lost ${worst((c) => c.lost, runs)}, revoked twice ${worst((c) => c.revokedTwice, runs)}, not verified ${worst((c) => c.notVerified, runs)}; 429s: ${worst(refusedBySandbox, runs)} from the sandbox, ${worst((c) => c.finalRateLimited, runs)} in a final result; ${keepAlive(runs)}`
  })
  rows.push({
    scenario: '   Same, whole run (verified, reported)',
    runs: runs.length,
    median: ms(wall),
    bound: ms(swept.boundMs),
    ratio: `${fixed(wall / swept.boundMs)}x`,
    target: `<= ${TARGET.heavy}x`,
    met: wall / swept.boundMs <= TARGET.heavy && clean,
    notes: `spawn to exit; alerts ${what}: ${open} open`
  })
  rows.push({
    scenario: '   Peak RSS, sweep of 10,000 (1 process)',
    runs: rss.length,
    median: rss.length ? mb(median(rss)) : 'n/a',
    bound: '',
    ratio: '',
    target: `<= ${TARGET.rssMb10k} MB`,
    met: rss.length ? Math.max(...rss) <= TARGET.rssMb10k : undefined,
    notes: `largest ${rss.length ? mb(Math.max(...rss)) : 'n/a'} (${rssMethod.split(' (')[0]})`
  })
  const summary = largest((s) => s.sizes?.summaryBytes)
  const comment = largest((s) => s.sizes?.commentChars)
  const outputs = largest((s) => s.sizes?.outputsUtf16Bytes)
  const result = largest((s) => s.sizes?.resultUtf16Bytes)
  const first = runs[0]?.sizes
  rows.push(
    {
      scenario: '   Job summary',
      runs: runs.length,
      median: kib(summary),
      bound: kib(GITHUB_LIMITS.summaryBytes),
      ratio: '',
      target: '<= limit',
      met: summary <= GITHUB_LIMITS.summaryBytes,
      notes: 'largest; UTF-8 bytes, as GitHub counts a step summary'
    },
    {
      scenario: '   Report comment',
      runs: runs.length,
      median: count(comment),
      bound: count(GITHUB_LIMITS.commentChars),
      ratio: '',
      target: '<= limit',
      met: comment > 0 && comment <= GITHUB_LIMITS.commentChars,
      notes: 'largest; characters'
    },
    {
      scenario: '   Step outputs',
      runs: runs.length,
      median: kib(outputs),
      bound: kib(GITHUB_LIMITS.jobOutputsBytes),
      ratio: '',
      target: '<= limit',
      met: outputs <= GITHUB_LIMITS.jobOutputsBytes,
      notes: `largest; UTF-16 bytes, as GitHub counts a job's outputs; \`result\` ${kib(result)}${first ? `, ${count(first.resultEntries)} entries${first.resultTruncated ? ', cut' : ''}` : ''}`
    }
  )
  if (first?.reportFileBytes !== undefined)
    rows.push({
      scenario: '   Report file',
      runs: runs.length,
      median: kib(first.reportFileBytes),
      bound: '',
      ratio: '',
      target: '',
      met: undefined,
      notes: `${count(first.reportFileLines ?? 0)} lines (one per key or unmapped alert)`
    })
}

async function memoryAndSize(batchRuns: BatchRun[], sweepRuns: SweepRun[]): Promise<void> {
  const batchRss = batchRuns.map((b) => b.peakRssMb).filter((v): v is number => v !== undefined)
  const sweepRss = sweepRuns.map((s) => s.peakRssMb).filter((v): v is number => v !== undefined)
  const dist = await folderBytes(dirname(ACTION))
  figures.memory = {
    batchPeakRssMb: batchRss,
    sweepPeakRssMb: sweepRss,
    measuredWith: rssMethod
  }
  figures.dist = dist
  if (batchRuns.length)
    rows.push({
      scenario: '5. Peak RSS, batch',
      runs: batchRss.length,
      median: batchRss.length ? mb(median(batchRss)) : 'n/a',
      bound: '',
      ratio: '',
      target: `<= ${TARGET.rssMb} MB`,
      met: batchRss.length ? median(batchRss) <= TARGET.rssMb : undefined,
      notes: `largest of the 5 processes (${rssMethod.split(' (')[0]})`
    })
  if (sweepRuns.length)
    rows.push({
      scenario: '   Peak RSS, sweep (1 process)',
      runs: sweepRss.length,
      median: sweepRss.length ? mb(median(sweepRss)) : 'n/a',
      bound: '',
      ratio: '',
      target: '',
      met: undefined,
      notes: 'for reference: 1,000 keys and alerts in one process'
    })
  rows.push({
    scenario: '   dist/ size',
    runs: '',
    median: `${Math.round(dist.bytes / 1024)} KB`,
    bound: '',
    ratio: '',
    target: '',
    met: undefined,
    notes: `${dist.files} files`
  })
}

/** Milliseconds, with a decimal below 100 ms. */
const fine = (value: number) => `${Math.abs(value) < 100 ? value.toFixed(1) : Math.round(value)} ms`

async function relay(bench: Bench): Promise<void> {
  log(`6a. relay overhead, ${RUNS.relaySamples} deliveries each way …`)
  const overhead = await relayOverhead(RUNS.relaySamples)
  overhead.problems.forEach((p) => failures.push(`6a. relay: ${p}`))
  figures.relayOverhead = overhead
  const direct = overhead.direct
  rows.push({
    scenario: '6a. Webhook -> dispatch received: straight POST',
    runs: direct.samples.length,
    median: fine(direct.p50),
    bound: '',
    ratio: '',
    target: '',
    met: undefined,
    notes: `p95 ${fine(direct.p95)}; the dispatch posted to the sandbox's GitHub directly; 0 ms latency`
  })
  for (const runtime of ['node', 'workerd'] as const) {
    const r = overhead.relays[runtime]
    const added = r.p50 - direct.p50
    rows.push({
      scenario: `   through the relay, ${runtime === 'node' ? 'Node server' : 'Worker in workerd'}`,
      runs: r.samples.length,
      median: fine(r.p50),
      bound: fine(direct.p50),
      ratio: '',
      target: `< +${TARGET.relayOverheadMs} ms`,
      met: added < TARGET.relayOverheadMs && overhead.problems.length === 0,
      notes: `adds ${fine(added)} (p50); p95 ${fine(r.p95)}, adds ${fine(r.p95 - direct.p95)}${runtime === 'workerd' ? '; Miniflare, local KV' : ''}`
    })
  }
  log('6b. webhook -> dead key …')
  const path = await webhookToDeadKey(bench, RUNS.oneKey, LATENCY_MS)
  path.problems.forEach((p) => failures.push(`6b. relay: ${p}`))
  figures.relayToDeadKey = path
  const bound = path.medians.actionAlone + path.roundTripMs
  for (const runtime of ['node', 'workerd'] as const) {
    const wall = path.medians.throughRelay[runtime]
    rows.push({
      scenario: `6b. Webhook -> key dead, relay in ${runtime === 'node' ? 'Node' : 'workerd'}`,
      runs: path.throughRelay[runtime].length,
      median: ms(wall),
      bound: ms(bound),
      ratio: `${fixed(wall / bound)}x`,
      target: `<= ${TARGET.relayPath}x`,
      met: wall / bound <= TARGET.relayPath && path.problems.length === 0,
      notes: `bound: the action's own run (spawn -> key dead, ${ms(path.medians.actionAlone)}) + one ${LATENCY_MS} ms round trip; alert resolved after ${ms(median(path.toResolved[runtime]))}`
    })
  }
}

const started = Date.now()
const bench = await Bench.start()
try {
  if (wanted('1')) await oneKey(bench)
  if (wanted('2')) await oneKeyFullPath(bench)
  const batchRuns = wanted('3') || wanted('5') ? await batches(bench) : []
  const sweepRuns = wanted('4') ? await sweeps(bench) : []
  if (wanted('5')) await memoryAndSize(batchRuns, sweepRuns)
  if (wanted('6')) await relay(bench)
  if (wanted('7')) await sweep10k(bench)
} finally {
  await bench.close()
}

const markdown = table(rows)
const seconds = Math.round((Date.now() - started) / 1000)
console.log(markdown)
console.log(
  `\n${machine.cpus} CPUs, ${machine.cpuModel}, ${machine.platform}, Node ${machine.node}; ${seconds} s in all.`
)
if (failures.length) {
  console.log('\nFailures:')
  failures.forEach((f) => console.log(`- ${f}`))
}
await mkdir(join(ROOT, 'bench-results'), { recursive: true })
await writeFile(
  join(ROOT, 'bench-results', 'bench.json'),
  `${JSON.stringify({ date: new Date().toISOString(), seconds, machine, quick, runs: RUNS, latencyMs: LATENCY_MS, targets: TARGET, rows, markdown, failures, figures }, null, 2)}\n`
)
log('wrote bench-results/bench.json')
process.exitCode = failures.length ? 1 : 0

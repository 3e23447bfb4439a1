/* global performance, setInterval */
// A diagnostic for where a run's memory goes, loaded with `node --import` (through
// BENCH_NODE_OPTIONS="--import=<file URL of this module>"). It samples process.memoryUsage()
// every 100 ms, notes when the action logs a line (the phases: alerts found, keys done, report
// written) and each full garbage collection, and at exit writes them to BENCH_MEMORY_FILE as
// JSON. With BENCH_HEAP_SNAPSHOT_MB
// (e.g. "120,160"), it also writes a heap snapshot into BENCH_HEAP_SNAPSHOT_DIR the first time
// the heap passes each of those sizes.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Session } from 'node:inspector'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8'

const started = performance.now()
const samples = []
const marks = []
const snapshotAt = (process.env.BENCH_HEAP_SNAPSHOT_MB ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number)
  .sort((a, b) => a - b)
const MB = 1024 * 1024

/** V8's heap spaces (committed and used, MB) when RSS was at its highest so far. */
let spacesAtPeak = []
let peakRss = 0
const sample = () => {
  const m = process.memoryUsage()
  if (m.rss > peakRss) {
    peakRss = m.rss
    spacesAtPeak = getHeapSpaceStatistics().map((s) => [
      s.space_name,
      Math.round(s.space_size / MB),
      Math.round(s.space_used_size / MB)
    ])
  }
  const at = Math.round(performance.now() - started)
  samples.push(
    [at, m.rss, m.heapUsed, m.heapTotal, m.external, m.arrayBuffers].map((v, i) =>
      i === 0 ? v : Math.round(v / MB)
    )
  )
  while (snapshotAt.length && m.heapUsed / MB >= snapshotAt[0]) {
    const size = snapshotAt.shift()
    const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR
    if (dir) writeHeapSnapshot(join(dir, `heap-${size}mb-${at}ms.heapsnapshot`))
  }
}
setInterval(sample, 100).unref()

// Each full (mark-compact) collection: when, how long, and the heap just after it.
const fullGcs = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
      fullGcs.push([
        Math.round(entry.startTime),
        Math.round(entry.duration),
        Math.round(process.memoryUsage().heapUsed / MB)
      ])
}).observe({ entryTypes: ['gc'] })

const write = process.stdout.write.bind(process.stdout)
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk)
  if (!text.startsWith('::add-mask::') && !text.startsWith('::set-output'))
    marks.push([Math.round(performance.now() - started), text.slice(0, 80).trim()])
  return write(chunk, ...rest)
}

// With BENCH_ALLOCATION_PROFILE (a file), a sampling profile of every allocation, those the
// collector freed included: where the garbage comes from, not only what stays.
const profileFile = process.env.BENCH_ALLOCATION_PROFILE
const session = profileFile ? new Session() : undefined
if (session) {
  session.connect()
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: process.env.BENCH_ALLOCATION_YOUNG !== 'no'
  })
}

process.on('exit', () => {
  session?.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(profileFile, JSON.stringify(result.profile))
  })
  sample()
  const peak = samples.reduce((a, b) => (b[1] > a[1] ? b : a))
  writeFileSync(
    process.env.BENCH_MEMORY_FILE ?? join(process.cwd(), 'memory.json'),
    `${JSON.stringify({ columns: ['ms', 'rssMb', 'heapUsedMb', 'heapTotalMb', 'externalMb', 'arrayBuffersMb'], peak, spacesAtPeak, fullGcs, marks, samples })}\n`
  )
})

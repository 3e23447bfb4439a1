// Runs a Node script the way the runner runs an action: a fresh process, inputs as
// INPUT_<NAME> variables, file commands in a temporary folder. Times it from spawn to exit,
// and reads its peak RSS from outside (GNU time) when asked.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseOutputFile, runnerEnvironment } from '../sandbox/run-action.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** The bundled action; BENCH_ACTION points the bench at another build (to compare one). */
export const ACTION = resolve(process.env.BENCH_ACTION ?? join(ROOT, 'dist', 'index.js'))
export const BASELINE = join(ROOT, 'bench', 'fetch-baseline.mjs')

/**
 * GNU time: the child's peak RSS, measured by the kernel from outside the process. Without
 * it, a module loaded with `--import` reads the same kernel figure from inside, at exit.
 */
const GNU_TIME = '/usr/bin/time'
const RSS_PROBE = join(ROOT, 'bench', 'rss-probe.mjs')
const CPU_PROBE = join(ROOT, 'bench', 'cpu-probe.cjs')
export const rssMethod = existsSync(GNU_TIME)
  ? 'GNU time %M (kernel maxrss of the child)'
  : 'process.resourceUsage().maxRSS at exit (kernel maxrss, read by a preloaded module)'

export interface Spawned {
  /** When the process was spawned (epoch ms), to compare with the sandbox's clock. */
  startedAt: number
  /** Spawn to exit, in ms. */
  wallMs: number
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** Peak resident set size in MB, when measured. */
  peakRssMb?: number
  /** CPU time (user + system) in ms, when measured. */
  cpuMs?: number
  /** Bytes of the job summary the run wrote (GITHUB_STEP_SUMMARY). */
  summaryBytes: number
  /** The file the `report-file` output names, when the run wrote one inside its RUNNER_TEMP. */
  reportFile?: { bytes: number; lines: number; text: string }
}

export interface SpawnOptions {
  script: string
  /** Action inputs (`verify`, `key`, …); action.yml's defaults fill the rest. */
  inputs?: Record<string, string>
  /** Extra environment (GITHUB_API_URL, BENCH_REQUESTS, …). */
  env?: Record<string, string>
  /** Wrap the process in GNU time to read its peak RSS and CPU time. */
  measureRss?: boolean
  /**
   * Read the process's CPU time at exit, to the microsecond, from a preloaded CommonJS file
   * (GNU time's counts 10 ms steps): CPU time sways less than wall time on a loaded machine.
   */
  measureCpu?: boolean
  /** The event payload (GITHUB_EVENT_PATH); default `{}`. */
  event?: unknown
  /** Options for node itself (`--heap-prof`, `--import=…`), before the script. */
  nodeOptions?: string[]
}

/** Runs one process to its end. Everything but the process itself is prepared before the clock starts. */
export async function runNode(options: SpawnOptions): Promise<Spawned> {
  const dir = await mkdtemp(join(tmpdir(), 'revoke-bench-'))
  try {
    const env = await runnerEnvironment(dir, options)
    const rssFile = join(dir, 'rss')
    const cpuFile = join(dir, 'cpu')
    const wrap = options.measureRss === true
    const cpu = options.measureCpu === true && !wrap
    const node = [
      ...(cpu ? ['--require', CPU_PROBE] : []),
      ...(options.nodeOptions ?? []),
      options.script
    ]
    const [command, args] = !wrap
      ? [process.execPath, node]
      : existsSync(GNU_TIME)
        ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...node]]
        : [process.execPath, ['--import', pathToFileURL(RSS_PROBE).href, ...node]]
    if (wrap) env.BENCH_RSS_FILE = rssFile
    if (cpu) env.BENCH_CPU_FILE = cpuFile

    const startedAt = Date.now()
    const started = performance.now()
    const child = spawn(command, args, { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
    let wallMs = 0
    const exitCode = await new Promise<number | null>((done, fail) => {
      child.once('exit', () => (wallMs = performance.now() - started))
      child.once('close', (code) => done(code))
      child.once('error', fail)
    })

    const outputs = parseOutputFile(await readFile(join(dir, 'output'), 'utf8'))
    const spawned: Spawned = {
      startedAt,
      wallMs,
      exitCode,
      stdout,
      stderr,
      outputs,
      summaryBytes: (await stat(join(dir, 'summary'))).size
    }
    const reportPath = outputs['report-file']
    if (reportPath && resolve(reportPath).startsWith(`${dir}/`) && existsSync(reportPath)) {
      const text = await readFile(reportPath, 'utf8')
      spawned.reportFile = {
        bytes: Buffer.byteLength(text),
        lines: text.split('\n').filter(Boolean).length,
        text
      }
    }
    if (wrap) {
      // The last line; GNU time puts a note about a signal or exit status above it.
      const line = (await readFile(rssFile, 'utf8')).trim().split('\n').at(-1) ?? ''
      const [kb, user, system] = line.split(' ').map(Number)
      if (Number.isFinite(kb)) spawned.peakRssMb = kb! / 1024
      if (Number.isFinite(user) && Number.isFinite(system))
        spawned.cpuMs = Math.round((user! + system!) * 1000)
    }
    if (cpu && existsSync(cpuFile)) {
      const cpuMs = Number((await readFile(cpuFile, 'utf8')).trim())
      if (Number.isFinite(cpuMs)) spawned.cpuMs = cpuMs
    }
    return spawned
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Total size of the files in a folder and the folders in it, in bytes. */
export async function folderBytes(path: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0
  let files = 0
  // Since the split, most of dist/ is in dist/chunks/.
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const inner = await folderBytes(join(path, entry.name))
      bytes += inner.bytes
      files += inner.files
    } else {
      bytes += (await stat(join(path, entry.name))).size
      files += 1
    }
  }
  return { bytes, files }
}

// Runs a Node script the way the runner runs an action: a fresh process, inputs as
// INPUT_<NAME> variables, file commands in a temporary folder. Times it from spawn to exit,
// and reads its peak RSS from outside (GNU time) when asked.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
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
export const rssMethod = existsSync(GNU_TIME)
  ? 'GNU time %M (kernel maxrss of the child)'
  : 'process.resourceUsage().maxRSS at exit (kernel maxrss, read by a preloaded module)'

export interface Spawned {
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
}

export interface SpawnOptions {
  script: string
  /** Action inputs (`verify`, `key`, …); action.yml's defaults fill the rest. */
  inputs?: Record<string, string>
  /** Extra environment (GITHUB_API_URL, BENCH_REQUESTS, …). */
  env?: Record<string, string>
  /** Wrap the process in GNU time to read its peak RSS and CPU time. */
  measureRss?: boolean
  /** The event payload (GITHUB_EVENT_PATH); default `{}`. */
  event?: unknown
}

/** Runs one process to its end. Everything but the process itself is prepared before the clock starts. */
export async function runNode(options: SpawnOptions): Promise<Spawned> {
  const dir = await mkdtemp(join(tmpdir(), 'revoke-bench-'))
  try {
    const env = await runnerEnvironment(dir, options)
    const rssFile = join(dir, 'rss')
    const wrap = options.measureRss === true
    const [command, args] = !wrap
      ? [process.execPath, [options.script]]
      : existsSync(GNU_TIME)
        ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, options.script]]
        : [process.execPath, ['--import', pathToFileURL(RSS_PROBE).href, options.script]]
    if (wrap) env.BENCH_RSS_FILE = rssFile

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

    const spawned: Spawned = {
      wallMs,
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(join(dir, 'output'), 'utf8'))
    }
    if (wrap) {
      // The last line; GNU time puts a note about a signal or exit status above it.
      const line = (await readFile(rssFile, 'utf8')).trim().split('\n').at(-1) ?? ''
      const [kb, user, system] = line.split(' ').map(Number)
      if (Number.isFinite(kb)) spawned.peakRssMb = kb! / 1024
      if (Number.isFinite(user) && Number.isFinite(system))
        spawned.cpuMs = Math.round((user! + system!) * 1000)
    }
    return spawned
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Total size of the files in a folder, in bytes (not recursive: dist/ is flat). */
export async function folderBytes(path: string): Promise<{ bytes: number; files: number }> {
  const { stat } = await import('node:fs/promises')
  let bytes = 0
  const names = await readdir(path)
  for (const name of names) bytes += (await stat(join(path, name))).size
  return { bytes, files: names.length }
}

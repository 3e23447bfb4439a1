/**
 * Runs the relay (relay/) for tests and the bench, in either runtime it ships for:
 * - `node`: relay/node.ts's server, in this process;
 * - `workerd`: the Worker, bundled as wrangler bundles it (esbuild, the `workerd`, `worker`
 *   and `browser` export conditions, no Node built-ins), run by Miniflare in the real Workers
 *   runtime with a local KV namespace, on 127.0.0.1.
 * Both are reached over real HTTP and log one JSON line per delivery, collected in `logs`.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { Miniflare } from 'miniflare'
import { MemoryStore, serve } from '../relay/node.js'
import type { Env, LogLine } from '../relay/relay.js'

const RELAY = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'relay')

export type Runtime = 'node' | 'workerd'
export const RUNTIMES: Runtime[] = ['node', 'workerd']

/** The relay's settings as strings (what `wrangler secret put` and `[vars]` give a Worker). */
export type RelaySettings = Partial<Record<Exclude<keyof Env, 'DELIVERIES'>, string>>

export interface RunningRelay {
  runtime: Runtime
  url: string
  /** Everything the relay printed, one entry per line. */
  logs: string[]
  /** The parsed delivery lines. */
  lines(): LogLine[]
  /** Waits until the relay has logged `count` delivery lines (workerd's logs come a moment later). */
  logged(count: number): Promise<LogLine[]>
  /** Restarts it with other settings; `url` may change, remembered deliveries may be lost. */
  reconfigure(settings: RelaySettings): Promise<void>
  close(): Promise<void>
}

/** wrangler.toml's top-level `key = "value"` settings (all the relay's file has before its tables). */
export async function wranglerSettings(): Promise<Record<string, string>> {
  const text = await readFile(join(RELAY, 'wrangler.toml'), 'utf8')
  const settings: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) break
    const match = /^(\w+)\s*=\s*"([^"]*)"\s*$/.exec(line)
    if (match) settings[match[1]!] = match[2]!
  }
  return settings
}

let bundled: Promise<string> | undefined
/** The Worker as wrangler would upload it: one ES module. */
export function bundleWorker(): Promise<string> {
  bundled ??= (async () => {
    const { main } = await wranglerSettings()
    const result = await esbuild.build({
      entryPoints: [join(RELAY, main ?? 'worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      target: 'es2022',
      write: false,
      logLevel: 'silent'
    })
    return result.outputFiles[0]!.text
  })()
  return bundled
}

const parsed = (logs: string[]): LogLine[] =>
  logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine)

async function waitForLines(logs: string[], count: number): Promise<LogLine[]> {
  // A cap, not an expected time: the wait ends as soon as the lines are in, and workerd hands
  // its logs over from another process, which a busy machine can hold back for seconds.
  for (let waited = 0; parsed(logs).length < count; waited += 5) {
    if (waited > 30_000)
      throw new Error(`the relay logged ${parsed(logs).length} lines, expected ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return parsed(logs)
}

/** Starts the relay with `settings`; `kv` gives it a delivery store (KV, or memory in Node). */
export async function startRelay(
  runtime: Runtime,
  settings: RelaySettings,
  options: { kv?: boolean } = {}
): Promise<RunningRelay> {
  const logs: string[] = []
  const common = {
    runtime,
    logs,
    lines: () => parsed(logs),
    logged: (count: number) => waitForLines(logs, count)
  }
  if (runtime === 'node') {
    const env: Env = { ...settings, ...(options.kv ? { DELIVERIES: new MemoryStore() } : {}) }
    const { server, url } = await serve(env, {
      port: 0,
      host: '127.0.0.1',
      log: (line) => logs.push(JSON.stringify(line))
    })
    return {
      ...common,
      url,
      reconfigure: async (next) => {
        for (const name of Object.keys(env) as Array<keyof Env>)
          if (name !== 'DELIVERIES') delete env[name]
        Object.assign(env, next)
      },
      close: async () => {
        server.closeAllConnections()
        await new Promise<void>((done) => server.close(() => done()))
      }
    }
  }
  const { compatibility_date } = await wranglerSettings()
  const workerOptions = async (bindings: RelaySettings) => ({
    modules: [{ type: 'ESModule' as const, path: 'relay.js', contents: await bundleWorker() }],
    compatibilityDate: compatibility_date,
    bindings,
    ...(options.kv ? { kvNamespaces: ['DELIVERIES'] } : {}),
    host: '127.0.0.1',
    port: 0,
    // The `cf` object stays Miniflare's built-in one: nothing is fetched from the internet.
    cf: false,
    handleStructuredLogs: ({ message }: { message: string }) => {
      logs.push(...message.split('\n').filter(Boolean))
    }
  })
  const mf = new Miniflare(await workerOptions(settings))
  const relay: RunningRelay = {
    ...common,
    url: (await mf.ready).origin,
    reconfigure: async (next) => {
      await mf.setOptions(await workerOptions(next))
      relay.url = (await mf.ready).origin
    },
    close: () => mf.dispose()
  }
  return relay
}

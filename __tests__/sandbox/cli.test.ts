import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction } from '../../sandbox/run-action.js'

// `npm run sandbox` (sandbox/cli.ts) as a user runs it: started as its own process, its
// printed URLs and keys used for a real revocation by dist/index.js, its relay command and
// signed webhook for a dispatch to its GitHub, then stopped by Ctrl-C.
const ROOT = new URL('../..', import.meta.url).pathname
let child: ChildProcessWithoutNullStreams | undefined
/** Everything the sandbox printed so far. */
let printed = ''
let envFile = ''
/** The relay started with the printed command, in its own process group. */
let relay: ChildProcessWithoutNullStreams | undefined

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  if (relay?.pid !== undefined && relay.exitCode === null) {
    const exited = new Promise((done) => relay!.once('exit', done))
    process.kill(-relay.pid, 'SIGTERM')
    await exited
  }
})

/** Resolves with everything `proc` printed once `ready` appears in it. */
function waitFor(
  proc: ChildProcessWithoutNullStreams,
  ready: string | RegExp,
  ms: number
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const found = () => (typeof ready === 'string' ? text.includes(ready) : ready.test(text))
    const timer = setTimeout(() => reject(new Error(`no "${ready}" within ${ms} ms:\n${text}`)), ms)
    proc.stdout.on('data', (d: Buffer) => {
      text += d.toString('utf8')
      if (found()) {
        clearTimeout(timer)
        resolve(text)
      }
    })
    proc.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')))
    proc.on('exit', () => reject(new Error(`exited early:\n${text}`)))
  })
}

async function until(done: () => boolean, ms: number): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > ms) throw new Error(`not within ${ms} ms:\n${printed}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The words of a command line the sandbox prints: bare, or in single quotes. */
const words = (line: string) =>
  [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')

describe('npm run sandbox', () => {
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'))
    envFile = join(dir, 'sandbox.env')
    // One process on this Node, with tsx as a loader: `npm run sandbox` starts the same file
    // through tsx's CLI, which adds a parent process that a failed test could not kill.
    child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--write-env', envFile], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' }
    })
    child.stdout.on('data', (d: Buffer) => (printed += d.toString('utf8')))
    // Caps, not guesses at how long a start takes: each wait ends as soon as its line is
    // printed, and a busy machine can stretch tsx compiling the sandbox many times over.
    await waitFor(child, 'Press Ctrl-C to stop.', 90_000)
  }, 120_000)

  it('prints URLs, tokens and keys that work', async () => {
    // The quiva.ai block: its URL and its first key, as a user would copy them.
    const block = printed.slice(printed.indexOf('quiva.ai (provider: quiva)'))
    const url = /^ {2}url {4}(http:\/\/127\.0\.0\.1:\d+)$/m.exec(block)?.[1]
    const key = /^ {2}key {4}id \S+ {3}value (ms-[0-9a-f]{32})$/m.exec(block)?.[1]
    expect(url).toBeDefined()
    expect(key).toBeDefined()
    const run = await runAction({ inputs: { provider: 'quiva', key: key!, 'quiva-api-url': url! } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('revoked')
    expect(JSON.parse(run.outputs.result ?? '[]')[0]).toMatchObject({
      outcome: 'revoked',
      verified: true
    })

    // The variables file, for CI, names the same things.
    const vars = Object.fromEntries(
      (await readFile(envFile, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
    )
    expect(vars).toMatchObject({ SANDBOX_QUIVA_URL: url, SANDBOX_QUIVA_KEY: key })
    expect(Object.keys(vars)).toEqual(
      expect.arrayContaining([
        'SANDBOX_GITHUB_API_URL',
        'SANDBOX_BASETEN_KEY_ID',
        'SANDBOX_DISPATCH_TOKEN',
        'SANDBOX_WEBHOOK_SECRET'
      ])
    )
  })

  it('prints a relay command and a signed webhook that its GitHub takes as a dispatch', async () => {
    const block = printed.slice(printed.indexOf('Try the webhook relay'))
    const command =
      /^ {4}(WEBHOOK_SECRET=\S+ DISPATCH_TOKEN=\S+ GITHUB_API_URL=\S+ npm run relay)$/m.exec(
        block
      )?.[1]
    const curl = /^ {4}(curl .+)$/m.exec(block)?.[1]
    expect(command).toBeDefined()
    expect(curl).toBeDefined()

    // The command as a shell runs it, on a free port rather than the default 8787.
    relay = spawn('sh', ['-c', `PORT=0 ${command}`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      detached: true
    })
    const started = await waitFor(relay, /relay listening on http:\/\/\S+\n/, 90_000)
    const relayUrl = /relay listening on (http:\/\/\S+)/.exec(started)![1]!

    // The curl example, sent as curl would send it.
    const args = words(curl!)
    const headers = new Headers()
    let body = ''
    let target = ''
    for (let i = 1; i < args.length; i++) {
      const arg = args[i]!
      if (arg === '-H') {
        const header = args[++i]!
        headers.append(header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1))
      } else if (arg === '--data-binary') body = args[++i]!
      else if (!arg.startsWith('-')) target = arg
    }
    expect(target).toBe('http://127.0.0.1:8787/')
    expect(headers.get('x-github-event')).toBe('secret_scanning_alert')
    const post = () => fetch(`${relayUrl}/`, { method: 'POST', headers, body })
    const first = await post()
    expect([first.status, (await first.text()).trim()]).toEqual([202, 'Dispatched'])
    // The sandbox's request log: its GitHub took the dispatch, with the printed token.
    await until(() => printed.includes('POST /repos/acme/app/dispatches -> 204'), 30_000)
    // Sent again, as the printed text says: the same delivery id, not dispatched twice.
    const again = await post()
    expect([again.status, (await again.text()).trim()]).toEqual([202, 'Already dispatched'])
  }, 180_000)

  it('stops on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve))
    child!.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(printed).toContain('SIGINT: sandbox stopped.')
  })
})

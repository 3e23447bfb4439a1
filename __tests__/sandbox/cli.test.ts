import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runAction } from '../../sandbox/run-action.js'

// `npm run sandbox` (sandbox/cli.ts) as a user runs it: started as its own process, its
// printed URLs and keys used for a real revocation by dist/index.js, then stopped by Ctrl-C.
const ROOT = new URL('../..', import.meta.url).pathname
let child: ChildProcessWithoutNullStreams | undefined

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
})

/** Resolves with everything printed once `ready` appears in stdout. */
function waitFor(proc: ChildProcessWithoutNullStreams, ready: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`no "${ready}" within ${ms} ms:\n${text}`)), ms)
    proc.stdout.on('data', (d: Buffer) => {
      text += d.toString('utf8')
      if (text.includes(ready)) {
        clearTimeout(timer)
        resolve(text)
      }
    })
    proc.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')))
    proc.on('exit', () => reject(new Error(`the sandbox exited early:\n${text}`)))
  })
}

describe('npm run sandbox', () => {
  it('prints URLs, tokens and keys that work, and stops on Ctrl-C', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'))
    const envFile = join(dir, 'sandbox.env')
    // One process on this Node, with tsx as a loader: `npm run sandbox` starts the same file
    // through tsx's CLI, which adds a parent process that a failed test could not kill.
    child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--write-env', envFile], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' }
    })
    const printed = await waitFor(child, 'Press Ctrl-C to stop.', 20_000)

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
      expect.arrayContaining(['SANDBOX_GITHUB_API_URL', 'SANDBOX_BASETEN_KEY_ID'])
    )

    // Ctrl-C.
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve))
    let tail = ''
    child.stdout.on('data', (d: Buffer) => (tail += d.toString('utf8')))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(tail).toContain('SIGINT: sandbox stopped.')
  })
})

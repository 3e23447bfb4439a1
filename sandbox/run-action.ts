import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { PROVIDERS, tokenInput } from '../src/providers/registry.js'
import type { ProviderFacts } from '../src/providers/types.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Every file the run's environment points at, with its content. */
  files: Record<string, string>
}

export interface RunActionOptions {
  inputs: Record<string, string>
  /** Extra environment (GITHUB_API_URL, GITHUB_REPOSITORY, …). */
  env?: Record<string, string>
  event?: unknown
  /** Stands in for `${{ github.token }}` in input defaults. */
  githubToken?: string
  entry?: string
  signal?: AbortSignal
}

/** action.yml's input defaults, with `${{ github.token }}` filled in. */
async function inputDefaults(githubToken: string): Promise<Record<string, string>> {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default === undefined) continue
    defaults[name] = spec.default.replace(/\$\{\{\s*github\.token\s*\}\}/, githubToken)
  }
  return defaults
}

/** Reads a GITHUB_OUTPUT file (`name<<DELIM\nvalue\nDELIM` records). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
      outputs[name!] = value.join('\n')
      continue
    }
    const simple = /^([^=]+)=(.*)$/.exec(lines[i] ?? '')
    if (simple) outputs[simple[1]!] = simple[2]!
  }
  return outputs
}

/**
 * The environment the runner gives an action, in folder `dir`: inputs as `INPUT_<NAME>`
 * variables (upper case, hyphens kept) over action.yml's defaults, file commands as empty
 * files, the event payload at GITHUB_EVENT_PATH.
 */
export async function runnerEnvironment(
  dir: string,
  options: Pick<RunActionOptions, 'env' | 'event' | 'githubToken'> & {
    inputs?: Record<string, string>
  }
): Promise<Record<string, string>> {
  const paths = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_EVENT_PATH: join(dir, 'event.json')
  }
  await Promise.all(
    Object.entries(paths).map(([name, p]) =>
      writeFile(p, name === 'GITHUB_EVENT_PATH' ? JSON.stringify(options.event ?? {}) : '')
    )
  )
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKFLOW: 'revoke',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'revoke',
    GITHUB_ACTION: '__self',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    ...paths,
    ...options.env
  }
  if (options.inputs) {
    const inputs = { ...(await inputDefaults(options.githubToken ?? '')), ...options.inputs }
    for (const [name, value] of Object.entries(inputs)) {
      const fromEnv = environmentCredential(name, value)
      if (fromEnv) Object.assign(env, fromEnv)
      else env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
  }
  return env
}

/**
 * The sandbox's name for a provider's credential: its `<id>-token` input, or, for a provider
 * whose credential comes from the runner's environment (AWS), `<id>-token` all the same, which
 * the runner here turns into those variables, as aws-actions/configure-aws-credentials would.
 */
export function credentialInput(p: ProviderFacts): string | undefined {
  return tokenInput(p) ?? (p.credentialEnv ? `${p.id}-token` : undefined)
}

/** The variables a sandbox `<id>-token` of an environment-credential provider stands for. */
function environmentCredential(name: string, value: string): Record<string, string> | undefined {
  const p = Object.values(PROVIDERS).find((f) => `${f.id}-token` === name && f.credentialEnv)
  if (!p?.credentialEnv) return undefined
  const parts = value.split(':')
  return Object.fromEntries(
    p.credentialEnv.flatMap((variable, i) => (parts[i] ? [[variable, parts[i]]] : []))
  )
}

/** Runs the bundled action as the runner does (see `runnerEnvironment`). */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'revoke-run-'))
  const env = await runnerEnvironment(dir, options)
  const child = spawn(process.execPath, [options.entry ?? join(ROOT, 'dist', 'index.js')], {
    env,
    cwd: dir,
    signal: options.signal
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const exitCode = await new Promise<number | null>((done) => {
    child.on('close', (code) => done(code))
    // An abort (the `signal` option) also emits 'error'; wait for 'close' unless it never started.
    child.on('error', () => {
      if (child.pid === undefined) done(null)
    })
  })
  const files: Record<string, string> = {}
  for (const name of await readdir(dir)) files[name] = await readFile(join(dir, name), 'utf8')
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(files.output ?? ''),
    summary: files.summary ?? '',
    files
  }
}

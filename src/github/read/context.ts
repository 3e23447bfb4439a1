import { readFileSync } from 'node:fs'
import * as z from 'zod/mini'

/** What the runner tells the action about where and why it runs. */
export interface RunContext {
  /** `owner/name` of the repository the workflow runs in. */
  repository: string
  owner: string
  repo: string
  runId: string
  job: string
  eventName: string
  /** The event payload (GITHUB_EVENT_PATH), or `{}`. */
  event: unknown
  apiUrl: string
  serverUrl: string
}

const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/

/** `owner/name` as the `{owner}` and `{repo}` of a GitHub route. */
export function ownerRepo(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/')
  return { owner, repo }
}

export function isRepository(value: string): boolean {
  return REPOSITORY.test(value) && !value.split('/').some((part) => part === '.' || part === '..')
}

/** Reads the runner's environment. Missing values get harmless defaults (local runs). */
export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository =
    env.GITHUB_REPOSITORY && isRepository(env.GITHUB_REPOSITORY) ? env.GITHUB_REPOSITORY : ''
  const [owner = '', repo = ''] = repository.split('/')
  let event: unknown = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
    } catch {
      event = {}
    }
  }
  return {
    repository,
    owner,
    repo,
    runId: z.catch(z.string().check(z.regex(/^\d+$/)), '0').parse(env.GITHUB_RUN_ID ?? '0'),
    job: z
      .catch(z.string().check(z.regex(/^[\w.-]{1,100}$/)), 'job')
      .parse(env.GITHUB_JOB ?? 'job'),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
  }
}

export function runUrl(ctx: RunContext): string | undefined {
  return ctx.repository && ctx.runId !== '0'
    ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}`
    : undefined
}

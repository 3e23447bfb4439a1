import { getOctokit } from '@actions/github'
import {
  HttpClient,
  TransportError,
  type HttpClientOptions,
  type HttpMethod
} from '../http/client.js'
import { WindowPacer } from '../http/pacer.js'
import { USER_AGENT } from '../http/user-agent.js'
import { excerpt, type Redactor } from '../secrets.js'
import { GitHubApiError } from './api-error.js'
import { RESOLUTIONS_PER_MINUTE } from './rate-limits.js'

/** GitHub's REST API: `@actions/github`'s Octokit, on the action's own HTTP layer. */
export type GitHubApi = ReturnType<typeof getOctokit>

// Alert resolutions are the one write a run repeats per alert: `RESOLUTIONS_PER_MINUTE`, counted
// over 61 s as GitHub counts them when they arrive.
const PACED_WRITE = /^PATCH \/repos\/[^/]+\/[^/]+\/secret-scanning\/alerts\/\d+$/
const NULL_BODY_STATUS = new Set([101, 204, 205, 304])
const API_VERSION = '2022-11-28'
const GITHUB_BODY_BYTES = 4 * 1024 * 1024

/**
 * Octokit with the action's guarantees, through Octokit's own seams: its `fetch` is the
 * action's HTTP client (timeouts, bounded retries that never repeat a non-idempotent POST
 * after an ambiguous failure, the body cap, no redirects, the run's deadline and
 * cancellation, pacing), and its request hooks keep pagination on the API's origin and
 * redact whatever GitHub echoes before it can reach a message.
 */
export function gitHubApi(
  apiUrl: URL,
  token: string,
  redactor: Redactor,
  options: Omit<HttpClientOptions, 'headers' | 'pacers'>
): GitHubApi {
  const http = new HttpClient(apiUrl, {
    ...options,
    // A page of 100 organization alerts carries each alert's whole repository (about 5 KB),
    // so half a megabyte: GitHub's answers get a larger cap than providers' 256 KiB.
    policy: { ...options.policy, maxBodyBytes: GITHUB_BODY_BYTES },
    pacers: { write: new WindowPacer(RESOLUTIONS_PER_MINUTE, 61_000) }
  })
  const below = pathBelow(apiUrl)

  const fetch = async (
    input: string | URL | Request,
    init: RequestInit = {}
  ): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = below(url)
    // Links off the API's origin are removed before pagination sees them; this is the guard.
    if (path === undefined) throw new Error('refused a request outside the GitHub API origin')
    const method = (init.method ?? 'GET').toUpperCase() as HttpMethod
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    const body = typeof init.body === 'string' ? init.body : undefined
    const res = await http.send({
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(PACED_WRITE.test(`${method} ${path.split('?')[0]}`) ? { pace: 'write' } : {})
    })
    // A body cut at the cap is not GitHub's answer: fail rather than read part of a list.
    if (res.truncated) {
      const route = `${method} ${path.split('?')[0]}`
      throw new GitHubApiError(
        res.status,
        route,
        `GitHub ${route}: HTTP ${res.status}: the answer is larger than ${GITHUB_BODY_BYTES} bytes`
      )
    }
    return new Response(NULL_BODY_STATUS.has(res.status) ? null : res.text, {
      status: res.status,
      headers: res.headers
    })
  }

  const octokit = getOctokit(token, {
    baseUrl: apiUrl.href.replace(/\/+$/, ''),
    userAgent: USER_AGENT,
    request: { fetch }
  })
  octokit.hook.before('request', (request) => {
    request.headers['x-github-api-version'] = API_VERSION
  })
  octokit.hook.after('request', (response, request) => {
    // Octokit takes a 3xx other than 304 as success; redirects are never followed here, so
    // such an answer is an error like any other non-2xx.
    if (response.status < 200 || response.status > 299) {
      const route = routeOf(request)
      throw new GitHubApiError(response.status, route, `GitHub ${route}: HTTP ${response.status}`)
    }
    // Every REST answer the action reads is JSON. One that is not (an HTML page, a cut body)
    // reaches callers as a string, and breaks pagination: refuse it here.
    if (!NULL_BODY_STATUS.has(response.status) && typeof response.data === 'string') {
      const route = routeOf(request)
      throw new GitHubApiError(
        response.status,
        route,
        `GitHub ${route}: HTTP ${response.status}: the answer is not valid JSON`
      )
    }
    // Pagination follows `Link: rel="next"`: a link off the API's origin is dropped, so the
    // token never follows one (the list simply ends there).
    const link = response.headers.link
    if (link) {
      const kept = link
        .split(',')
        .filter((part) => {
          const target = /<([^>]+)>/.exec(part)?.[1]
          return target !== undefined && below(target) !== undefined
        })
        .join(',')
      if (kept) response.headers.link = kept
      else delete response.headers.link
    }
  })
  octokit.hook.error('request', (error, request) => {
    const route = routeOf(request)
    if (error instanceof GitHubApiError) throw error
    const failed = error as Error & { status?: number; response?: unknown; cause?: unknown }
    // No answer at all (the HTTP client's own error, with its kind), or one refused in fetch.
    if (failed.cause instanceof TransportError || failed.cause instanceof GitHubApiError)
      throw failed.cause
    if (failed.response !== undefined && typeof failed.status === 'number') {
      const headers = (failed.response as { headers?: Record<string, unknown> }).headers ?? {}
      const limited =
        failed.status === 429 ||
        (failed.status === 403 &&
          (String(headers['x-ratelimit-remaining']) === '0' ||
            headers['retry-after'] !== undefined))
      throw new GitHubApiError(
        failed.status,
        route,
        `GitHub ${route}: HTTP ${failed.status}: ${excerpt(failed.message, redactor)}`,
        limited
      )
    }
    const why = failed.cause instanceof Error ? failed.cause.message : failed.message
    throw new Error(`GitHub ${route}: ${excerpt(why, redactor)}`)
  })
  return octokit
}

/** "METHOD /path" of a request, without its query, for messages. */
function routeOf(request: { method: string; url: string }): string {
  return `${request.method} ${request.url.split('?')[0]}`
}

/** A URL as a path below the API base (with its query), or undefined anywhere else. */
function pathBelow(apiUrl: URL): (url: string) => string | undefined {
  const prefix = apiUrl.pathname.replace(/\/+$/, '')
  return (url) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return undefined
    }
    if (parsed.origin !== apiUrl.origin || !parsed.pathname.startsWith(`${prefix}/`))
      return undefined
    return parsed.pathname.slice(prefix.length) + parsed.search
  }
}

import {
  HttpClient,
  parseJson,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse
} from '../http/client.js'
import { WindowPacer } from '../http/pacer.js'
import { excerpt, type Redactor } from '../secrets.js'

/** A GitHub API answer other than 2xx. Its message is redacted. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    readonly route: string,
    message: string
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }
}

/** The `rel="next"` URL of a Link header. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (match) return match[1]
  }
  return undefined
}

/**
 * Most bytes read of one page of a list. An organization's alert carries its whole repository
 * (owner and some 40 URLs, about 5 KB), so a page of 100 is about half a megabyte: more than
 * the 256 KiB the action reads of any other answer, which would cut the page short.
 */
const LIST_PAGE_BYTES = 4 * 1024 * 1024

/**
 * GitHub's REST API through the action's own HTTP layer, so GitHub calls get
 * the same timeouts, bounded retries, body cap, deadline and redaction as
 * provider calls. The token goes only to the API's origin.
 */
export class GitHubClient {
  readonly #http: HttpClient
  /** The same, reading up to LIST_PAGE_BYTES of an answer: for pages of lists only. */
  readonly #lists: HttpClient
  readonly #base: URL

  constructor(
    apiUrl: URL,
    token: string,
    private readonly redactor: Redactor,
    options: Omit<HttpClientOptions, 'headers'>
  ) {
    this.#base = apiUrl
    const headers = {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'revoke-leaked-keys'
    }
    this.#http = new HttpClient(apiUrl, {
      ...options,
      pacers: {
        // GitHub's secondary limit: 900 points a minute per endpoint, a PATCH or POST costing
        // 5, so 180 writes to one endpoint a minute; counted over 61 s, as GitHub counts them
        // when they arrive.
        write: new WindowPacer(180, 61_000)
      },
      headers
    })
    this.#lists = new HttpClient(apiUrl, {
      ...options,
      policy: { ...options.policy, maxBodyBytes: LIST_PAGE_BYTES },
      headers
    })
  }

  /** `paced`: a write repeated per alert (resolutions), kept under GitHub's secondary limit. */
  async request(
    method: HttpMethod,
    path: string,
    body?: unknown,
    paced = false
  ): Promise<{ data: unknown; response: HttpResponse }> {
    return this.#answer(this.#http, method, path, body, paced)
  }

  async #answer(
    http: HttpClient,
    method: HttpMethod,
    path: string,
    body?: unknown,
    paced = false
  ): Promise<{ data: unknown; response: HttpResponse }> {
    const response = await http.send({
      method,
      path,
      ...(paced ? { pace: 'write' } : {}),
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    })
    if (response.status < 200 || response.status > 299) {
      const said = parseJson(response) as { message?: unknown } | undefined
      const text = typeof said?.message === 'string' ? said.message : response.text
      throw new GitHubApiError(
        response.status,
        `${method} ${path.split('?')[0]}`,
        `GitHub ${method} ${path.split('?')[0]}: HTTP ${response.status}: ${excerpt(text, this.redactor)}`
      )
    }
    return { data: parseJson(response), response }
  }

  /**
   * Every page of a list, following `Link: rel="next"` while it stays on the API's origin, one
   * page at a time: a page's answer is let go before the next is asked for. Returns whether
   * the list was read to its end (false when `maxPages` stopped it).
   */
  async *pages(path: string, maxPages = 100): AsyncGenerator<unknown[], boolean> {
    let next: string | undefined = path
    for (let page = 0; next !== undefined; page++) {
      if (page >= maxPages) return false
      const read: { items: unknown[]; next: string | undefined } = await this.#page(next)
      next = read.next
      yield read.items
    }
    return true
  }

  /** One page of a list: its items and the path of the next, without the answer's text. */
  async #page(path: string): Promise<{ items: unknown[]; next: string | undefined }> {
    const { data, response } = await this.#answer(this.#lists, 'GET', path)
    if (!Array.isArray(data))
      throw new GitHubApiError(
        response.status,
        `GET ${path.split('?')[0]}`,
        `GitHub GET ${path.split('?')[0]}: expected a list`
      )
    return { items: data, next: this.#relative(nextLink(response.headers.link)) }
  }

  /** A Link URL as a path below the base, or undefined when it points anywhere else. */
  #relative(url: string | undefined): string | undefined {
    if (!url) return undefined
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return undefined
    }
    const prefix = this.#base.pathname.replace(/\/+$/, '')
    if (parsed.origin !== this.#base.origin || !parsed.pathname.startsWith(`${prefix}/`))
      return undefined
    return parsed.pathname.slice(prefix.length) + parsed.search
  }
}

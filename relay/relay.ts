/**
 * The relay: turns GitHub's `secret_scanning_alert` webhook into a `repository_dispatch` that
 * starts the revoke workflow within seconds. One Web-standard handler, `handle(request, env)`,
 * deployed as a Cloudflare Worker (worker.ts, wrangler.toml) or served by node:http (node.ts).
 *
 * It never sees a secret: a secret_scanning_alert body carries none, and the action reads the
 * alert itself with its `alerts-token`. It forwards only what the action needs to find the
 * alert, and logs one line per delivery without the body, the signature or any token.
 *
 * Web APIs only (fetch, Web Crypto, streams): no Node module, so the same file runs in workerd.
 */
import { verify } from '@octokit/webhooks-methods'
// zod/mini rather than the action's `zod`: the Worker's bundle keeps only the kinds of check
// used, about 40 KB unminified, where `zod` would bring 180 KB (__tests__/relay/parts.test.ts).
import * as z from 'zod/mini'
import { checkBaseUrl } from '../src/http/url-policy.js'

/** The part of a Workers KV namespace the relay uses (a KV binding satisfies it). */
export interface DeliveryStore {
  get(key: string): Promise<string | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
}

/** Settings: Worker secrets and vars, or environment variables for the Node server. */
export interface Env {
  /** The webhook's secret (required). */
  WEBHOOK_SECRET?: string
  /** The previous secret, also accepted while the webhook's secret is being rotated. */
  WEBHOOK_SECRET_PREVIOUS?: string
  /** Fine-grained token with Contents: write on the target repositories. */
  DISPATCH_TOKEN?: string
  /** GitHub App id (or client id); with APP_PRIVATE_KEY, used instead of DISPATCH_TOKEN. */
  APP_ID?: string
  /** The App's private key, PEM (PKCS#1 as GitHub issues it, or PKCS#8). */
  APP_PRIVATE_KEY?: string
  /** `owner/name` that runs the workflow for every alert; default: the alert's repository. */
  TARGET_REPOSITORY?: string
  /** REST API root; default https://api.github.com (GHES: https://HOST/api/v3). */
  GITHUB_API_URL?: string
  /** Time for all GitHub calls of one delivery, in ms (default 9000: GitHub waits 10 s). */
  DISPATCH_DEADLINE_MS?: string
  /** KV namespace remembering forwarded delivery ids (optional). */
  DELIVERIES?: DeliveryStore
}

/** Largest body read. GitHub caps webhooks at 25 MB; a secret_scanning_alert is a few KB. */
export const MAX_BODY_BYTES = 1024 * 1024
/** What GitHub allows in a dispatch's client_payload. */
const CLIENT_PAYLOAD_LIMITS = { keys: 10, bytes: 64 * 1024 }
const EVENT_TYPE = 'secret_scanning_alert'
const USER_AGENT = 'revoke-leaked-keys-relay'
const DEFAULT_API_URL = 'https://api.github.com'
const DEFAULT_DEADLINE_MS = 9000
/** How long a forwarded delivery id is remembered (KV): a redelivery within it is dropped. */
const DELIVERY_TTL_S = 3 * 24 * 3600
/** Longest string field copied into client_payload; a longer one is left out, not cut. */
const MAX_FIELD = 256

/**
 * The actions that mean "a live secret to kill": a new alert; one reopened (its resolution
 * was judged wrong, so the secret may be live); one found in a public place (the urgent
 * case); and a validity check that found the secret `active`. The others (resolved,
 * assigned, unassigned, and validated as inactive or unknown) bring no new reason to revoke
 * and are answered 204, as is every other event (`ping`, `secret_scanning_alert_location`: a
 * new location of an alert that was already forwarded when it was created).
 */
export const FORWARDED_ACTIONS = ['created', 'reopened', 'publicly_leaked', 'validated'] as const
const KNOWN_ACTIONS = new Set<string>([...FORWARDED_ACTIONS, 'resolved', 'assigned', 'unassigned'])

/** What the workflow receives as `github.event.client_payload`. */
export interface ClientPayload {
  action: string
  alert: {
    number: number
    secret_type?: string
    secret_type_display_name?: string
    validity?: string
    html_url?: string
  }
  repository: { full_name: string }
  organization?: { login: string }
  installation?: { id: number }
  /** X-GitHub-Delivery of the webhook, to trace a run back to its delivery. */
  delivery?: string
}

/** The one line logged per delivery. */
export interface LogLine {
  delivery: string
  event: string
  action?: string
  repository?: string
  alert?: number
  target?: string
  outcome: Outcome
  status: number
  /** GitHub's status for a refused dispatch or token, or the network failure. */
  github?: number | 'timeout' | 'network'
  attempts?: number
  /** For `misconfigured`: which setting is wrong (its name, never its value). */
  problem?: string
  /** Why a delivery was refused, and what to change, when the relay can tell (never a value). */
  hint?: string
  ms: number
}

export type Outcome =
  | 'dispatched'
  | 'duplicate'
  | 'ignored'
  | 'unsigned'
  | 'too-large'
  | 'malformed'
  | 'form-encoded'
  | 'event-mismatch'
  | 'method-not-allowed'
  | 'not-found'
  | 'dispatch-failed'
  | 'misconfigured'

const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/
const SIGNATURE = /^sha256=[0-9a-f]{64}$/
const DELIVERY_ID = /^[A-Za-z0-9-]{1,64}$/

export function isRepository(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    REPOSITORY.test(value) &&
    !value.split('/').some((part) => part === '.' || part === '..')
  )
}

type Auth = { kind: 'token'; token: string } | { kind: 'app'; appId: string; privateKey: string }

interface Config {
  secret: string
  previous: string[]
  auth: Auth
  target: string | undefined
  apiUrl: string
  deadlineMs: number
  store: DeliveryStore | undefined
}

/** The settings, or what is wrong with them (names only: never a value). */
export function readConfig(env: Env): Config | { error: string } {
  const secret = env.WEBHOOK_SECRET ?? ''
  if (!secret) return { error: 'WEBHOOK_SECRET is not set' }
  if (!secret.trim()) return { error: 'WEBHOOK_SECRET is only white space' }
  const token = env.DISPATCH_TOKEN ?? ''
  const appId = (env.APP_ID ?? '').trim()
  const privateKey = env.APP_PRIVATE_KEY ?? ''
  let auth: Auth
  if (appId || privateKey) {
    if (token) return { error: 'set DISPATCH_TOKEN or APP_ID and APP_PRIVATE_KEY, not both' }
    if (!appId) return { error: 'APP_PRIVATE_KEY is set but APP_ID is not' }
    if (!privateKey) return { error: 'APP_ID is set but APP_PRIVATE_KEY is not' }
    if (!/^[\w.-]{1,64}$/.test(appId)) return { error: 'APP_ID is not an app id or client id' }
    auth = { kind: 'app', appId, privateKey }
  } else if (token) {
    auth = { kind: 'token', token }
  } else {
    return { error: 'set DISPATCH_TOKEN, or APP_ID and APP_PRIVATE_KEY' }
  }
  const target = env.TARGET_REPOSITORY?.trim() || undefined
  if (target !== undefined && !isRepository(target))
    return { error: 'TARGET_REPOSITORY is not owner/name' }
  const api = checkBaseUrl(env.GITHUB_API_URL?.trim() || DEFAULT_API_URL)
  if ('error' in api) return { error: `GITHUB_API_URL ${api.error}` }
  const deadline = env.DISPATCH_DEADLINE_MS?.trim()
  if (deadline && !/^\d{2,5}$/.test(deadline))
    return { error: 'DISPATCH_DEADLINE_MS is not a number of milliseconds (10 to 99999)' }
  return {
    secret,
    previous: env.WEBHOOK_SECRET_PREVIOUS ? [env.WEBHOOK_SECRET_PREVIOUS] : [],
    auth,
    target,
    apiUrl: api.url.href.replace(/\/+$/, ''),
    deadlineMs: deadline ? Number(deadline) : DEFAULT_DEADLINE_MS,
    store: env.DELIVERIES
  }
}

/** Handles one delivery. `log` receives its one line (default: console.log as JSON). */
export async function handle(
  request: Request,
  env: Env,
  log: (line: LogLine) => void = (line) => console.log(JSON.stringify(line))
): Promise<Response> {
  const started = Date.now()
  const rawId = request.headers.get('x-github-delivery') ?? ''
  const line: LogLine = {
    delivery: DELIVERY_ID.test(rawId) ? rawId : '-',
    event: safeEvent(request.headers.get('x-github-event')),
    outcome: 'malformed',
    status: 400,
    ms: 0
  }
  const done = (status: number, outcome: Outcome, text: string): Response => {
    const { delivery, event, action, repository, alert, target, ...rest } = line
    log({
      delivery,
      event,
      action,
      repository,
      alert,
      target,
      ...rest,
      outcome,
      status,
      ms: Date.now() - started
    })
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' }
    if (status === 405) headers.allow = 'POST'
    if (status === 413) headers.connection = 'close'
    return new Response(status === 204 ? null : `${text}\n`, { status, headers })
  }

  if (new URL(request.url).pathname !== '/') return done(404, 'not-found', 'Not found')
  if (request.method !== 'POST') return done(405, 'method-not-allowed', 'Only POST')
  const config = readConfig(env)
  if ('error' in config) {
    line.problem = config.error
    return done(500, 'misconfigured', 'The relay is not configured; see its log')
  }
  const body = await readBody(request, MAX_BODY_BYTES)
  if (body === 'too-large') return done(413, 'too-large', 'Body too large')

  // Authenticate before anything else is read from the request.
  const signature = await checkSignature(config, body, request.headers.get('x-hub-signature-256'))
  if (signature !== 'valid') {
    if (signature !== 'invalid') line.hint = spacedSecretHint(signature)
    return done(401, 'unsigned', 'Signature missing or wrong')
  }

  // GitHub signs the raw body whatever the content type, so a form-encoded delivery passes
  // the check above; its JSON is inside `payload=`. Refused, pings included, so that the
  // webhook's first delivery already says what to change.
  if (isFormEncoded(request.headers.get('content-type'))) {
    line.hint = FORM_HINT
    return done(400, 'form-encoded', FORM_ANSWER)
  }

  // The signature covers the body, not X-GitHub-Event: an alert under another event's name
  // would be dropped unseen, and another event's body under the alert's name forwarded.
  const json = parseJson(body)
  const shape = shapeOf(json)
  if (shape !== undefined && shape !== line.event) {
    const header = line.event === '-' ? 'is missing or not an event name' : `is ${line.event}`
    line.hint =
      `X-GitHub-Event ${header}, but the signed body is a ${shape}: the signature covers the ` +
      'body only, so the header was changed on the way (a proxy in front of the relay?) or ' +
      'the body was resent under another event. Nothing forwarded.'
    return done(400, 'event-mismatch', `X-GitHub-Event ${header}, but the body is a ${shape}`)
  }
  if (line.event !== EVENT_TYPE) return done(204, 'ignored', '')
  const parsed = WEBHOOK.safeParse(json)
  if (json === undefined || !parsed.success) {
    line.hint = malformedHint(json, parsed.error?.issues[0]?.path)
    return done(400, 'malformed', 'Not a secret_scanning_alert body')
  }
  const webhook = parsed.data
  line.action = KNOWN_ACTIONS.has(webhook.action) ? webhook.action : 'other'
  line.repository = webhook.repository.full_name
  line.alert = webhook.alert.number
  if (!isForwarded(webhook)) return done(204, 'ignored', '')

  const target = config.target ?? webhook.repository.full_name
  line.target = target
  const key = line.delivery === '-' ? undefined : `delivery:${line.delivery}`
  if (key && config.store && (await seen(config.store, key)))
    return done(202, 'duplicate', 'Already dispatched')

  const deadline = started + config.deadlineMs
  const payload = clientPayload(webhook, line.delivery === '-' ? undefined : line.delivery)
  const result = await forward(config, target, webhook, payload, deadline)
  line.attempts = result.attempts
  if (!result.ok && result.problem) {
    line.problem = result.problem
    return done(500, 'misconfigured', 'The relay is not configured; see its log')
  }
  if (!result.ok) {
    if (result.github !== undefined) line.github = result.github
    return done(502, 'dispatch-failed', 'GitHub did not accept the dispatch; redeliver later')
  }
  if (key && config.store) await remember(config.store, key)
  return done(202, 'dispatched', 'Dispatched')
}

/** Event names go into the log: keep them to what an event name can be. */
function safeEvent(value: string | null): string {
  return value && /^[a-z_]{1,64}$/.test(value) ? value : '-'
}

/** The body, or 'too-large' once it passes `limit` (read no further). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | 'too-large'> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) {
    await request.body?.cancel().catch(() => undefined)
    return 'too-large'
  }
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      return 'too-large'
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/**
 * Does the signature verify with the secret (or the previous one)? The header must be exactly
 * `sha256=` and 64 lower-case hex digits, as GitHub sends it; the comparison itself is
 * @octokit/webhooks-methods' (constant time). A body that is not UTF-8 cannot be GitHub's.
 *
 * When it does not, and a secret has white space around it (`echo` into a secret store adds a
 * newline), the same check with that secret trimmed tells the log why: the delivery is still
 * refused, since the relay's secret is what it was given.
 */
async function checkSignature(
  config: Config,
  body: Uint8Array,
  signature: string | null
): Promise<'valid' | 'invalid' | SecretName> {
  if (signature === null || !SIGNATURE.test(signature) || body.byteLength === 0) return 'invalid'
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    return 'invalid'
  }
  const secrets: Array<[SecretName, string]> = [
    ['WEBHOOK_SECRET', config.secret],
    ...config.previous.map((s): [SecretName, string] => ['WEBHOOK_SECRET_PREVIOUS', s])
  ]
  for (const [, secret] of secrets) if (await verifies(secret, text, signature)) return 'valid'
  for (const [name, secret] of secrets) {
    const trimmed = secret.trim()
    if (trimmed !== secret && (await verifies(trimmed, text, signature))) return name
  }
  return 'invalid'
}

type SecretName = 'WEBHOOK_SECRET' | 'WEBHOOK_SECRET_PREVIOUS'

async function verifies(secret: string, text: string, signature: string): Promise<boolean> {
  try {
    return (await verify(secret, text, signature)) === true
  } catch {
    return false // an empty secret (one that was only white space)
  }
}

const spacedSecretHint = (name: SecretName) =>
  `${name} has white space at its start or end (a trailing newline, as echo adds?), and the ` +
  `signature matches it without that white space: store ${name} again without it ` +
  "(printf '%s', not echo). Refused until then."

const FORM_HINT =
  'the webhook sends application/x-www-form-urlencoded, and the relay reads only JSON: edit ' +
  "the webhook (the repository's or organization's Settings -> Webhooks) and set its Content " +
  'type to application/json. Nothing forwarded.'
const FORM_ANSWER = "The relay reads JSON only: set the webhook's content type to application/json"

/** Is this Content-Type a form's (its media type, whatever its parameters and case)? */
function isFormEncoded(contentType: string | null): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase()
  return media === 'application/x-www-form-urlencoded'
}

/** The body as JSON, or undefined when it is not (not UTF-8 was refused before this). */
function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown
  } catch {
    return undefined
  }
}

/**
 * The events whose bodies the relay tells apart, each by what only it has: a location's body
 * also holds its alert, so it comes first; `secret_type` tells a secret scanning alert from a
 * code scanning or Dependabot alert, whose numbers are other series the action would read as
 * a secret scanning alert's.
 */
const SHAPES = [
  ['secret_scanning_alert_location', z.object({ alert: z.object({}), location: z.object({}) })],
  [EVENT_TYPE, z.object({ alert: z.object({ secret_type: z.string() }) })],
  ['ping', z.object({ zen: z.string(), hook_id: z.number() })]
] as const

/** Which of SHAPES' events the body is, if any. */
function shapeOf(json: unknown): (typeof SHAPES)[number][0] | undefined {
  return SHAPES.find(([, schema]) => schema.safeParse(json).success)?.[0]
}

const id = z.int().check(z.positive())

/**
 * What the relay needs of a secret_scanning_alert body. The fields it only passes on are read
 * by `kept`, so that one GitHub sends in another form is left out rather than the alert refused.
 */
const WEBHOOK = z.looseObject({
  action: z.string(),
  alert: z.looseObject({ number: id, secret_type: z.string() }),
  repository: z.object({ full_name: z.string().check(z.refine(isRepository)) })
})
const TEXT = z.string().check(z.maxLength(MAX_FIELD))
const URL_TEXT = TEXT.check(z.regex(/^https?:\/\//))
const VALIDITY = z.enum(['active', 'inactive', 'unknown'])
const ORGANIZATION = z.object({ login: z.string().check(z.regex(/^[A-Za-z0-9-]{1,100}$/)) })
const INSTALLATION = z.object({ id })

/** `value` when it fits `schema`, else undefined. */
function kept<T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value)
  return result.success ? result.data : undefined
}

type Webhook = z.infer<typeof WEBHOOK>

/** Names the first field that is wrong: a path of the schema's, never a value of the body. */
function malformedHint(json: unknown, path: readonly PropertyKey[] | undefined): string {
  if (json === undefined) return 'the body is not JSON'
  if (!path?.length) return 'the body is not a JSON object'
  return `the body is not a secret_scanning_alert: ${path.map(String).join('.')} is missing or not what GitHub sends`
}

function isForwarded(webhook: Webhook): boolean {
  if (webhook.action === 'validated') return webhook.alert.validity === 'active'
  return (FORWARDED_ACTIONS as readonly string[]).includes(webhook.action)
}

/**
 * The client_payload: what the action needs (alert number and repository, the same shape as
 * a webhook body so `relayedAlert` reads it) and a few fields for the workflow's own use. At
 * most 6 top-level keys and under 2 KB whatever the webhook held: long strings are left out.
 */
function clientPayload(webhook: Webhook, delivery: string | undefined): ClientPayload {
  const a = webhook.alert
  const alert: ClientPayload['alert'] = { number: a.number }
  const secretType = kept(TEXT, a.secret_type)
  const displayName = kept(TEXT, a.secret_type_display_name)
  const validity = kept(VALIDITY, a.validity)
  const url = kept(URL_TEXT, a.html_url)
  if (secretType) alert.secret_type = secretType
  if (displayName) alert.secret_type_display_name = displayName
  if (validity) alert.validity = validity
  if (url) alert.html_url = url
  const organization = kept(ORGANIZATION, webhook.organization)
  const installation = kept(INSTALLATION, webhook.installation)
  return {
    action: webhook.action,
    alert,
    repository: { full_name: webhook.repository.full_name },
    ...(organization ? { organization } : {}),
    ...(installation ? { installation } : {}),
    ...(delivery ? { delivery } : {})
  }
}

async function seen(store: DeliveryStore, key: string): Promise<boolean> {
  try {
    return (await store.get(key)) !== null
  } catch {
    return false // storage is a convenience; the workflow's concurrency handles duplicates
  }
}

async function remember(store: DeliveryStore, key: string): Promise<void> {
  try {
    await store.put(key, '1', { expirationTtl: DELIVERY_TTL_S })
  } catch {
    // as above
  }
}

type Sent =
  | { ok: true; status: number; json: unknown; attempts: number }
  | { ok: false; github?: number | 'timeout' | 'network'; attempts: number; problem?: string }

/**
 * One GitHub call, retried once after a 5xx or a network failure. Every attempt ends by
 * `deadline`: the first gets half the time left, the retry the rest. Redirects are not
 * followed (the token stays on GitHub's origin). Nothing of the answer is kept but its status
 * and, when asked, its JSON.
 */
async function call(
  config: Config,
  method: 'GET' | 'POST',
  path: string,
  auth: string,
  body: unknown,
  deadline: number,
  wantJson = false
): Promise<Sent> {
  let last: Sent = { ok: false, github: 'timeout', attempts: 0 }
  for (let attempt = 1; attempt <= 2; attempt++) {
    const left = deadline - Date.now()
    if (left <= 0) break
    const timeout = attempt === 1 ? left / 2 : left
    const signal = AbortSignal.timeout(Math.max(1, Math.floor(timeout)))
    try {
      const response = await fetch(`${config.apiUrl}${path}`, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${auth}`,
          'user-agent': USER_AGENT,
          'x-github-api-version': '2022-11-28',
          ...(body === undefined ? {} : { 'content-type': 'application/json' })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'manual',
        signal
      })
      if (response.status >= 200 && response.status < 300) {
        const json = wantJson ? await response.json().catch(() => undefined) : undefined
        if (!wantJson) await response.body?.cancel().catch(() => undefined)
        return { ok: true, status: response.status, json, attempts: attempt }
      }
      await response.body?.cancel().catch(() => undefined)
      last = { ok: false, github: response.status, attempts: attempt }
      if (response.status < 500) break // GitHub's answer stands: a retry gets the same
    } catch {
      last = { ok: false, github: signal.aborted ? 'timeout' : 'network', attempts: attempt }
    }
    const pause = Math.min(200, (deadline - Date.now()) / 4)
    if (attempt === 1 && pause > 0) await new Promise((resolve) => setTimeout(resolve, pause))
  }
  return last
}

/** Sends the dispatch, with the token or an installation token made for `target`. */
async function forward(
  config: Config,
  target: string,
  webhook: Webhook,
  payload: ClientPayload,
  deadline: number
): Promise<Sent> {
  let token: string
  let spent = 0
  if (config.auth.kind === 'token') {
    token = config.auth.token
  } else {
    const minted = await installationToken(config, config.auth, target, webhook, deadline)
    if (!('token' in minted)) return minted
    token = minted.token
    spent = minted.attempts
  }
  const body = { event_type: EVENT_TYPE, client_payload: payload }
  if (!fitsGitHubLimits(payload)) return { ok: false, attempts: spent } // cannot happen; see clientPayload
  const sent = await call(config, 'POST', `/repos/${target}/dispatches`, token, body, deadline)
  // A cached installation token GitHub no longer takes (the App was uninstalled, say) is dropped.
  if (!sent.ok && sent.github === 401) tokens.delete(tokenKey(config, target))
  return { ...sent, attempts: spent + sent.attempts }
}

function fitsGitHubLimits(payload: object): boolean {
  return (
    Object.keys(payload).length <= CLIENT_PAYLOAD_LIMITS.keys &&
    new TextEncoder().encode(JSON.stringify(payload)).byteLength < CLIENT_PAYLOAD_LIMITS.bytes
  )
}

// --- GitHub App: an installation token limited to the target repository and Contents: write.

/** GitHub's answer to POST /app/installations/{id}/access_tokens (INSTALLATION: to its GET). */
const INSTALLATION_TOKEN = z.object({
  token: z.string().check(z.minLength(1)),
  expires_at: z.optional(z.unknown())
})

const tokens = new Map<string, { token: string; expiresAt: number }>()
const installations = new Map<string, number>()
const tokenKey = (config: Config, target: string) =>
  config.auth.kind === 'app' ? `${config.apiUrl} ${config.auth.appId} ${target.toLowerCase()}` : ''
type PrivateKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>
const keys = new Map<string, Promise<PrivateKey>>()

async function installationToken(
  config: Config,
  app: { appId: string; privateKey: string },
  target: string,
  webhook: Webhook,
  deadline: number
): Promise<{ token: string; attempts: number } | Sent> {
  const [owner = '', name = ''] = target.split('/')
  const cacheKey = tokenKey(config, target)
  const cached = tokens.get(cacheKey)
  // Reused while it has 10 of its 60 minutes left.
  if (cached && cached.expiresAt - Date.now() > 10 * 60_000)
    return { token: cached.token, attempts: 0 }

  let jwt: string
  try {
    jwt = await appJwt(app)
  } catch {
    return { ok: false, attempts: 0, problem: 'APP_PRIVATE_KEY is not an RSA private key in PEM' }
  }
  let attempts = 0
  // The webhook's installation is the alert's account's; the target may be another account's.
  const sameAccount =
    webhook.repository.full_name.split('/')[0]?.toLowerCase() === owner.toLowerCase()
  const accountKey = `${config.apiUrl} ${app.appId} ${owner.toLowerCase()}`
  let installation = sameAccount ? kept(INSTALLATION, webhook.installation)?.id : undefined
  installation ??= installations.get(accountKey)
  if (installation === undefined) {
    const found = await call(
      config,
      'GET',
      `/repos/${target}/installation`,
      jwt,
      undefined,
      deadline,
      true
    )
    attempts += found.attempts
    const answer = found.ok ? INSTALLATION.safeParse(found.json) : undefined
    if (!found.ok || !answer?.success) return { ...found, ok: false, attempts }
    installation = answer.data.id
    installations.set(accountKey, installation)
  }
  const minted = await call(
    config,
    'POST',
    `/app/installations/${installation}/access_tokens`,
    jwt,
    { repositories: [name], permissions: { contents: 'write' } },
    deadline,
    true
  )
  attempts += minted.attempts
  const answer = minted.ok ? INSTALLATION_TOKEN.safeParse(minted.json) : undefined
  if (!minted.ok || !answer?.success) {
    installations.delete(accountKey) // it may have been reinstalled under a new id
    return { ...minted, ok: false, attempts }
  }
  const { token, expires_at } = answer.data
  const expires = typeof expires_at === 'string' ? Date.parse(expires_at) : NaN
  tokens.set(cacheKey, {
    token,
    expiresAt: Number.isFinite(expires) ? expires : Date.now() + 30 * 60_000
  })
  return { token, attempts }
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
const utf8 = (text: string) => new TextEncoder().encode(text)

/** A JWT for the App (RS256, 9 minutes, issued a minute back for clock drift). */
export async function appJwt(
  app: { appId: string; privateKey: string },
  now = Date.now()
): Promise<string> {
  let key = keys.get(app.privateKey)
  if (!key) {
    key = importPrivateKey(app.privateKey)
    keys.set(app.privateKey, key)
    key.catch(() => keys.delete(app.privateKey))
  }
  const seconds = Math.floor(now / 1000)
  const iss = /^\d+$/.test(app.appId) ? Number(app.appId) : app.appId
  const head = base64url(utf8(JSON.stringify({ alg: 'RS256', typ: 'JWT' })))
  const claims = base64url(utf8(JSON.stringify({ iat: seconds - 60, exp: seconds + 540, iss })))
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    await key,
    utf8(`${head}.${claims}`)
  )
  return `${head}.${claims}.${base64url(new Uint8Array(signature))}`
}

/** Imports a PEM private key; GitHub's PKCS#1 ("RSA PRIVATE KEY") is wrapped into PKCS#8. */
async function importPrivateKey(pem: string): Promise<PrivateKey> {
  const text = pem.replace(/\\n/g, '\n')
  const match = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]+?)-----END \1?PRIVATE KEY-----/.exec(
    text
  )
  if (!match) throw new Error('not a PEM private key')
  const der = Uint8Array.from(atob((match[2] ?? '').replace(/\s+/g, '')), (c) => c.charCodeAt(0))
  const pkcs8 = match[1] ? wrapPkcs1(der) : der
  return crypto.subtle.importKey(
    'pkcs8',
    pkcs8,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign']
  )
}

/** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key. */
function wrapPkcs1(pkcs1: Uint8Array): Uint8Array {
  const length = (n: number): number[] => {
    if (n < 0x80) return [n]
    const bytes: number[] = []
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff)
    return [0x80 | bytes.length, ...bytes]
  }
  const version = [0x02, 0x01, 0x00]
  // SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }
  const algorithm = ('300d06092a864886f70d0101010500'.match(/../g) ?? []).map((h) =>
    parseInt(h, 16)
  )
  const octets = [0x04, ...length(pkcs1.byteLength)]
  const inner = version.length + algorithm.length + octets.length + pkcs1.byteLength
  const head = [0x30, ...length(inner), ...version, ...algorithm, ...octets]
  const out = new Uint8Array(head.length + pkcs1.byteLength)
  out.set(head)
  out.set(pkcs1, head.length)
  return out
}

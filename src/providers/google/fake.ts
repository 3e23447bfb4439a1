import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto'
import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, hex, uuid, type FakeKey } from '../../../sandbox/store.js'
import { TOKEN_AUDIENCE } from './facts.js'

// Plays the API Keys API v2, IAM's service account key disable and delete, and the OAuth token
// endpoint's JWT bearer grant (src/providers/google/README.md, the Discovery documents beside
// it). The store holds both kinds, alternately (or one kind: `options.kinds`): an API key's id is
// its resource name, `projects/<number>/locations/global/keys/<uuid>`; a service account key's
// value is its key file as base64 on one line, and its id
// `projects/<project>/serviceAccounts/<email>/keys/<private_key_id>`. A key's owner stands for
// its project: a management token (an OAuth access token, made with `addToken`) may manage the
// keys of its own owner only. A deleted API key stays findable (lookupKey, keys.get with
// `deleteTime`) for its 30 days unless it is `purged`. The token endpoint checks the JWT's
// RS256 signature against the public key kept for its `kid`, independently of the adapter.
// Errors are Google's `{error: {code, message, status}}`, and OAuth's `{error, error_description}`.
export function googleFake() {
  let project = 100_000_000_000
  /** The public key of each service account key, by its id. */
  const publicKeys = new Map<string, KeyObject>()
  const options = {
    /** How many reads of a delete's operation answer `done: false` before it is done. */
    pendingPolls: 0,
    /** Which kind `addKey` makes: both in turn, or one. */
    kinds: 'both' as 'both' | 'api' | 'sa'
  }
  const serviceAccountKey = (seq: number) => {
    // 1024-bit keys: the fake checks signatures, not strength, and makes many keys.
    const pair = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const projectId = `proj-${seq}-${hex(6)}`
    const email = `leaky-${seq}@${projectId}.iam.gserviceaccount.com`
    const keyId = hex(40)
    const file = {
      type: 'service_account',
      project_id: projectId,
      private_key_id: keyId,
      private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: String(100_000_000_000_000_000_000 + seq),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: TOKEN_AUDIENCE,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
      universe_domain: 'googleapis.com'
    }
    const id = `projects/${projectId}/serviceAccounts/${email}/keys/${keyId}`
    publicKeys.set(id, pair.publicKey)
    return { id, value: Buffer.from(`${JSON.stringify(file, null, 2)}`).toString('base64') }
  }
  const store = new KeyStore((seq) =>
    options.kinds === 'sa' || (options.kinds === 'both' && seq % 2 === 0)
      ? serviceAccountKey(seq)
      : {
          id: `projects/${++project}/locations/global/keys/${uuid()}`,
          value: `AIza${alnum(35)}`
        }
  )
  const isServiceAccountKey = (k: FakeKey) => publicKeys.has(k.id)
  /** When each service account key was disabled (a store delay, `propagationMs`, applies). */
  const disabledAt = new Map<FakeKey, number>()
  const disabled = (k: FakeKey, now = Date.now()) => {
    const at = disabledAt.get(k)
    return at !== undefined && now >= at + store.propagationMs
  }
  /** Keys past their 30 days: lookupKey answers no name, keys.get 404. */
  const purged = new Set<FakeKey>()
  const operations = new Map<string, { key: FakeKey; polls: number }>()

  const error = (code: number, status: string, message: string): Reply => ({
    status: code,
    json: { error: { code, message, status } }
  })
  const unauthenticated = error(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
  )
  const denied = error(403, 'PERMISSION_DENIED', 'The caller does not have permission')
  const bearer = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
  /** A key by a predicate, deleted or not, while Google keeps it (not purged). */
  const kept = (predicate: (k: FakeKey) => boolean) =>
    store.keys.find((k) => !purged.has(k) && !isServiceAccountKey(k) && predicate(k))
  const time = (ms: number) => new Date(ms).toISOString()
  const keyBody = (k: FakeKey) => ({
    name: k.id,
    uid: k.id.split('/').at(-1),
    displayName: k.name,
    createTime: '2026-01-01T00:00:00.000000Z',
    updateTime: time(k.deletedAt ?? Date.parse('2026-01-01T00:00:00Z')),
    etag: `W/"${k.id.length}"`,
    // Shown once the delete has taken effect (the store's `propagationMs` plays a delay).
    ...(k.deletedAt !== undefined && !store.isAlive(k) ? { deleteTime: time(k.deletedAt) } : {})
  })
  const operation = (name: string, k: FakeKey, done: boolean) => ({
    name,
    metadata: {},
    done,
    ...(done
      ? { response: { '@type': 'type.googleapis.com/google.api.apikeys.v2.Key', ...keyBody(k) } }
      : {})
  })

  const oauthError = (error: string, description: string): Reply => ({
    status: 400,
    json: { error, error_description: description }
  })
  const decode = (part: string | undefined): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'))
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
    } catch {
      return undefined
    }
  }
  /** The JWT bearer grant: RS256 checked against the public key of the JWT's `kid`. */
  const token = (req: RecordedRequest): Reply => {
    const form = new URLSearchParams(req.body)
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return oauthError('unsupported_grant_type', 'Invalid grant_type: ')
    const parts = (form.get('assertion') ?? '').split('.')
    const [header, claims] = [decode(parts[0]), decode(parts[1])]
    if (parts.length !== 3 || !header || !claims || header.alg !== 'RS256')
      return oauthError(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe'
      )
    const now = Math.floor(Date.now() / 1000)
    const iat = Number(claims.iat)
    const exp = Number(claims.exp)
    if (claims.aud !== TOKEN_AUDIENCE || !(exp > now) || exp - iat > 3600 || iat > now + 300)
      return oauthError(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.'
      )
    const key = store.keys.find(
      (k) => isServiceAccountKey(k) && k.id.endsWith(`/keys/${String(header.kid)}`)
    )
    const publicKey = key && publicKeys.get(key.id)
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`)
    const good =
      publicKey !== undefined &&
      verify('RSA-SHA256', signed, publicKey, Buffer.from(parts[2] ?? '', 'base64url'))
    if (!key || !good || !store.isAlive(key) || disabled(key))
      return oauthError('invalid_grant', 'Invalid JWT Signature.')
    if (claims.iss !== key.id.split('/')[3])
      return oauthError('invalid_grant', 'Invalid JWT Signature.')
    return {
      status: 200,
      json: { access_token: `ya29.c.${alnum(120)}`, expires_in: 3599, token_type: 'Bearer' }
    }
  }

  const route = (req: RecordedRequest): Reply => {
    if (req.method === 'POST' && req.path === '/token') return token(req)
    // Only an OAuth access token authenticates here: an API key (a key of the store) does not.
    const who = store.authenticate(bearer(req))
    if (!who || who.key) return unauthenticated
    if (req.method === 'GET' && req.path === '/v2/keys:lookupKey') {
      const value = new Map(req.query).get('keyString') ?? ''
      const key = store.keys.find((k) => k.value === value && !isServiceAccountKey(k))
      if (!key) return error(404, 'NOT_FOUND', 'Key not found.')
      if (key.owner !== who.owner || !who.canManage) return denied
      const parent = key.id.split('/').slice(0, 4).join('/')
      return { status: 200, json: purged.has(key) ? { parent } : { parent, name: key.id } }
    }
    const op = /^\/v2\/(operations\/[^/]+)$/.exec(req.path)
    if (req.method === 'GET' && op) {
      const entry = operations.get(op[1] ?? '')
      if (!entry || entry.key.owner !== who.owner)
        return error(404, 'NOT_FOUND', 'Operation not found.')
      entry.polls -= 1
      return { status: 200, json: operation(op[1] ?? '', entry.key, entry.polls < 0) }
    }
    const named = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/keys\/[^/]+)$/.exec(req.path)
    if (named) {
      const name = decodeURIComponent(named[1] ?? '')
      const key = kept((k) => k.id === name)
      if (req.method === 'GET') {
        if (!key) return error(404, 'NOT_FOUND', `Key ${name} not found.`)
        if (key.owner !== who.owner) return denied
        return { status: 200, json: keyBody(key) }
      }
      if (req.method === 'DELETE') {
        if (!key || key.deletedAt !== undefined)
          return error(404, 'NOT_FOUND', `Key ${name} not found.`)
        if (key.owner !== who.owner || !who.canManage) return denied
        store.delete(key)
        const opName = `operations/akmf.p7-${alnum(20)}`
        operations.set(opName, { key, polls: options.pendingPolls })
        return { status: 200, json: operation(opName, key, options.pendingPolls === 0) }
      }
    }
    const sa = /^\/v1\/(projects\/[^/]+\/serviceAccounts\/[^/]+\/keys\/[^/:]+)(:disable)?$/.exec(
      req.path
    )
    if (sa && ((req.method === 'POST' && sa[2]) || (req.method === 'DELETE' && !sa[2]))) {
      const name = decodeURIComponent(sa[1] ?? '')
      // The `-` wildcard: IAM answers 403 where the key does not exist (its documents warn).
      if (name.startsWith('projects/-/')) return denied
      const key = store.find((k) => k.id === name && isServiceAccountKey(k))
      if (!key) return error(404, 'NOT_FOUND', `Service account key ${name} does not exist.`)
      if (key.owner !== who.owner || !who.canManage) return denied
      if (sa[2]) {
        let body: unknown
        try {
          body = JSON.parse(req.body)
        } catch {
          return error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')
        }
        if (!body || typeof body !== 'object')
          return error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')
        if (!store.ignoreDeletes && !disabledAt.has(key)) disabledAt.set(key, Date.now())
      } else store.delete(key)
      return { status: 200, json: {} }
    }
    return error(404, 'NOT_FOUND', 'The requested URL was not found on this server.')
  }
  return { store, route, purged, options, publicKeys, disabledAt }
}

/**
 * Google publishes no per-method figure for the API Keys and IAM APIs that this work could read:
 * the fake plays an assumed 120 requests a minute per token (the pace the adapter keeps), with
 * Google's RESOURCE_EXHAUSTED answer.
 */
export function googleRateLimits(): RateLimit[] {
  return [
    {
      name: 'Google APIs (assumed): 120 requests/minute per token',
      // The token exchange carries no token: not counted here.
      bucket: (req) => req.headers.authorization,
      requests: 120,
      perMs: 60_000,
      reply: (retryAfterS) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) },
        json: {
          error: {
            code: 429,
            message: 'Quota exceeded for quota metric and limit of service apikeys.googleapis.com',
            status: 'RESOURCE_EXHAUSTED'
          }
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof googleFake>> = {
  fake: googleFake,
  rateLimits: () => googleRateLimits(),
  alert: { type: 'google_api_key', name: 'Google API Key' },
  sample: {
    value: `AIza${'Sy7Qx'.repeat(7)}`,
    id: 'projects/123456867718/locations/global/keys/b7ff1f9f-8275-410a-94dd-3855ee9b5dd2'
  },
  operations: [
    'DELETE /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}/keys/{keysId}',
    'POST /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}/keys/{keysId}:disable',
    'POST /token',
    'DELETE /v2/projects/{projectsId}/locations/{locationsId}/keys/{keysId}',
    'GET /v2/keys:lookupKey',
    'GET /v2/operations/{operationsId}',
    'GET /v2/projects/{projectsId}/locations/{locationsId}/keys/{keysId}'
  ],
  // An API key: lookupKey, keys.get (alive), delete, keys.get (deleteTime); a service account
  // key: the exchange (alive), disable, delete, the exchange (refused).
  requests: (n) => 4 * n
}

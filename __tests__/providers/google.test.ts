import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { Contract } from '../../sandbox/contract.js'
import { openapiFromDiscovery } from '../../sandbox/discovery.js'
import { googleContract, googleDiscovery } from '../../sandbox/google-contract.js'
import { parse } from 'yaml'
import type { FakeKey } from '../../sandbox/store.js'
import { NodeConnections } from '../../src/http/connections.js'
import { Deadline } from '../../src/http/deadline.js'
import { google as googleAdapter } from '../../src/providers/google/adapter.js'
import { revokeKeys, type Job } from '../../src/revoke/engine.js'
import { Redactor } from '../../src/secrets.js'
import { FAST_HTTP, line, revokeAt } from '../helpers/harness.js'
import { describeProvider, type ProviderCase } from './conformance.js'

const bearer = (s: string): [string, string] => ['authorization', `Bearer ${s}`]
const lookupLine = (value: string) =>
  `GET /v2/keys:lookupKey?${new URLSearchParams({ keyString: value }).toString()}`

const isApiKey = (key: FakeKey) => key.value.startsWith('AIza')

// Every conformance case runs on each kind: the fake's store makes the kind its suite asks for.
const spec: Omit<ProviderCase, 'id'> = {
  // An API key given by its name alone is read before and after the delete (keys.get).
  deleteLine: (key, byValue) =>
    !isApiKey(key)
      ? [`POST /v1/${key.id}:disable`, `DELETE /v1/${key.id}`]
      : byValue
        ? `DELETE /v2/${key.id}`
        : [`GET /v2/${key.id}`, `DELETE /v2/${key.id}`, `GET /v2/${key.id}`],
  auth: bearer,
  // A key file names its key: no request finds it.
  resolveLines: (key) => (isApiKey(key) ? [lookupLine(key.value)] : []),
  probeLine: (key) => (isApiKey(key) ? `GET /v2/${key.id}` : 'POST /token'),
  // An API key is read back with the management token (keys.get); a key file's probe is the
  // token exchange, which carries the JWT in a form body and no Authorization header.
  probeAuth: (value, token) =>
    value.startsWith('AIza')
      ? bearer(token)
      : ['content-type', 'application/x-www-form-urlencoded'],
  selfRevocation: false,
  // A token of another project: Google answers 403 PERMISSION_DENIED.
  forbid: (sandbox) => ({
    token: sandbox.providers.google.store.addToken({ owner: 'another-project' }),
    reason: 'forbidden'
  }),
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      json: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }
    }
  }
}

const ofKind = (kind: 'api' | 'sa') => {
  // An API key given by its name alone is read back with keys.get: live before the delete,
  // deleteTime after (the proof); one deleted before the run is seen so by that read (HTTP 200).
  const byName = kind === 'api' ? { readsBackById: true, unknownIdStatus: 200 } : {}
  const suite = describeProvider({ id: 'google', ...spec, ...byName })
  beforeAll(() => {
    suite.sandbox().fakes.google.options.kinds = kind
  })
  return suite
}
// API keys at the file's level: the specifics below use this suite's sandbox.
const suite = ofKind('api')
describe('service account key files', () => {
  ofKind('sa')
})

describe('google specifics', () => {
  const google = PROVIDERS.google
  const requests = () => suite.sandbox().providers.google.service.requests.map(line)
  const fake = () => ({ ...suite.sandbox().providers.google, ...suite.sandbox().fakes.google })
  /** A key of one kind, whatever the store's turn. */
  const add = (kind: 'api' | 'sa', owner?: string) => {
    const { options, store } = fake()
    const was = options.kinds
    options.kinds = kind
    try {
      return store.addKey(owner ? { owner } : {})
    } finally {
      options.kinds = was
    }
  }
  const addApiKey = () => add('api')

  it('a delete still running is read back with operations.get until done', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, options } = fake()
    options.pendingPolls = 1
    try {
      const key = addApiKey()
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: store.addToken() }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
      const ops = requests().filter((l) => l.startsWith('GET /v2/operations/'))
      expect(ops).toHaveLength(2)
      expect(sandbox.violations()).toEqual([])
    } finally {
      options.pendingPolls = 0
    }
  })

  it('a delete that never finishes is sent, not revoked, unless the key is seen deleted', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, options } = fake()
    options.pendingPolls = 99
    store.ignoreDeletes = true
    try {
      const key = addApiKey()
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', id: key.id }],
        tokens: { google: store.addToken() }
      })
      expect(results[0]?.outcome).not.toBe('revoked')
      expect(requests().filter((l) => l.startsWith('GET /v2/operations/'))).toHaveLength(4)
    } finally {
      options.pendingPolls = 0
      store.ignoreDeletes = false
    }
  }, 20_000)

  it('a keys.get 404 after the delete, for the name lookupKey gives, is no proof', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, service } = fake()
    store.ignoreDeletes = true
    try {
      const key = addApiKey()
      // The probe before the delete reads the key; the one after gets a 404 for the same name.
      service.inject({
        method: 'GET',
        path: /^\/v2\/projects\/[^/]+\/locations\/global\/keys\/[^/:]+$/,
        times: 1,
        skip: 1,
        fault: { kind: 'reply', reply: { status: 404, json: { error: { code: 404 } } } }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: store.addToken() }
      })
      expect(results[0]?.verified).not.toBe(true)
      expect(requests().filter((l) => /^GET \/v2\/projects\//.test(l))).toHaveLength(2)
    } finally {
      store.ignoreDeletes = false
    }
  })

  it('a key deleted before this run is never revoked, though lookupKey still names it', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = fake()
    const key = addApiKey()
    store.delete(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'google', value: key.value }],
      tokens: { google: store.addToken() }
    })
    expect(results[0]?.outcome).not.toBe('revoked')
    expect(requests()).toEqual([lookupLine(key.value), `GET /v2/${key.id}`])
  })

  it('a purged key (lookupKey answers no name) deletes nothing', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, purged } = fake()
    const key = addApiKey()
    store.delete(key)
    purged.add(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'google', value: key.value }],
      tokens: { google: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found' })
    expect(requests().filter((l) => l.startsWith('DELETE'))).toEqual([])
  })

  it('fails when the operation answers for another key', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = fake()
    const key = addApiKey()
    const other = 'projects/1/locations/global/keys/another-key'
    service.inject({
      method: 'DELETE',
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: { name: 'operations/x', done: true, response: { name: other } }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'google', value: key.value }],
      tokens: { google: store.addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
    expect(results[0]?.message).toContain('answered for another key')
  })

  it('a done operation that names no key is not taken as this key deleted', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = fake()
    const key = addApiKey()
    service.inject({
      method: 'DELETE',
      times: 1,
      fault: { kind: 'reply', reply: { status: 200, json: { name: 'operations/z', done: true } } }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'google', id: key.id }],
      tokens: { google: store.addToken() },
      verify: false
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
  })

  it('a done operation with NOT_FOUND is not found; another error fails the key', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = fake()
    for (const [code, outcome] of [
      [5, 'not-found'],
      [13, 'failed']
    ] as const) {
      const key = addApiKey()
      service.inject({
        method: 'DELETE',
        times: 1,
        fault: {
          kind: 'reply',
          reply: {
            status: 200,
            json: { name: 'operations/y', done: true, error: { code, message: 'x' } }
          }
        }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', id: key.id }],
        tokens: { google: store.addToken() }
      })
      expect(results[0]?.outcome).toBe(outcome)
    }
  })

  it('without google-token the probe proves nothing (the key is named by the token only)', async () => {
    const key = addApiKey()
    const answer = await (
      await import('../../src/providers/google/adapter.js')
    ).google.probe(
      {
        http: undefined as never,
        redactor: undefined as never,
        memo: (_k, load) => load()
      },
      key.value
    )
    expect(answer.kind).toBe('inconclusive')
  })

  it('claims AIza values and key files, and the API key and service account alerts', () => {
    expect(providerForValue(`AIza${'a'.repeat(35)}`)?.id).toBe('google')
    expect(providerForValue(`AIza${'a'.repeat(34)}`)).toBeUndefined()
    const none = new Map()
    expect(providerForSecretType('google_api_key', 'Google API Key', none)).toBe('google')
    expect(
      providerForSecretType(
        'google_cloud_service_account_credentials',
        'Google Cloud Service Account Credentials',
        none
      )
    ).toBe('google')
    for (const [type, name] of [
      ['google_oauth_client_secret', 'Google OAuth Client Secret'],
      ['google_gemini_api_key', 'Google Gemini API Key'],
      ['google_cloud_storage_access_key_secret', 'Google Cloud Storage Access Key Secret']
    ])
      expect(providerForSecretType(type ?? '', name ?? '', none)).toBeUndefined()
  })

  it('checks ids and values before any request', () => {
    const name = 'projects/123456867718/locations/global/keys/b7ff1f9f-8275-410a-94dd-3855ee9b5dd2'
    expect(google.checkId(name)).toBeUndefined()
    expect(google.checkId('projects/my-project/locations/global/keys/my-key')).toBeUndefined()
    for (const bad of [
      'b7ff1f9f-8275-410a-94dd-3855ee9b5dd2',
      'projects/-/locations/global/keys/k',
      'projects/p/locations/us-east1/keys/k',
      `${name}/keyString`,
      `projects/p/locations/global/keys/a%2Fb`
    ])
      expect(google.checkId(bad)).toMatch(/API key resource name/)
    expect(google.checkValue?.(`AIza${'Q'.repeat(35)}`)).toBeUndefined()
    expect(google.checkValue?.(`AIza${'Q'.repeat(30)}`)).toMatch(/39 characters/)
    expect(google.checkValue?.(`AIza${'Q'.repeat(34)}!`)).toMatch(/AIza/)
    expect(google.checkValue?.('AIzaabc\ndef')).toMatch(/one line/)
    expect(google.checkValue?.('sk-something-else-entirely')).toMatch(/AIza/)
  })

  describe('one origin for every service, or each its own', () => {
    /** Revokes a key file with `google` at `base` and the adapter's origins as given. */
    async function run(
      base: string,
      facts: { defaultBaseUrl: string; serviceUrls: Record<string, string> }
    ) {
      const sandbox = suite.sandbox()
      const key = add('sa')
      const baseUrls = Object.fromEntries(
        Object.entries(sandbox.urls()).map(([id, url]) => [id, new URL(url)])
      ) as Job['baseUrls']
      baseUrls.google = new URL(base)
      const connections = new NodeConnections({ idleMs: 1_000 })
      const deadline = new Deadline(20_000)
      sandbox.resetRequests()
      try {
        const [result] = await revokeKeys(
          {
            keys: [{ provider: 'google', value: key.value, source: 'key line 1' }],
            tokens: { google: fake().store.addToken() },
            baseUrls,
            verify: true,
            dryRun: false
          },
          {
            connections,
            deadline,
            redactor: new Redactor(),
            http: FAST_HTTP,
            verifyWindowMs: 400,
            verifyIntervalMs: 40,
            providers: { google: { ...googleAdapter, ...facts } }
          }
        )
        return { result, paths: fake().service.requests.map((r) => r.path) }
      } finally {
        deadline.dispose()
        await connections.close()
      }
    }

    it('without google-api-url, IAM and the token endpoint are at their own origins', async () => {
      const url = suite.sandbox().urls().google
      // The API Keys origin is the default, under a prefix this fake does not serve.
      const apikeys = `${url}/apikeys-host`
      const { result, paths } = await run(apikeys, {
        defaultBaseUrl: apikeys,
        serviceUrls: { iam: url, oauth2: url }
      })
      expect(result).toMatchObject({ outcome: 'revoked', verified: true })
      expect(paths.every((p) => !p.startsWith('/apikeys-host'))).toBe(true)
    })

    it('with google-api-url, that one origin serves every service, paths as documented', async () => {
      const url = suite.sandbox().urls().google
      const { result, paths } = await run(url, {
        defaultBaseUrl: 'https://apikeys.googleapis.com',
        serviceUrls: { iam: `${url}/not-here`, oauth2: `${url}/not-here` }
      })
      expect(result).toMatchObject({ outcome: 'revoked', verified: true })
      expect(paths).toHaveLength(4)
      expect(paths.every((p) => !p.startsWith('/not-here'))).toBe(true)
    })
  })

  describe('service account keys', () => {
    const decoded = (value: string) =>
      JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, string>
    const pemLines = (value: string) =>
      (decoded(value).private_key ?? '').split('\n').filter((l) => l && !l.startsWith('-----'))

    it('by value: the key file names the key; disabled, deleted, and the exchange refused after', async () => {
      const sandbox = suite.sandbox()
      sandbox.resetRequests()
      const key = add('sa')
      const { results, redactor } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: fake().store.addToken() }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: 200 })
      expect(requests()).toEqual([
        'POST /token',
        `POST /v1/${key.id}:disable`,
        `DELETE /v1/${key.id}`,
        'POST /token'
      ])
      // The name uses the file's project, never the `-` wildcard.
      expect(key.id).toMatch(/^projects\/proj-/)
      // The JWT: RS256 with the key's id, the account as issuer, the documented audience.
      const exchange = fake().service.requests.find((r) => r.path === '/token')
      const jwt = new URLSearchParams(exchange?.body).get('assertion') ?? ''
      const [header, claims] = jwt
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>)
      expect(header).toMatchObject({ alg: 'RS256', kid: decoded(key.value).private_key_id })
      expect(claims).toMatchObject({
        iss: decoded(key.value).client_email,
        aud: 'https://oauth2.googleapis.com/token'
      })
      expect(exchange?.headers.authorization).toBeUndefined()
      // The signed JWT is a bearer credential for its minutes: masked too.
      expect(redactor.redact(`jwt ${jwt} end`)).toBe('jwt *** end')
      // Every secret part of the file is registered: none of it survives redaction.
      const text = `${decoded(key.value).private_key} ${JSON.stringify(decoded(key.value))}`
      const out = redactor.redact(text)
      for (const l of pemLines(key.value)) {
        expect(out).not.toContain(l)
        // Each line alone, as a log could cut it out of the file.
        expect(redactor.redact(`line ${l} end`)).toBe('line *** end')
      }
      expect(JSON.stringify(results)).not.toContain(pemLines(key.value)[1])
      expect(sandbox.violations()).toEqual([])
    })

    it('the access token a live exchange returns is masked the moment it is read', async () => {
      const sandbox = suite.sandbox()
      const key = add('sa')
      const { service } = fake()
      const accessToken = `ya29.c.${'Z9'.repeat(40)}`
      service.inject({
        method: 'POST',
        path: /^\/token$/,
        times: 1,
        fault: {
          kind: 'reply',
          reply: {
            status: 200,
            json: { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' }
          }
        }
      })
      const { redactor } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: fake().store.addToken() }
      })
      expect(redactor.redact(`token ${accessToken}`)).toBe('token ***')
    })

    it('the JSON itself (as an alert gives it) is read as the base64 is', async () => {
      const sandbox = suite.sandbox()
      const key = add('sa')
      const json = Buffer.from(key.value, 'base64').toString('utf8')
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: json }],
        tokens: { google: fake().store.addToken() }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    })

    it('a file whose private_key_id names another key is refused by the exchange: nothing is disabled', async () => {
      const sandbox = suite.sandbox()
      sandbox.resetRequests()
      const mine = add('sa')
      const other = add('sa')
      const forged = decoded(mine.value)
      forged.private_key_id = decoded(other.value).private_key_id ?? ''
      forged.client_email = decoded(other.value).client_email ?? ''
      forged.project_id = decoded(other.value).project_id ?? ''
      const value = Buffer.from(JSON.stringify(forged)).toString('base64')
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value }],
        tokens: { google: fake().store.addToken() }
      })
      expect(results[0]?.outcome).not.toBe('revoked')
      expect(requests()).toEqual(['POST /token'])
      expect(fake().disabledAt.has(other)).toBe(false)
      expect(other.deletedAt).toBeUndefined()
    })

    it('a key disabled by someone else before this run is never revoked, and nothing is sent to IAM', async () => {
      const sandbox = suite.sandbox()
      sandbox.resetRequests()
      const key = add('sa')
      fake().disabledAt.set(key, Date.now() - 1000)
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: fake().store.addToken() }
      })
      expect(results[0]?.outcome).not.toBe('revoked')
      expect(requests()).toEqual(['POST /token'])
    })

    it('an IAM answer that is not Empty ({}) is not taken as done (found by the trust suite)', async () => {
      const sandbox = suite.sandbox()
      const key = add('sa')
      fake().service.inject({
        method: 'DELETE',
        path: /^\/v1\//,
        times: 1,
        fault: { kind: 'reply', reply: { status: 200, json: { message: 'something else' } } }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: fake().store.addToken() },
        verify: false
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
      expect(results[0]?.message).toContain('The key is disabled, but its delete was not confirmed')
    })

    it('a disable that works and a delete that fails says the key is disabled', async () => {
      const sandbox = suite.sandbox()
      const key = add('sa')
      fake().service.inject({
        method: 'DELETE',
        path: /^\/v1\//,
        times: 99,
        fault: {
          kind: 'reply',
          reply: {
            status: 400,
            json: { error: { code: 400, message: 'no', status: 'FAILED_PRECONDITION' } }
          }
        }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', id: key.id }],
        tokens: { google: fake().store.addToken() }
      })
      expect(results[0]).toMatchObject({ outcome: 'failed' })
      expect(results[0]?.message).toContain('The key is disabled, but its delete failed')
      expect(fake().disabledAt.has(key)).toBe(true)
    })

    it('an exchange refused for its times proves nothing: deleted, not verified', async () => {
      const sandbox = suite.sandbox()
      sandbox.resetRequests()
      const key = add('sa')
      fake().service.inject({
        method: 'POST',
        path: /^\/token$/,
        times: 99,
        fault: {
          kind: 'reply',
          reply: {
            status: 400,
            json: {
              error: 'invalid_grant',
              error_description:
                'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.'
            }
          }
        }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'google', value: key.value }],
        tokens: { google: fake().store.addToken() }
      })
      // The delete goes on (leak beats outage); IAM's own answers name the key, so it is
      // revoked, but nothing verified it.
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
      expect(results[0]?.message).toContain('clock')
    })

    it('checks key files and their ids before any request', () => {
      const key = add('sa')
      expect(google.checkValue?.(key.value)).toBeUndefined()
      expect(google.checkValue?.(Buffer.from(key.value, 'base64').toString())).toBeUndefined()
      expect(google.checkValue?.(`${key.value.slice(0, -4)}`)).toMatch(/service account key file/)
      expect(google.checkValue?.('{"type":"service_account"}')).toMatch(/service account key file/)
      expect(providerForValue(key.value)?.id).toBe('google')
      expect(google.checkId(key.id)).toBeUndefined()
      expect(google.checkId(key.id.replace(/^projects\/[^/]+/, 'projects/-'))).toMatch(/not `-`/)
      expect(google.checkId(`${key.id}0`)).toMatch(/resource name/)
    })
  })
})

describe('google contract', () => {
  it('openapi.yaml is exactly its derivation from the stored Discovery document', async () => {
    expect(readFileSync('src/providers/google/openapi.yaml', 'utf8')).toBe(await googleContract())
  })

  it('the stored Discovery document holds the methods the adapter calls, as Google wrote them', () => {
    const [apikeys] = googleDiscovery()
    const doc = JSON.stringify(apikeys)
    for (const id of [
      'apikeys.keys.lookupKey',
      'apikeys.operations.get',
      'apikeys.projects.locations.keys.delete',
      'apikeys.projects.locations.keys.get'
    ])
      expect(doc).toContain(`"id":"${id}"`)
  })

  const contract = () =>
    new Contract(parse(readFileSync('src/providers/google/openapi.yaml', 'utf8')))
  const base = {
    query: [] as Array<[string, string]>,
    headers: { authorization: 'Bearer ya29.token' } as Record<string, string | undefined>,
    body: ''
  }
  const name = 'projects/123/locations/global/keys/abc'

  it('accepts the requests the adapter sends', () => {
    const c = contract()
    expect(
      c.check({
        ...base,
        method: 'GET',
        path: '/v2/keys:lookupKey',
        query: [['keyString', 'AIzaX']]
      })
    ).toEqual([])
    expect(c.check({ ...base, method: 'DELETE', path: `/v2/${name}` })).toEqual([])
    expect(c.check({ ...base, method: 'GET', path: `/v2/${name}` })).toEqual([])
    expect(c.check({ ...base, method: 'GET', path: '/v2/operations/akmf.p7-1' })).toEqual([])
    const sa = `projects/p-1/serviceAccounts/a@p-1.iam.gserviceaccount.com/keys/${'ab'.repeat(20)}`
    const json = { ...base.headers, 'content-type': 'application/json' }
    expect(
      c.check({ ...base, method: 'POST', path: `/v1/${sa}:disable`, headers: json, body: '{}' })
    ).toEqual([])
    expect(c.check({ ...base, method: 'DELETE', path: `/v1/${sa}` })).toEqual([])
    const form =
      'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=aGVhZA.Y2xhaW1z.c2ln'
    expect(
      c.check({
        ...base,
        method: 'POST',
        path: '/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form
      })
    ).toEqual([])
  })

  const sa = `projects/p-1/serviceAccounts/a@p-1.iam.gserviceaccount.com/keys/${'ab'.repeat(20)}`
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' }
  it.each([
    ['a disable without its body', { method: 'POST', path: `/v1/${sa}:disable` }],
    [
      'a disable body with an unknown field',
      {
        method: 'POST',
        path: `/v1/${sa}:disable`,
        headers: { ...base.headers, 'content-type': 'application/json' },
        body: '{"reason":"leak"}'
      }
    ],
    ['a disable with GET', { method: 'GET', path: `/v1/${sa}:disable` }],
    ['another custom verb', { method: 'POST', path: `/v1/${sa}:enable`, body: '{}' }],
    [
      'the token grant misspelt',
      {
        method: 'POST',
        path: '/token',
        headers: formHeaders,
        body: 'grant_type=jwt-bearer&assertion=a.b.c'
      }
    ],
    [
      'a token request without its assertion',
      {
        method: 'POST',
        path: '/token',
        headers: formHeaders,
        body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer'
      }
    ],
    [
      'a token request with a field twice',
      {
        method: 'POST',
        path: '/token',
        headers: formHeaders,
        body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c&assertion=a.b.c'
      }
    ],
    [
      'a token request with an extra field',
      {
        method: 'POST',
        path: '/token',
        headers: formHeaders,
        body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c&scope=x'
      }
    ]
  ])('refuses %s', (_, broken) => {
    expect(contract().check({ ...base, ...broken })).not.toEqual([])
  })

  it.each([
    ['a wrong method', { method: 'POST', path: `/v2/${name}` }],
    ['a path the document has not', { method: 'DELETE', path: `/v2/keys/${name}` }],
    ['the wildcard-free name cut short', { method: 'DELETE', path: '/v2/projects/123/keys/abc' }],
    [
      'an undeclared query parameter',
      {
        method: 'GET',
        path: '/v2/keys:lookupKey',
        query: [['key', 'AIzaX']] as Array<[string, string]>
      }
    ],
    ['a body on a DELETE', { method: 'DELETE', path: `/v2/${name}`, body: '{}' }],
    ['no bearer token', { method: 'GET', path: `/v2/${name}`, headers: {} }]
  ])('refuses %s', (_, broken) => {
    expect(contract().check({ ...base, ...broken })).not.toEqual([])
  })

  it('derives bodies that refuse unknown fields, as Google does', () => {
    const doc = openapiFromDiscovery([
      {
        id: 't:v1',
        title: 'T',
        revision: '1',
        rootUrl: 'https://t.googleapis.com/',
        resources: {
          things: {
            methods: {
              disable: {
                id: 't.things.disable',
                httpMethod: 'POST',
                flatPath: 'v1/things/{thingsId}:disable',
                request: { $ref: 'DisableRequest' }
              }
            }
          }
        },
        schemas: {
          DisableRequest: {
            id: 'DisableRequest',
            type: 'object',
            properties: { reason: { type: 'string', enum: ['A', 'B'] } }
          }
        }
      }
    ])
    const c = new Contract(doc)
    const req = { ...base, method: 'POST', path: '/v1/things/x:disable' }
    expect(c.check({ ...req, body: '{"reason":"A"}' })).toEqual([])
    expect(c.check({ ...req, body: '{"reason":"C"}' })).not.toEqual([])
    expect(c.check({ ...req, body: '{"other":1}' })).not.toEqual([])
    expect(c.check(req)).not.toEqual([])
  })
})

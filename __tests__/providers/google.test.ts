import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { Contract } from '../../sandbox/contract.js'
import { openapiFromDiscovery } from '../../sandbox/discovery.js'
import { googleContract, googleDiscovery } from '../../sandbox/google-contract.js'
import { parse } from 'yaml'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const bearer = (s: string): [string, string] => ['authorization', `Bearer ${s}`]
const lookupLine = (value: string) =>
  `GET /v2/keys:lookupKey?${new URLSearchParams({ keyString: value }).toString()}`

const suite = describeProvider({
  id: 'google',
  deleteLine: (key) => `DELETE /v2/${key.id}`,
  auth: bearer,
  resolveLines: (key) => [lookupLine(key.value)],
  probeLine: (key) => `GET /v2/${key.id}`,
  // The probe reads the key back with the management token (keys.get), not with the key.
  probeAuth: (_value, token) => bearer(token),
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
})

describe('google specifics', () => {
  const google = PROVIDERS.google
  const requests = () => suite.sandbox().providers.google.service.requests.map(line)
  const fake = () => ({ ...suite.sandbox().providers.google, ...suite.sandbox().fakes.google })

  it('a delete still running is read back with operations.get until done', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store, options } = fake()
    options.pendingPolls = 1
    try {
      const key = store.addKey()
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
      const key = store.addKey()
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

  it('a key deleted before this run is never revoked, though lookupKey still names it', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = fake()
    const key = store.addKey()
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
    const key = store.addKey()
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
    const key = store.addKey()
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

  it('a done operation with NOT_FOUND is not found; another error fails the key', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = fake()
    for (const [code, outcome] of [
      [5, 'not-found'],
      [13, 'failed']
    ] as const) {
      const key = store.addKey()
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
    const sandbox = suite.sandbox()
    const { store } = fake()
    const key = store.addKey()
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

  it('claims AIza values and the google_api_key alerts, not service-account files', () => {
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
    ).toBeUndefined()
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

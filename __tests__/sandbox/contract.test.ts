import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { Contract, loadContract, type ContractRequest } from '../../sandbox/contract.js'
import { SANDBOXES } from '../../sandbox/providers/index.js'
import { SmithyContract } from '../../sandbox/smithy-contract.js'
import { fileURLToPath } from 'node:url'

/** Builds a request the way the sandbox server sees it: pathname as received, decoded query. */
function req(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body = ''
): ContractRequest {
  const parsed = new URL(url, 'https://provider.test')
  return {
    method,
    path: parsed.pathname,
    query: [...parsed.searchParams],
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body
  }
}

/** Expects exactly one violation, matching `pattern`. */
function expectOne(violations: string[], pattern: RegExp): void {
  expect(violations).toEqual([expect.stringMatching(pattern)])
}

const UUID = '2d6a1f3e-8c4b-4f7a-9e21-5b0c3d4e5f60'

/**
 * What a fixture's header (its leading `#` comment lines) lacks, each as a sentence saying what
 * to add: it names the facts file in this repository and the published description by URL.
 */
function headerProblems(fixture: string, facts: string, text: string): string[] {
  const header = /^(?:#.*\n)*/.exec(text)?.[0] ?? ''
  const problems: string[] = []
  if (!header)
    problems.push(`${fixture} must open with # comment lines: where each operation comes from`)
  if (!header.includes(facts))
    problems.push(`${fixture}'s header must name ${facts}, the facts file behind the contract`)
  if (!/^# .*https:\/\//m.test(header))
    problems.push(
      `${fixture}'s header must give the https:// URL of the published description it copies`
    )
  return problems
}

describe('fixtures', () => {
  // What each adapter calls: its `sandbox.operations` (in its fake.ts).
  const expected = Object.fromEntries(
    Object.entries(SANDBOXES).map(([id, sandbox]) => [id, sandbox.operations])
  )

  it.each(Object.entries(expected))(
    '%s.yaml holds exactly the expected operations, a server and a source comment',
    (provider, operations) => {
      // A provider publishing Smithy models (AWS) holds them, trimmed, instead of OpenAPI.
      const smithy = new URL(`../../src/providers/${provider}/smithy.json`, import.meta.url)
      if (existsSync(smithy)) {
        expect(SmithyContract.load(fileURLToPath(smithy)).operations).toEqual(
          [...operations].sort()
        )
        return
      }
      const fixture = `src/providers/${provider}/openapi.yaml`
      const facts = `src/providers/${provider}/README.md`
      const missing = [fixture, facts]
        .filter((f) => !existsSync(new URL(`../../${f}`, import.meta.url)))
        .map((f) => `${f} is missing: write it (see docs/providers/README.md)`)
      expect(missing).toEqual([])
      const text = readFileSync(new URL(`../../${fixture}`, import.meta.url), 'utf8')
      expect(headerProblems(fixture, facts, text)).toEqual([])
      const doc = parse(text) as {
        openapi: string
        servers: Array<{ url: string }>
        paths: Record<string, Record<string, unknown>>
      }
      expect(doc.openapi).toMatch(/^3\./)
      expect(doc.servers[0]?.url).toMatch(/^https:\/\/[a-z.]+$/)
      const found = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => key !== 'parameters')
          .map((method) => `${method.toUpperCase()} ${path}`)
      )
      expect(found.sort()).toEqual([...operations].sort())
    }
  )
})

describe('vastai', () => {
  const contract = loadContract('vastai')
  const auth = { Authorization: 'Bearer 0123456789abcdef' }

  it('accepts the documented delete (vastai delete api-key 123)', () => {
    expect(contract.check(req('DELETE', '/api/v0/auth/apikeys/123/', auth))).toEqual([])
  })
  it('accepts the key lookup and the key list', () => {
    expect(contract.check(req('GET', '/api/v0/users/current/', auth))).toEqual([])
    expect(contract.check(req('GET', '/api/v0/auth/apikeys/', auth))).toEqual([])
  })
  it('rejects id 0 (minimum 1)', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/0/', auth)),
      /path parameter "id": 0 must be >= 1/
    )
  })
  it.each(['abc', '%2B1', '1.5', '%201', '0x10'])('rejects the non-integer id %s', (id) => {
    expectOne(
      contract.check(req('DELETE', `/api/v0/auth/apikeys/${id}/`, auth)),
      /path parameter "id": .* must be integer/
    )
  })
  it('rejects an id that decodes to contain a slash', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/1%2F2/', auth)),
      /path parameter "id" contains "\/"/
    )
  })
  it('rejects malformed percent-encoding in an id', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/1%zz/', auth)),
      /not valid percent-encoding/
    )
  })
  it('treats the trailing slash as significant', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/123', auth)),
      /^no operation for DELETE \/api\/v0\/auth\/apikeys\/123/
    )
    expectOne(contract.check(req('GET', '/api/v0/users/current', auth)), /^no operation for GET/)
  })
  it('does not let a template variable match an empty segment', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys//', auth)),
      /^no operation for DELETE/
    )
  })
  it('rejects an unknown path and a wrong method', () => {
    expectOne(contract.check(req('GET', '/api/v0/instances/', auth)), /^no operation for GET/)
    expectOne(
      contract.check(req('POST', '/api/v0/auth/apikeys/123/', auth)),
      /^no operation for POST .*allows DELETE/
    )
  })
  it('requires the bearer token', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/123/')),
      /security not satisfied: BearerAuth needs "Authorization: Bearer <token>"/
    )
    for (const value of ['0123456789abcdef', 'Bearer ', 'bearer abc', 'Basic abc', 'Bearer a b']) {
      expectOne(
        contract.check(req('DELETE', '/api/v0/auth/apikeys/123/', { Authorization: value })),
        /security not satisfied/
      )
    }
  })
  it('rejects an undeclared query parameter', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/123/?force=1', auth)),
      /query parameter "force" is not declared/
    )
  })
  it('rejects a body on DELETE', () => {
    expectOne(
      contract.check(req('DELETE', '/api/v0/auth/apikeys/123/', auth, '{}')),
      /takes no request body/
    )
  })
  it('reports every broken rule of one request', () => {
    expect(contract.check(req('DELETE', '/api/v0/auth/apikeys/0/?x=1', {}, 'x'))).toHaveLength(4)
  })
})

describe('baseten', () => {
  const contract = loadContract('baseten')
  const auth = { Authorization: 'Api-Key abcd1234.secretsecret' }

  it('accepts the documented curl delete', () => {
    expect(contract.check(req('DELETE', '/v1/api_keys/abcd1234', auth))).toEqual([])
  })
  it('accepts the list and the dead-key probes', () => {
    for (const path of ['/v1/api_keys', '/v1/models', '/v1/users/me']) {
      expect(contract.check(req('GET', path, auth))).toEqual([])
    }
  })
  it('rejects "Bearer x" instead of "Api-Key x"', () => {
    expectOne(
      contract.check(req('DELETE', '/v1/api_keys/abcd1234', { Authorization: 'Bearer x' })),
      /ApiKeyAuth needs the "Authorization" header to match \^Api-Key/
    )
  })
  it('rejects a missing or empty Authorization header', () => {
    expectOne(
      contract.check(req('DELETE', '/v1/api_keys/abcd1234')),
      /ApiKeyAuth needs a non-empty "Authorization" header/
    )
    expectOne(
      contract.check(req('GET', '/v1/models', { Authorization: '' })),
      /ApiKeyAuth needs a non-empty "Authorization" header/
    )
    expectOne(contract.check(req('GET', '/v1/models', { Authorization: 'Api-Key ' })), /to match/)
  })
  it('rejects the python sample body (json={}) on DELETE', () => {
    expectOne(
      contract.check(req('DELETE', '/v1/api_keys/abcd1234', auth, '{}')),
      /takes no request body/
    )
  })
  it('validates the path-item-level prefix parameter', () => {
    expectOne(
      contract.check(req('DELETE', '/v1/api_keys/ab%2Fcd', auth)),
      /path parameter "api_key_prefix" contains "\/"/
    )
    expect(contract.check(req('DELETE', '/v1/api_keys/ab%2Ecd', auth))).toEqual([])
  })
  it('rejects a trailing slash, an unknown path and a wrong method', () => {
    expectOne(contract.check(req('GET', '/v1/api_keys/', auth)), /^no operation for GET/)
    expectOne(contract.check(req('DELETE', '/v1/api_keys/a/b', auth)), /^no operation/)
    expectOne(contract.check(req('DELETE', '/v1/api_keys', auth)), /^no operation for DELETE/)
  })
  it('rejects an undeclared query parameter', () => {
    expectOne(
      contract.check(req('GET', '/v1/models?limit=1', auth)),
      /query parameter "limit" is not declared/
    )
  })
})

describe('braintrust', () => {
  const contract = loadContract('braintrust')
  const auth = { Authorization: 'Bearer sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL' }

  it('accepts the documented delete', () => {
    expect(contract.check(req('DELETE', `/v1/api_key/${UUID}`, auth))).toEqual([])
    expect(contract.check(req('DELETE', `/v1/api_key/${UUID.toUpperCase()}`, auth))).toEqual([])
  })
  it('keeps the published optional security ({} alternative)', () => {
    expect(contract.check(req('DELETE', `/v1/api_key/${UUID}`))).toEqual([])
  })
  it.each(['not-a-uuid', '123', `${UUID}0`, UUID.replace('2d', 'zz'), UUID.replaceAll('-', '')])(
    'rejects the non-uuid id %s (resolved through two $refs)',
    (id) => {
      expectOne(
        contract.check(req('DELETE', `/v1/api_key/${id}`, auth)),
        /path parameter "api_key_id": .* must match format "uuid"/
      )
    }
  )
  it('accepts the list with its query parameters', () => {
    const url = `/v1/api_key?limit=100&starting_after=${UUID}&api_key_name=ci&org_name=acme&ids=x`
    expect(contract.check(req('GET', url, auth))).toEqual([])
    expect(contract.check(req('GET', `/v1/api_key?ending_before=${UUID}`, auth))).toEqual([])
    expect(contract.check(req('GET', '/v1/api_key?limit=0', auth))).toEqual([])
  })
  it('accepts the dead-key probe GET /v1/project?limit=1', () => {
    expect(contract.check(req('GET', '/v1/project?limit=1', auth))).toEqual([])
    expect(contract.check(req('GET', '/v1/project?project_name=p', auth))).toEqual([])
  })
  it('validates list query parameters', () => {
    expectOne(
      contract.check(req('GET', '/v1/api_key?limit=-1', auth)),
      /query parameter "limit": -1 must be >= 0/
    )
    expectOne(
      contract.check(req('GET', '/v1/api_key?limit=ten', auth)),
      /query parameter "limit": "ten" must be integer/
    )
    expectOne(
      contract.check(req('GET', '/v1/api_key?starting_after=abc', auth)),
      /query parameter "starting_after": "abc" must match format "uuid"/
    )
    expectOne(
      contract.check(req('GET', '/v1/api_key?ending_before=', auth)),
      /query parameter "ending_before": "" must match format "uuid"/
    )
  })
  it('rejects a query parameter given twice', () => {
    expectOne(
      contract.check(req('GET', '/v1/api_key?limit=1&limit=2', auth)),
      /query parameter "limit" is given 2 times/
    )
  })
  it('rejects query parameters the operation does not declare', () => {
    expectOne(
      contract.check(req('GET', '/v1/project?api_key_name=x', auth)),
      /query parameter "api_key_name" is not declared/
    )
    expectOne(
      contract.check(req('DELETE', `/v1/api_key/${UUID}?limit=1`, auth)),
      /query parameter "limit" is not declared/
    )
  })
  it('rejects a wrong method and an unknown path', () => {
    expectOne(contract.check(req('PATCH', `/v1/api_key/${UUID}`, auth)), /^no operation for PATCH/)
    expectOne(contract.check(req('DELETE', `/v1/api_keys/${UUID}`, auth)), /^no operation/)
  })
  it('rejects a body on DELETE', () => {
    expectOne(
      contract.check(req('DELETE', `/v1/api_key/${UUID}`, auth, '{"id":1}')),
      /takes no request body/
    )
  })
})

describe('quiva', () => {
  const contract = loadContract('quiva')
  const key = 'ms-0123456789abcdef0123456789abcdef'

  it('accepts delete by full key with X-Api-Key (the leaked key itself)', () => {
    const url = `/accounts/api-key?key=${key}`
    expect(contract.check(req('DELETE', url, { 'X-Api-Key': key }))).toEqual([])
  })
  it('accepts delete by id with a bearer JWT', () => {
    const jwt = { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' }
    expect(contract.check(req('DELETE', '/accounts/api-key?id=k_42', jwt))).toEqual([])
  })
  it('accepts the list and the dead-key probe', () => {
    expect(contract.check(req('GET', '/accounts/api-keys', { 'X-Api-Key': key }))).toEqual([])
    expect(contract.check(req('GET', '/accounts/info', { 'X-Api-Key': key }))).toEqual([])
  })
  it('requires one of the two security alternatives', () => {
    expectOne(
      contract.check(req('DELETE', `/accounts/api-key?key=${key}`)),
      /security not satisfied: bearerAuth .*; or apiKeyAuth needs a non-empty "X-Api-Key"/
    )
    expectOne(
      contract.check(req('GET', '/accounts/info', { 'X-Api-Key': '' })),
      /security not satisfied/
    )
    expectOne(
      contract.check(req('GET', '/accounts/info', { Authorization: key })),
      /security not satisfied/
    )
  })
  it('rejects undeclared and repeated query parameters', () => {
    expectOne(
      contract.check(req('DELETE', `/accounts/api-key?api_key=${key}`, { 'X-Api-Key': key })),
      /query parameter "api_key" is not declared/
    )
    expectOne(
      contract.check(req('DELETE', '/accounts/api-key?id=1&id=2', { 'X-Api-Key': key })),
      /query parameter "id" is given 2 times/
    )
  })
  it('rejects a wrong method and a trailing slash', () => {
    expectOne(
      contract.check(req('DELETE', '/accounts/api-keys', { 'X-Api-Key': key })),
      /^no operation for DELETE \/accounts\/api-keys: .* allows GET/
    )
    expectOne(
      contract.check(req('DELETE', '/accounts/api-key/', { 'X-Api-Key': key })),
      /^no operation/
    )
  })
  it('rejects a body on DELETE', () => {
    expectOne(
      contract.check(req('DELETE', '/accounts/api-key', { 'X-Api-Key': key }, `{"key":"${key}"}`)),
      /takes no request body/
    )
  })
})

describe('cometapi', () => {
  const contract = loadContract('cometapi')
  const token = { Authorization: 'your-access-token' }

  it('accepts the documented curl delete (raw access token)', () => {
    expect(contract.check(req('DELETE', '/api/token/1234', token))).toEqual([])
  })
  it('rejects "Bearer tok" on the management routes', () => {
    expectOne(
      contract.check(req('DELETE', '/api/token/1', { Authorization: 'Bearer tok' })),
      /accessTokenAuth needs the "Authorization" header to match/
    )
    expectOne(
      contract.check(req('GET', '/api/token/', { Authorization: 'Bearer tok' })),
      /accessTokenAuth/
    )
  })
  it('rejects a missing access token', () => {
    expectOne(contract.check(req('DELETE', '/api/token/1')), /accessTokenAuth needs a non-empty/)
  })
  it('rejects a non-integer id', () => {
    expectOne(
      contract.check(req('DELETE', '/api/token/abc', token)),
      /path parameter "id": "abc" must be integer/
    )
  })
  it('accepts the documented list call and validates paging', () => {
    expect(contract.check(req('GET', '/api/token/?p=1&page_size=100', token))).toEqual([])
    expect(contract.check(req('GET', '/api/token/?p=0&page_size=1', token))).toEqual([])
    expectOne(
      contract.check(req('GET', '/api/token/?p=1&page_size=101', token)),
      /query parameter "page_size": 101 must be <= 100/
    )
    expectOne(
      contract.check(req('GET', '/api/token/?page_size=0', token)),
      /"page_size": 0 must be >= 1/
    )
    expectOne(contract.check(req('GET', '/api/token/?p=-1', token)), /"p": -1 must be >= 0/)
    expectOne(contract.check(req('GET', '/api/token/?p=%2B1', token)), /"p": "\+1" must be integer/)
  })
  it('treats /api/token and /api/token/ as different paths', () => {
    expectOne(contract.check(req('GET', '/api/token?p=1', token)), /^no operation for GET/)
  })
  it('routes /api/token/search to the concrete path, not /api/token/{id}', () => {
    expect(contract.check(req('GET', '/api/token/search?token=abcd1234', token))).toEqual([])
    expect(contract.check(req('GET', '/api/token/search?keyword=ci', token))).toEqual([])
    expectOne(
      contract.check(req('GET', '/api/token/search?q=ci', token)),
      /query parameter "q" is not declared/
    )
    expectOne(
      contract.check(req('DELETE', '/api/token/search', token)),
      /^no operation for DELETE \/api\/token\/search: .* allows GET/
    )
  })
  it('uses the operation-level model-key security on /v1/models', () => {
    const modelKey = { Authorization: 'Bearer sk-' + 'a'.repeat(48) }
    expect(contract.check(req('GET', '/v1/models', modelKey))).toEqual([])
    expectOne(
      contract.check(req('GET', '/v1/models', token)),
      /modelKeyAuth needs "Authorization: Bearer <token>"/
    )
  })
  it('rejects a body on DELETE and an unknown method', () => {
    expectOne(contract.check(req('DELETE', '/api/token/1', token, '{}')), /takes no request body/)
    expectOne(contract.check(req('PUT', '/api/token/1', token)), /^no operation for PUT/)
  })
})

describe('rules on inline documents', () => {
  const base = (paths: unknown, components: unknown = {}, security?: unknown, openapi = '3.1.0') =>
    new Contract({ openapi, info: {}, paths, components, security })

  it('refuses documents that are not OpenAPI 3.x', () => {
    expect(() => new Contract(null)).toThrow(/OpenAPI 3/)
    expect(() => new Contract({ swagger: '2.0', paths: {} })).toThrow(/OpenAPI 3/)
    expect(() => new Contract({ openapi: '3.0.0' })).toThrow(/paths/)
  })
  it('refuses provider names that could escape the fixture folder', () => {
    expect(() => loadContract('../package')).toThrow(/invalid provider name/)
  })
  it('follows $ref chains to parameters and their schemas, at path-item and operation level', () => {
    const contract = base(
      {
        '/items/{kind}': {
          parameters: [{ $ref: '#/components/parameters/Kind' }],
          get: { parameters: [{ $ref: '#/components/parameters/Name' }] }
        }
      },
      {
        parameters: {
          Kind: { name: 'kind', in: 'path', schema: { $ref: '#/components/schemas/K' } },
          Name: { name: 'name', in: 'query', required: true, schema: { type: 'string' } }
        },
        schemas: {
          K: { $ref: '#/components/schemas/KindEnum' },
          KindEnum: { type: 'string', enum: ['a', 'b'] }
        }
      }
    )
    expect(contract.check(req('GET', '/items/a?name=n'))).toEqual([])
    expectOne(
      contract.check(req('GET', '/items/c?name=n')),
      /^GET \/items\/c: path parameter "kind": "c" must be one of "a", "b"$/
    )
    expectOne(contract.check(req('GET', '/items/a')), /required query parameter "name" is missing/)
  })
  it('lets operation-level parameters override path-item-level ones', () => {
    const contract = base({
      '/n/{v}': {
        parameters: [{ name: 'v', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          parameters: [{ name: 'v', in: 'path', required: true, schema: { type: 'integer' } }]
        }
      }
    })
    expect(contract.check(req('GET', '/n/5'))).toEqual([])
    expectOne(contract.check(req('GET', '/n/x')), /"x" must be integer/)
  })
  it('reads parameter strings as their schema types: numbers only as plain decimals', () => {
    const param = (name: string, schema: unknown) => ({ name, in: 'query', schema })
    const contract = base({
      '/x': {
        get: {
          parameters: [
            param('n', { type: 'number' }),
            param('b', { type: 'boolean' }),
            param('s', { type: 'string', pattern: '^0' }),
            param('either', { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['all'] }] })
          ]
        }
      }
    })
    expect(contract.check(req('GET', '/x?n=-1.5e3&b=false&s=007&either=7'))).toEqual([])
    expect(contract.check(req('GET', '/x?either=all'))).toEqual([])
    for (const query of ['n=1,5', 'n=0x1', 'n=Infinity', 'b=yes', 'b=1', 'either=some']) {
      expect(contract.check(req('GET', `/x?${query}`))).not.toEqual([])
    }
  })
  it('allows repetition only for exploded array query parameters', () => {
    const ids = { type: 'array', items: { type: 'integer' }, maxItems: 2 }
    const contract = base({
      '/x': { get: { parameters: [{ name: 'id', in: 'query', schema: ids }] } },
      '/y': { get: { parameters: [{ name: 'id', in: 'query', explode: false, schema: ids }] } }
    })
    expect(contract.check(req('GET', '/x?id=1&id=2'))).toEqual([])
    expectOne(contract.check(req('GET', '/x?id=1&id=b')), /query parameter "id"\/1: "b" must be/)
    expectOne(contract.check(req('GET', '/x?id=1&id=2&id=3')), /must NOT have more than 2 items/)
    expect(contract.check(req('GET', '/y?id=1,2'))).toEqual([])
    expectOne(contract.check(req('GET', '/y?id=1&id=2')), /"id" is given 2 times/)
  })
  it('checks declared header parameters', () => {
    const contract = base({
      '/x': {
        get: {
          parameters: [
            { name: 'X-Version', in: 'header', required: true, schema: { enum: ['1', '2'] } }
          ]
        }
      }
    })
    expect(contract.check(req('GET', '/x', { 'X-Version': '2' }))).toEqual([])
    expectOne(contract.check(req('GET', '/x')), /required header "X-Version" is missing/)
    expectOne(contract.check(req('GET', '/x', { 'X-Version': '3' })), /header "X-Version": "3"/)
  })
  it('reports a broken document as a contract error', () => {
    const missing = base({
      '/x': { get: { parameters: [{ $ref: '#/components/parameters/Missing' }] } }
    })
    expectOne(missing.check(req('GET', '/x')), /contract error: cannot resolve \$ref/)
    const stray = base({ '/x': { get: { parameters: [{ name: 'id', in: 'path' }] } } })
    expectOne(stray.check(req('GET', '/x')), /contract error: path parameter "id" is not in \/x/)
  })
  it('reports ambiguous templates', () => {
    const contract = base({ '/a/{x}': { get: {} }, '/{y}/b': { get: {} } })
    expectOne(contract.check(req('GET', '/a/b')), /matches several templates/)
    expect(contract.check(req('GET', '/a/c'))).toEqual([])
  })
  it('reports unknown security scheme types even when another alternative passes', () => {
    const contract = base(
      { '/x': { get: {} } },
      { securitySchemes: { oauth: { type: 'oauth2', flows: {} } } },
      [{ oauth: [] }, {}]
    )
    expectOne(contract.check(req('GET', '/x')), /unsupported type \(oauth2\)/)
  })
  it('reports undefined security schemes', () => {
    const contract = base({ '/x': { get: {} } }, {}, [{ nope: [] }])
    expect(contract.check(req('GET', '/x'))).toEqual([
      expect.stringMatching(/"nope" is not defined/),
      expect.stringMatching(/security not satisfied/)
    ])
  })
  it('requires every scheme of one requirement object', () => {
    const contract = base(
      { '/x': { get: {} } },
      {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          key: { type: 'apiKey', in: 'header', name: 'X-Key' }
        }
      },
      [{ bearer: [], key: [] }]
    )
    expect(contract.check(req('GET', '/x', { Authorization: 'Bearer t', 'X-Key': 'k' }))).toEqual(
      []
    )
    expectOne(contract.check(req('GET', '/x', { Authorization: 'Bearer t' })), /key needs/)
  })
  it('treats an empty operation-level security list as no authentication', () => {
    const contract = base(
      { '/open': { get: { security: [] } }, '/closed': { get: {} } },
      { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      [{ bearer: [] }]
    )
    expect(contract.check(req('GET', '/open'))).toEqual([])
    expectOne(contract.check(req('GET', '/closed')), /security not satisfied/)
  })
})

describe('request bodies on inline documents', () => {
  /** A contract whose POST /x takes a required JSON body with `schema`. */
  const withSchema = (schema: unknown, schemas: Record<string, unknown> = {}, openapi = '3.1.0') =>
    new Contract({
      openapi,
      info: {},
      paths: {
        '/x': {
          post: { requestBody: { required: true, content: { 'application/json': { schema } } } }
        }
      },
      components: { schemas }
    })
  const post = (contract: Contract, body: unknown) =>
    contract.check(req('POST', '/x', {}, JSON.stringify(body)))
  const accepts = (contract: Contract, ...bodies: unknown[]) => {
    for (const body of bodies) expect(post(contract, body)).toEqual([])
  }

  it('names the operation and the JSON pointer of each violation', () => {
    const contract = withSchema({
      type: 'object',
      properties: { items: { type: 'array', items: { enum: ['a'] } } },
      additionalProperties: false
    })
    expect(post(contract, { items: ['a', 'b'], extra: 1 })).toEqual([
      'POST /x: body: property "extra" is not allowed',
      'POST /x: body/items/1: "b" must be one of "a"'
    ])
  })
  it('accepts bodies only where a requestBody is declared', () => {
    const contract = new Contract({
      openapi: '3.1.0',
      info: {},
      paths: { '/x': { post: { requestBody: { required: true, content: {} } }, delete: {} } }
    })
    expect(contract.check(req('POST', '/x', {}, '{}'))).toEqual([])
    expectOne(contract.check(req('POST', '/x')), /requires a request body/)
    expectOne(contract.check(req('DELETE', '/x', {}, ' ')), /takes no request body/)
  })
  it('keeps the empty-body rules: required bodies must be sent, optional ones may be omitted', () => {
    expectOne(withSchema({ type: 'object' }).check(req('POST', '/x')), /requires a request body/)
    const optional = new Contract({
      openapi: '3.1.0',
      info: {},
      paths: {
        '/x': {
          post: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } }
        }
      }
    })
    expect(optional.check(req('POST', '/x'))).toEqual([])
    expectOne(optional.check(req('POST', '/x', {}, '[]')), /body: must be object/)
  })
  it('rejects a body that is not JSON', () => {
    const contract = withSchema({ type: 'object' })
    expectOne(contract.check(req('POST', '/x', {}, '{"a":')), /^POST \/x: body is not valid JSON/)
    expectOne(contract.check(req('POST', '/x', {}, ' ')), /body is not valid JSON/)
  })
  it('picks the media type named by Content-Type when the operation declares several', () => {
    const contract = new Contract({
      openapi: '3.1.0',
      info: {},
      paths: {
        '/x': {
          post: {
            requestBody: {
              required: true,
              content: {
                'application/x-www-form-urlencoded': { schema: { type: 'object' } },
                'application/merge-patch+json': { schema: { type: 'object' } }
              }
            }
          }
        }
      }
    })
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
    expect(contract.check(req('POST', '/x', form, 'a=1'))).toEqual([])
    expectOne(contract.check(req('POST', '/x', {}, 'a=1')), /body is not valid JSON/)
    const merge = { 'Content-Type': 'application/merge-patch+json; charset=utf-8' }
    expectOne(contract.check(req('POST', '/x', merge, '1')), /body: 1 must be object/)
  })
  it('rewrites nullable (3.0): null is admitted, also where an enum or allOf would refuse it', () => {
    const contract = withSchema(
      {
        type: 'object',
        properties: {
          plain: { type: 'string', nullable: true },
          listed: { $ref: '#/components/schemas/Resolution' },
          composed: { nullable: true, allOf: [{ $ref: '#/components/schemas/User' }] }
        }
      },
      {
        Resolution: { type: 'string', nullable: true, enum: ['revoked'] },
        User: { type: 'object', required: ['login'] }
      },
      '3.0.3'
    )
    accepts(contract, { plain: null, listed: null, composed: null })
    accepts(contract, { plain: 's', listed: 'revoked', composed: { login: 'x' } })
    expectOne(post(contract, { listed: 'fixed' }), /body\/listed: "fixed" must be one of/)
    expect(post(contract, { plain: 1, composed: {} }).join('\n')).toMatch(
      /body\/plain: 1 must be string,null[^]*body\/composed: must have required property 'login'/
    )
  })
  it('follows $refs from the body schema, including recursive ones', () => {
    const contract = withSchema(
      { $ref: '#/components/schemas/Node' },
      {
        Node: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { $ref: '#/components/schemas/Name' },
            children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }
          }
        },
        Name: { type: 'string', minLength: 1 }
      }
    )
    accepts(contract, { name: 'a', children: [{ name: 'b', children: [] }] })
    expectOne(
      post(contract, { name: 'a', children: [{ name: 'b', children: [{ name: '' }] }] }),
      /body\/children\/0\/children\/0\/name: "" must NOT have fewer than 1 characters/
    )
  })
  it('validates 3.1 documents as JSON Schema 2020-12', () => {
    const contract = withSchema({ type: 'array', prefixItems: [{ type: 'string' }] })
    accepts(contract, ['a', 1])
    expectOne(post(contract, [1]), /body\/0: 1 must be string/)
  })
  it('reports a reference cycle without descent as a contract error', () => {
    const contract = withSchema(
      { $ref: '#/components/schemas/A' },
      { A: { allOf: [{ $ref: '#/components/schemas/A' }] } }
    )
    expectOne(post(contract, {}), /^POST \/x: contract error: /)
  })
})

describe('twilio (HTTP Basic)', () => {
  const contract = loadContract('twilio')
  const path = `/2010-04-01/Accounts/AC${'0a'.repeat(16)}/Keys/SK${'0b'.repeat(16)}.json`
  const basic = (pair: string) => ({
    Authorization: `Basic ${Buffer.from(pair).toString('base64')}`
  })

  it('accepts the documented delete with Basic credentials', () => {
    expect(contract.check(req('DELETE', path, basic(`AC${'0a'.repeat(16)}:token`)))).toEqual([])
  })
  it.each([
    ['no Authorization', {}],
    ['a bearer token', { Authorization: 'Bearer abc' }],
    ['Basic without a colon', basic('justuser')]
  ])('refuses %s', (_, headers) => {
    expectOne(contract.check(req('DELETE', path, headers)), /Basic <base64 of user:password>/)
  })
  it('refuses a SID that is not SK and 32 hexadecimal characters', () => {
    const found = contract.check(
      req('DELETE', path.replace(/SK[0-9a-f]+/, 'SKnothex'), basic('AC:token'))
    )
    expect(found).toEqual(
      expect.arrayContaining([expect.stringMatching(/path parameter "Sid".*must match pattern/)])
    )
  })
})

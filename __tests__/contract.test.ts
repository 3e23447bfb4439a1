import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { Contract, loadContract, type ContractRequest } from '../sandbox/contract.js'

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

describe('fixtures', () => {
  const expected: Record<string, string[]> = {
    vastai: [
      'DELETE /api/v0/auth/apikeys/{id}/',
      'GET /api/v0/users/current/',
      'GET /api/v0/auth/apikeys/'
    ],
    baseten: [
      'DELETE /v1/api_keys/{api_key_prefix}',
      'GET /v1/api_keys',
      'GET /v1/models',
      'GET /v1/users/me'
    ],
    braintrust: ['DELETE /v1/api_key/{api_key_id}', 'GET /v1/api_key', 'GET /v1/project'],
    quiva: ['DELETE /accounts/api-key', 'GET /accounts/api-keys', 'GET /accounts/info'],
    cometapi: [
      'DELETE /api/token/{id}',
      'GET /api/token/',
      'GET /api/token/search',
      'GET /v1/models'
    ]
  }

  it.each(Object.entries(expected))(
    '%s.yaml holds exactly the expected operations, a server and a source comment',
    (provider, operations) => {
      const file = fileURLToPath(
        new URL(`../__fixtures__/openapi/${provider}.yaml`, import.meta.url)
      )
      const text = readFileSync(file, 'utf8')
      expect(text.startsWith('#')).toBe(true)
      // The header names the published description by URL and the facts file in this repository.
      expect(text).toContain(`docs/providers/${provider}.md`)
      expect(existsSync(new URL(`../docs/providers/${provider}.md`, import.meta.url))).toBe(true)
      expect(text).toMatch(/^# .*https:\/\//m)
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
      /path parameter "id" "0" is below the minimum 1/
    )
  })
  it.each(['abc', '%2B1', '1.5', '%201', '0x10'])('rejects the non-integer id %s', (id) => {
    expectOne(
      contract.check(req('DELETE', `/api/v0/auth/apikeys/${id}/`, auth)),
      /path parameter "id" .* is not of type integer/
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
        /path parameter "api_key_id" .* is not a UUID/
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
      /query parameter "limit" "-1" is below the minimum 0/
    )
    expectOne(
      contract.check(req('GET', '/v1/api_key?limit=ten', auth)),
      /query parameter "limit" "ten" is not of type integer/
    )
    expectOne(
      contract.check(req('GET', '/v1/api_key?starting_after=abc', auth)),
      /query parameter "starting_after" "abc" is not a UUID/
    )
    expectOne(
      contract.check(req('GET', '/v1/api_key?ending_before=', auth)),
      /query parameter "ending_before" "" is not a UUID/
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
      /path parameter "id" "abc" is not of type integer/
    )
  })
  it('accepts the documented list call and validates paging', () => {
    expect(contract.check(req('GET', '/api/token/?p=1&page_size=100', token))).toEqual([])
    expect(contract.check(req('GET', '/api/token/?p=0&page_size=1', token))).toEqual([])
    expectOne(
      contract.check(req('GET', '/api/token/?p=1&page_size=101', token)),
      /query parameter "page_size" "101" is above the maximum 100/
    )
    expectOne(
      contract.check(req('GET', '/api/token/?page_size=0', token)),
      /"page_size" "0" is below the minimum 1/
    )
    expectOne(contract.check(req('GET', '/api/token/?p=-1', token)), /"p" "-1" is below/)
    expectOne(contract.check(req('GET', '/api/token/?p=%2B1', token)), /"p" "\+1" is not of type/)
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

describe('Contract rules on inline documents', () => {
  const base = (paths: unknown, components: unknown = {}, security?: unknown) =>
    new Contract({ openapi: '3.1.0', info: {}, paths, components, security })

  it('refuses documents that are not OpenAPI 3.x', () => {
    expect(() => new Contract(null)).toThrow(/OpenAPI 3/)
    expect(() => new Contract({ swagger: '2.0', paths: {} })).toThrow(/OpenAPI 3/)
    expect(() => new Contract({ openapi: '3.0.0' })).toThrow(/paths/)
  })
  it('refuses provider names that could escape the fixture folder', () => {
    expect(() => loadContract('../package')).toThrow(/invalid provider name/)
  })
  it('resolves $ref chains and checks enum, minLength, maxLength and pattern', () => {
    const contract = base(
      {
        '/items/{kind}': {
          parameters: [{ $ref: '#/components/parameters/Kind' }],
          get: { parameters: [{ $ref: '#/components/parameters/Name' }] }
        }
      },
      {
        parameters: {
          Kind: {
            name: 'kind',
            in: 'path',
            required: true,
            schema: { $ref: '#/components/schemas/K' }
          },
          Name: {
            name: 'name',
            in: 'query',
            required: true,
            schema: { $ref: '#/components/schemas/N' }
          }
        },
        schemas: {
          K: { $ref: '#/components/schemas/KindEnum' },
          KindEnum: { type: 'string', enum: ['a', 'b'] },
          N: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' }
        }
      }
    )
    expect(contract.check(req('GET', '/items/a?name=abc'))).toEqual([])
    expectOne(contract.check(req('GET', '/items/c?name=abc')), /"c" is not one of "a", "b"/)
    expectOne(contract.check(req('GET', '/items/a?name=a')), /shorter than 2/)
    expectOne(contract.check(req('GET', '/items/a?name=abcde')), /longer than 4/)
    expectOne(contract.check(req('GET', '/items/a?name=AB')), /does not match the pattern/)
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
    expectOne(contract.check(req('GET', '/n/x')), /is not of type integer/)
  })
  it('reports an unresolvable $ref as a contract error', () => {
    const contract = base({
      '/x': { get: { parameters: [{ $ref: '#/components/parameters/Missing' }] } }
    })
    expectOne(contract.check(req('GET', '/x')), /contract error: cannot resolve \$ref/)
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
  it('accepts bodies only where a requestBody is declared', () => {
    const contract = base({
      '/x': { post: { requestBody: { required: true, content: {} } }, delete: {} }
    })
    expect(contract.check(req('POST', '/x', {}, '{}'))).toEqual([])
    expectOne(contract.check(req('POST', '/x')), /requires a request body/)
    expectOne(contract.check(req('DELETE', '/x', {}, ' ')), /takes no request body/)
  })
  it('allows repetition only for exploded array query parameters', () => {
    const contract = base({
      '/x': {
        get: {
          parameters: [
            { name: 'id', in: 'query', schema: { type: 'array', items: { type: 'integer' } } }
          ]
        }
      }
    })
    expect(contract.check(req('GET', '/x?id=1&id=2'))).toEqual([])
    expectOne(contract.check(req('GET', '/x?id=1&id=b')), /"b" is not of type integer/)
  })
  it('checks integer formats and exclusive bounds', () => {
    const contract = base({
      '/x/{n}': {
        get: {
          parameters: [
            {
              name: 'n',
              in: 'path',
              required: true,
              schema: { type: 'integer', format: 'int32', exclusiveMinimum: 0 }
            }
          ]
        }
      }
    })
    expect(contract.check(req('GET', '/x/2147483647'))).toEqual([])
    expectOne(contract.check(req('GET', '/x/2147483648')), /out of the int32 range/)
    expectOne(contract.check(req('GET', '/x/0')), /is not above 0/)
  })
})

describe('request body validation on inline documents', () => {
  /** A contract whose POST /x takes a required JSON body with `schema`. */
  const withSchema = (schema: unknown, schemas: Record<string, unknown> = {}, openapi = '3.1.0') =>
    new Contract({
      openapi,
      info: {},
      paths: {
        '/x': {
          post: {
            requestBody: { required: true, content: { 'application/json': { schema } } }
          }
        }
      },
      components: { schemas }
    })
  /** Violations for POST /x with `body` (a value, serialized, or raw text). */
  const post = (contract: Contract, body: unknown, raw = false) =>
    contract.check(req('POST', '/x', {}, raw ? String(body) : JSON.stringify(body)))
  const accepts = (contract: Contract, ...bodies: unknown[]) => {
    for (const body of bodies) expect(post(contract, body)).toEqual([])
  }
  const rejects = (contract: Contract, body: unknown, pattern: RegExp) =>
    expectOne(post(contract, body), pattern)

  it('names the operation and the JSON path in each violation', () => {
    const contract = withSchema({ type: 'object', properties: { n: { type: 'integer' } } })
    expect(post(contract, { n: 'one' })).toEqual(['POST /x: body.n: "one" is not of type integer'])
  })
  it.each([
    ['object', { a: 1 }, [1]],
    ['array', [1], { a: 1 }],
    ['string', 's', 1],
    ['integer', 3, 3.5],
    ['number', 3.5, '3.5'],
    ['boolean', false, 'false'],
    ['null', null, 0]
  ])('checks type %s', (type, good, bad) => {
    const contract = withSchema({ type })
    accepts(contract, good)
    rejects(contract, bad, new RegExp(`^POST /x: body: .* is not of type ${type}$`))
  })
  it('accepts integers where a number is expected', () => {
    accepts(withSchema({ type: 'number' }), 3, 3.0, -0.5)
  })
  it('checks a list of types (3.1) and nullable (3.0)', () => {
    const list = withSchema({ type: ['string', 'null'] })
    accepts(list, 's', null)
    rejects(list, 1, /body: 1 is not of type string or null/)
    const nullable = withSchema({ type: 'string', nullable: true }, {}, '3.0.3')
    accepts(nullable, 's', null)
    rejects(nullable, 1, /body: 1 is not of type string or null/)
    rejects(withSchema({ type: 'string' }), null, /body: null is not of type string/)
  })
  it('lets nullable admit null even when an enum does not list it (as GitHub writes it)', () => {
    const contract = withSchema({ type: 'string', nullable: true, enum: ['a'] }, {}, '3.0.3')
    accepts(contract, 'a', null)
    rejects(contract, 'b', /body: "b" is not one of "a"/)
  })
  it('checks properties and required', () => {
    const contract = withSchema({
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer' }, name: { type: 'string' } }
    })
    accepts(contract, { id: 1, name: 'n' }, { id: 1, name: 'n', extra: true })
    rejects(contract, { id: 1 }, /body\.name: required property is missing/)
    rejects(contract, { id: '1', name: 'n' }, /body\.id: "1" is not of type integer/)
  })
  it('does not require readOnly properties in a request', () => {
    const contract = withSchema({
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' } }
    })
    accepts(contract, { name: 'n' })
  })
  it('checks additionalProperties: false', () => {
    const contract = withSchema({
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false
    })
    accepts(contract, { a: 'x' }, {})
    rejects(contract, { a: 'x', b: 1 }, /body\.b: property is not allowed \(allowed: a\)/)
  })
  it('checks additionalProperties given as a schema', () => {
    const contract = withSchema({ type: 'object', additionalProperties: { type: 'integer' } })
    accepts(contract, { a: 1, 'b-c': 2 })
    rejects(contract, { 'b-c': 'two' }, /body\["b-c"\]: "two" is not of type integer/)
  })
  it('checks patternProperties before additionalProperties', () => {
    const contract = withSchema({
      type: 'object',
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: false
    })
    accepts(contract, { 'x-a': 's' })
    rejects(contract, { 'x-a': 1 }, /body\["x-a"\]: 1 is not of type string/)
    rejects(contract, { y: 's' }, /body\.y: property is not allowed$/)
  })
  it('checks minProperties and maxProperties', () => {
    const contract = withSchema({ type: 'object', minProperties: 1, maxProperties: 2 })
    accepts(contract, { a: 1 }, { a: 1, b: 2 })
    rejects(contract, {}, /body: has 0 properties, fewer than 1/)
    rejects(contract, { a: 1, b: 2, c: 3 }, /body: has 3 properties, more than 2/)
  })
  it('checks enum with deep equality', () => {
    const contract = withSchema({ enum: ['open', 2, null, { k: [1] }] })
    accepts(contract, 'open', 2, 2.0, null, { k: [1] })
    rejects(contract, 'closed', /body: "closed" is not one of "open", 2, null, \{"k":\[1\]\}/)
    rejects(contract, { k: [2] }, /is not one of/)
    rejects(contract, '2', /body: "2" is not one of/)
  })
  it('checks const', () => {
    const contract = withSchema({ const: { kind: 'a' } })
    accepts(contract, { kind: 'a' })
    rejects(contract, { kind: 'b' }, /body: \{"kind":"b"\} is not \{"kind":"a"\}/)
  })
  it('checks items and names array positions', () => {
    const contract = withSchema({
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'integer' } } }
    })
    accepts(contract, [], [{ id: 1 }, { id: 2 }])
    rejects(contract, [{ id: 1 }, { id: 'x' }], /body\[1\]\.id: "x" is not of type integer/)
  })
  it('checks prefixItems (3.1) before items', () => {
    const contract = withSchema({
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: { type: 'integer' }
    })
    accepts(contract, ['a', 1, 2])
    rejects(contract, [1], /body\[0\]: 1 is not of type string/)
    rejects(contract, ['a', 'b'], /body\[1\]: "b" is not of type integer/)
  })
  it('checks minItems, maxItems and uniqueItems', () => {
    const contract = withSchema({ type: 'array', minItems: 1, maxItems: 2, uniqueItems: true })
    accepts(contract, [1], [1, 2])
    rejects(contract, [], /body: \[\] has 0 items, fewer than 1/)
    rejects(contract, [1, 2, 3], /body: \[1,2,3\] has 3 items, more than 2/)
    rejects(contract, [{ a: 1 }, { a: 1 }], /body\[1\]: duplicates an earlier item/)
  })
  it('checks minLength and maxLength in code points', () => {
    const contract = withSchema({ type: 'string', minLength: 2, maxLength: 3 })
    accepts(contract, 'ab', 'abc', '😀😀😀')
    rejects(contract, 'a', /body: "a" is shorter than 2 characters/)
    rejects(contract, 'abcd', /body: "abcd" is longer than 3 characters/)
  })
  it('checks minimum, maximum and their exclusive forms', () => {
    const inclusive = withSchema({ type: 'integer', minimum: 1, maximum: 100 })
    accepts(inclusive, 1, 100)
    rejects(inclusive, 0, /body: 0 is below the minimum 1/)
    rejects(inclusive, 101, /body: 101 is above the maximum 100/)
    const exclusive30 = withSchema(
      { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
      {},
      '3.0.3'
    )
    accepts(exclusive30, 0.5)
    rejects(exclusive30, 0, /body: 0 is below the minimum 0/)
    rejects(exclusive30, 1, /body: 1 is above the maximum 1/)
    const exclusive31 = withSchema({ type: 'number', exclusiveMinimum: 0, multipleOf: 0.5 })
    accepts(exclusive31, 1.5)
    rejects(exclusive31, 0, /body: 0 is not above 0/)
    rejects(exclusive31, 1.2, /body: 1.2 is not a multiple of 0.5/)
  })
  it('checks integer formats', () => {
    const contract = withSchema({ type: 'integer', format: 'int32' })
    accepts(contract, 2147483647)
    rejects(contract, 2147483648, /body: 2147483648 is out of the int32 range/)
  })
  it('checks pattern', () => {
    const contract = withSchema({ type: 'string', pattern: '^[a-z]+$' })
    accepts(contract, 'abc')
    rejects(contract, 'ABC', /body: "ABC" does not match the pattern \^\[a-z\]\+\$/)
  })
  it('checks the uuid and date-time formats only', () => {
    const uuid = withSchema({ type: 'string', format: 'uuid' })
    accepts(uuid, UUID)
    rejects(uuid, 'nope', /body: "nope" is not a UUID/)
    const dateTime = withSchema({ type: 'string', format: 'date-time' })
    accepts(dateTime, '2024-02-29T12:00:00Z', '2024-01-01T00:00:00.123+02:00')
    rejects(dateTime, '2023-02-29T12:00:00Z', /is not an RFC 3339 date-time/)
    rejects(dateTime, '2024-01-01', /body: "2024-01-01" is not an RFC 3339 date-time/)
    accepts(withSchema({ type: 'string', format: 'email' }), 'not an email')
  })
  it('checks allOf (every subschema)', () => {
    const contract = withSchema({
      allOf: [
        { type: 'object', required: ['a'] },
        { properties: { a: { type: 'string', maxLength: 2 } } }
      ]
    })
    accepts(contract, { a: 'xy' })
    rejects(contract, {}, /body\.a: required property is missing/)
    rejects(contract, { a: 'xyz' }, /body\.a: "xyz" is longer than 2 characters/)
  })
  it('checks anyOf (at least one subschema) and explains each failure', () => {
    const contract = withSchema({
      type: 'object',
      anyOf: [{ required: ['state'] }, { required: ['assignee'] }]
    })
    accepts(contract, { state: 'x' }, { assignee: 'y' }, { state: 'x', assignee: 'y' })
    rejects(
      contract,
      { other: 1 },
      /^POST \/x: body: matches none of the anyOf alternatives \(body\.state: required property is missing; or body\.assignee: required property is missing\)$/
    )
  })
  it('checks oneOf (exactly one subschema)', () => {
    const contract = withSchema({ oneOf: [{ type: 'integer' }, { type: 'number' }] })
    accepts(contract, 1.5)
    rejects(contract, 'x', /body: matches none of the oneOf alternatives/)
    rejects(contract, 2, /body: matches 2 oneOf alternatives \(#0, #1\), not exactly one/)
    const titles = withSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
    accepts(titles, 't', 7)
  })
  it('checks not', () => {
    const contract = withSchema({ not: { type: 'string' } })
    accepts(contract, 1)
    rejects(contract, 's', /body: "s" matches a schema it must not match/)
  })
  it('resolves $refs, including recursive schemas', () => {
    const contract = withSchema(
      { $ref: '#/components/schemas/Node' },
      {
        Node: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { $ref: '#/components/schemas/Name' },
            children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }
          },
          additionalProperties: false
        },
        Name: { type: 'string', minLength: 1 }
      }
    )
    accepts(contract, { name: 'a', children: [{ name: 'b', children: [] }] })
    rejects(
      contract,
      { name: 'a', children: [{ name: 'b', children: [{ name: '' }] }] },
      /body\.children\[0\]\.children\[0\]\.name: "" is shorter than 1 characters/
    )
    rejects(contract, { name: 'a', kids: [] }, /body\.kids: property is not allowed/)
  })
  it('reports a reference cycle without descent as a contract error', () => {
    const contract = withSchema(
      { $ref: '#/components/schemas/A' },
      { A: { allOf: [{ $ref: '#/components/schemas/A' }] } }
    )
    rejects(contract, {}, /contract error: schema nesting is too deep/)
  })
  it('rejects a body that is not JSON', () => {
    const contract = withSchema({ type: 'object' })
    expectOne(post(contract, '{"a":', true), /^POST \/x: body is not valid JSON \(/)
    expectOne(post(contract, ' ', true), /body is not valid JSON/)
  })
  it('keeps the empty-body rules: required bodies must be sent, optional ones may be omitted', () => {
    expectOne(withSchema({ type: 'object' }).check(req('POST', '/x')), /requires a request body/)
    const optional = new Contract({
      openapi: '3.1.0',
      info: {},
      paths: {
        '/x': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }
          }
        }
      }
    })
    expect(optional.check(req('POST', '/x'))).toEqual([])
    expectOne(optional.check(req('POST', '/x', {}, '[]')), /body: \[\] is not of type object/)
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
    expectOne(contract.check(req('POST', '/x', merge, '1')), /body: 1 is not of type object/)
  })
})

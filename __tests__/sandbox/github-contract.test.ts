import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { loadGitHubContract, type ContractRequest } from '../../sandbox/contract.js'

/** A request as octokit sends it to api.github.com (JSON content type, token auth). */
function req(method: string, url: string, body?: unknown): ContractRequest {
  const parsed = new URL(url, 'https://api.github.com')
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    authorization: 'token ghs_0123456789abcdef',
    'x-github-api-version': '2022-11-28'
  }
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8'
  return {
    method,
    path: parsed.pathname,
    query: [...parsed.searchParams],
    headers,
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  }
}

/** Expects at least one violation, and every one to mention `field`. */
function expectViolation(violations: string[], field: RegExp): void {
  expect(violations.length).toBeGreaterThan(0)
  expect(violations).toContainEqual(expect.stringMatching(field))
}

type Json = Record<string, unknown>

/** The raw description, to pin the facts the tests below depend on. */
function githubDocument(): Json {
  const file = createRequire(import.meta.url).resolve(
    '@octokit/openapi/generated/api.github.com.json'
  )
  return JSON.parse(readFileSync(file, 'utf8')) as Json
}

const ALERT = '/repos/acme/app/secret-scanning/alerts/7'
const RESOLVE = {
  state: 'resolved',
  resolution: 'revoked',
  resolution_comment: 'Revoked by revoke-leaked-keys: the key was deleted at the provider.'
}

describe("GitHub's published description", () => {
  const contract = loadGitHubContract()

  it('is loaded once and cached', () => {
    expect(loadGitHubContract()).toBe(contract)
  })

  it.each([
    ['GET', '/repos/acme/app/secret-scanning/alerts?state=open&per_page=100&page=2'],
    ['GET', '/orgs/acme/secret-scanning/alerts?state=open&per_page=100'],
    ['GET', ALERT],
    ['GET', '/repos/acme/app/issues/12/comments?per_page=100&page=1'],
    ['GET', '/repos/acme/app/issues?state=open&per_page=100&page=1'],
    ['GET', '/user']
  ])('accepts the action request %s %s', (method, url) => {
    expect(contract.check(req(method, url))).toEqual([])
  })

  it.each([
    ['PATCH', ALERT, RESOLVE],
    ['POST', '/repos/acme/app/issues/12/comments', { body: 'x' }],
    ['PATCH', '/repos/acme/app/issues/comments/99', { body: 'x' }],
    ['POST', '/repos/acme/app/issues', { title: 't', body: 'b' }],
    ['PATCH', '/repos/acme/app/issues/12', { state: 'closed', state_reason: 'duplicate' }]
  ])('accepts the action request %s %s with its JSON body', (method, url, body) => {
    expect(contract.check(req(method, url, body))).toEqual([])
  })

  it('accepts the other documented shapes of the alert update', () => {
    expect(contract.check(req('PATCH', ALERT, { state: 'open', resolution: null }))).toEqual([])
    expect(contract.check(req('PATCH', ALERT, { assignee: null }))).toEqual([])
    expect(contract.check(req('PATCH', ALERT, { validity: 'inactive' }))).toEqual([])
  })

  describe('rejects wrong versions of those requests', () => {
    it('an alert state GitHub does not know', () => {
      expectViolation(
        contract.check(req('PATCH', ALERT, { ...RESOLVE, state: 'closed' })),
        /body\/state: "closed" must be one of "open", "resolved"/
      )
    })
    it('a resolution outside the declared enum', () => {
      expectViolation(
        contract.check(req('PATCH', ALERT, { ...RESOLVE, resolution: 'fixed' })),
        /body\/resolution: "fixed" must be one of "false_positive", "wont_fix", "revoked"/
      )
    })
    it('a resolution comment that is not a string', () => {
      expectViolation(
        contract.check(req('PATCH', ALERT, { ...RESOLVE, resolution_comment: 42 })),
        /body\/resolution_comment: 42 must be string/
      )
    })
    it('an update that sets none of state, assignee or validity (anyOf)', () => {
      expectViolation(
        contract.check(req('PATCH', ALERT, { resolution: 'revoked' })),
        /body: must match a schema in anyOf/
      )
    })
    it('a body that is not JSON', () => {
      expectViolation(
        contract.check(req('PATCH', ALERT, 'state=resolved&resolution=revoked')),
        /: body is not valid JSON/
      )
    })
    it('an alert update without a body', () => {
      expectViolation(contract.check(req('PATCH', ALERT)), /requires a request body/)
    })
    it('a comment without "body"', () => {
      expectViolation(
        contract.check(req('POST', '/repos/acme/app/issues/12/comments', { text: 'x' })),
        /body: must have required property 'body'/
      )
      expectViolation(
        contract.check(req('PATCH', '/repos/acme/app/issues/comments/99', {})),
        /body: must have required property 'body'/
      )
    })
    it('an issue without a title, or with a title of the wrong type', () => {
      expectViolation(
        contract.check(req('POST', '/repos/acme/app/issues', { body: 'b' })),
        /body: must have required property 'title'/
      )
      expectViolation(
        contract.check(req('POST', '/repos/acme/app/issues', { title: true })),
        /body\/title: true must match exactly one schema in oneOf/
      )
    })
    it('an unknown path', () => {
      expectViolation(
        contract.check(req('GET', '/repos/acme/app/secret-scanning/alertz')),
        /^no operation for GET \/repos\/acme\/app\/secret-scanning\/alertz: no path template/
      )
    })
    it('DELETE on the alerts list', () => {
      expectViolation(
        contract.check(req('DELETE', '/repos/acme/app/secret-scanning/alerts')),
        /^no operation for DELETE .*\/secret-scanning\/alerts allows GET$/
      )
    })
    it('bad path and query parameters', () => {
      expectViolation(
        contract.check(req('GET', '/repos/acme/app/secret-scanning/alerts/seven')),
        /path parameter "alert_number": "seven" must be integer/
      )
      expectViolation(
        contract.check(req('GET', '/repos/acme/app/secret-scanning/alerts?state=closed')),
        /query parameter "state": "closed" must be one of "open", "resolved"/
      )
      expectViolation(
        contract.check(req('GET', '/repos/acme/app/secret-scanning/alerts?per_page=lots')),
        /query parameter "per_page": "lots" must be integer/
      )
      expectViolation(
        contract.check(req('GET', '/repos/acme/app/issues/12/comments?limit=100')),
        /query parameter "limit" is not declared/
      )
    })
  })

  describe('facts of the description the checks depend on', () => {
    const doc = githubDocument()
    const schemas = (doc.components as Json).schemas as Record<string, Json>
    const paths = doc.paths as Record<string, Record<string, Json>>

    it('declares the alert resolution enum (nullable, without "fixed")', () => {
      expect(schemas['secret-scanning-alert-resolution']).toMatchObject({
        type: 'string',
        nullable: true,
        enum: ['false_positive', 'wont_fix', 'revoked', 'used_in_tests']
      })
    })
    it('lets an issue be closed as a duplicate (state_reason), which the tracking issue uses', () => {
      const patch = paths['/repos/{owner}/{repo}/issues/{issue_number}']?.patch
      const schema = (((patch?.requestBody as Json).content as Json)['application/json'] as Json)
        .schema as { properties: Record<string, Json> }
      expect(schema.properties.state_reason?.enum).toContain('duplicate')
      expectViolation(
        contract.check(
          req('PATCH', '/repos/acme/app/issues/12', { state: 'closed', state_reason: 'dupe' })
        ),
        /body\/state_reason/
      )
    })
    it('leaves additionalProperties unset on the alert update, so extra properties pass', () => {
      const patch = paths['/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}']?.patch
      const schema = (((patch?.requestBody as Json).content as Json)['application/json'] as Json)
        .schema as Json
      expect(schema.additionalProperties).toBeUndefined()
      expect(contract.check(req('PATCH', ALERT, { ...RESOLVE, unknown: 1 }))).toEqual([])
    })
    it('gives per_page no maximum ("max 100" is prose only), so per_page=101 passes', () => {
      const perPage = (doc.components as Json).parameters as Record<string, Json>
      expect(perPage['per-page']?.schema).toEqual({ type: 'integer', default: 30 })
      expect(
        contract.check(req('GET', '/repos/acme/app/secret-scanning/alerts?per_page=101'))
      ).toEqual([])
    })
    it('declares no security, so a request without a token passes', () => {
      expect(doc.security).toBeUndefined()
      const anonymous = { ...req('GET', ALERT), headers: {} }
      expect(contract.check(anonymous)).toEqual([])
    })
  })

  it('routes a fixed segment before a template (issues/comments vs issues/{issue_number})', () => {
    expect(
      contract.check(req('GET', '/repos/acme/app/issues/comments?sort=updated&per_page=100'))
    ).toEqual([])
    expectViolation(
      contract.check(req('PATCH', '/repos/acme/app/issues/comments', { body: 'x' })),
      /^no operation for PATCH \/repos\/acme\/app\/issues\/comments: .*\/issues\/comments allows GET$/
    )
    expect(contract.check(req('PATCH', '/repos/acme/app/issues/12', { state: 'closed' }))).toEqual(
      []
    )
  })

  it('checks 1,000 requests well under a second', () => {
    const requests = [
      req('GET', '/repos/acme/app/secret-scanning/alerts?state=open&per_page=100&page=2'),
      req('GET', '/orgs/acme/secret-scanning/alerts?state=open&per_page=100'),
      req('GET', ALERT),
      req('PATCH', ALERT, RESOLVE),
      req('GET', '/repos/acme/app/issues/12/comments?per_page=100&page=1'),
      req('POST', '/repos/acme/app/issues/12/comments', { body: 'x' }),
      req('PATCH', '/repos/acme/app/issues/comments/99', { body: 'x' }),
      req('GET', '/repos/acme/app/issues?state=open&per_page=100&page=1'),
      req('POST', '/repos/acme/app/issues', { title: 't', body: 'b' }),
      req('GET', '/repos/acme/app/secret-scanning/alertz')
    ]
    // CPU time, not time on the clock: a busy machine stretches the second, not the first.
    const started = process.cpuUsage()
    let violations = 0
    for (let i = 0; i < 1000; i++) violations += contract.check(requests[i % 10]!).length
    const { user, system } = process.cpuUsage(started)
    expect(violations).toBe(100)
    expect((user + system) / 1000).toBeLessThan(1000)
  })
})

import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { NodeConnections } from '../../src/http/connections.js'
import { parse } from 'yaml'
import { Deadline } from '../../src/http/deadline.js'
import { github } from '../../src/providers/github/adapter.js'
import { providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'
import { revokeKeys, type Job } from '../../src/revoke/engine.js'
import { Redactor } from '../../src/secrets.js'
import { readSettings } from '../../src/settings/settings.js'
import type { Sandbox } from '../../sandbox/index.js'
import type { FakeKey } from '../../sandbox/store.js'
import { FAST_HTTP, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'github',
  deleteLine: () => 'POST /credentials/revoke',
  // The revocation carries no credential: GitHub answers 403 to an authenticated one.
  auth: () => ['authorization', undefined],
  resolveLines: () => [],
  probeLine: 'GET /user',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      json: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
      },
      headers: { 'retry-after': '0' }
    }
  }
})

const fake = () => suite.sandbox().providers.github
const revokes = () => fake().service.requests.filter((r) => r.path === '/credentials/revoke')
const body = (i = 0) => JSON.parse(revokes()[i]?.body ?? '{}') as { credentials?: string[] }
const addTokenKey = (value: string): FakeKey => {
  const key: FakeKey = {
    id: `manual-${value.slice(0, 4)}`,
    value,
    owner: 'alice',
    name: 'k',
    canManage: true
  }
  fake().store.keys.push(key)
  return key
}
const alnum = (n: number) =>
  Array.from({ length: n }, (_, i) => 'aB3dE5gH7jK9mN1pQ2sT4vW6yZ8'[i % 27]).join('')

/** Runs the engine with GitHub's base URL replaced (an Enterprise Server's `/api/v3`). */
async function revokeWithBase(sandbox: Sandbox, base: string, value: string) {
  const redactor = new Redactor()
  redactor.add(value)
  const baseUrls = Object.fromEntries(
    Object.entries(sandbox.urls()).map(([id, url]) => [id, new URL(url)])
  ) as Job['baseUrls']
  baseUrls.github = new URL(base)
  const connections = new NodeConnections()
  const deadline = new Deadline(10_000)
  try {
    return await revokeKeys(
      {
        keys: [{ provider: 'github', value, source: 'key line 1' }],
        tokens: {},
        baseUrls,
        verify: true,
        dryRun: false
      },
      { connections, deadline, redactor, http: FAST_HTTP }
    )
  } finally {
    deadline.dispose()
    await connections.close()
  }
}

describe('github specifics', () => {
  it('revokes many tokens with ONE request, without any credential, and proves each dead', async () => {
    const keys = [
      ...Array.from({ length: 4 }, () => fake().store.addKey()),
      addTokenKey(`github_pat_${alnum(22)}_${alnum(59)}`),
      addTokenKey(`gho_${alnum(36)}`),
      addTokenKey(`ghu_${alnum(36)}`)
    ]
    const { results } = await revokeAt(suite.sandbox(), {
      keys: keys.map((k) => ({ provider: 'github' as const, value: k.value }))
    })
    for (const r of results)
      expect(r).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: 202 })
    expect(revokes()).toHaveLength(1)
    const [sent] = revokes()
    expect(sent?.headers.authorization).toBeUndefined()
    expect(sent?.headers['content-type']).toBe('application/json')
    expect(body().credentials?.sort()).toEqual(keys.map((k) => k.value).sort())
    for (const k of keys) expect(k.deletedAt).toBeDefined()
    expect(JSON.stringify(results)).not.toMatch(/gh[pou]_|github_pat_/)
  })

  it('with verify off, every token of the run still goes in one request, sent but never claimed revoked', async () => {
    const keys = Array.from({ length: 30 }, () => fake().store.addKey())
    const { results } = await revokeAt(suite.sandbox(), {
      keys: keys.map((k) => ({ provider: 'github' as const, value: k.value })),
      verify: false
    })
    // GitHub's 202 answers any list alike: without the probes, nothing proves a token died.
    expect(results.every((r) => r.outcome === 'submitted' && r.verified === null)).toBe(true)
    expect(revokes()).toHaveLength(1)
    expect(body().credentials).toHaveLength(30)
  })

  it('only the tokens seen alive are sent: a dead one is not found and not sent', async () => {
    const live = fake().store.addKey()
    const dead = fake().store.addKey()
    fake().store.delete(dead)
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [
        { provider: 'github', value: live.value },
        { provider: 'github', value: dead.value }
      ]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(results[1]).toMatchObject({ outcome: 'not-found', verified: null })
    expect(body().credentials).toEqual([live.value])
  })

  it('the hourly limit used up (403, x-ratelimit-remaining 0): failed at once, naming when to retry', async () => {
    const key = fake().store.addKey()
    const reset = Math.ceil(Date.now() / 1000) + 1800
    fake().service.inject({
      method: 'POST',
      path: /^\/credentials\/revoke$/,
      times: 9,
      fault: {
        kind: 'reply',
        reply: {
          status: 403,
          json: { message: 'API rate limit exceeded for 127.0.0.1.' },
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }
        }
      }
    })
    const started = Date.now()
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'github', value: key.value }]
    })
    // Waiting for the reset, half an hour away, would run into the run's deadline (20 s): far
    // below it, with all the room a busy machine needs, the run did not wait.
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'rate-limited',
      httpStatus: 403,
      attempts: 1
    })
    const when = new Date(reset * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    expect(results[0]?.message).toContain(`run again after ${when}`)
    expect(key.deletedAt).toBeUndefined()
  })

  it('a 429 asking for longer than the client waits: failed, naming the wait, not a hang', async () => {
    const key = fake().store.addKey()
    fake().service.inject({
      method: 'POST',
      path: /^\/credentials\/revoke$/,
      times: 9,
      fault: {
        kind: 'reply',
        reply: {
          status: 429,
          json: { message: 'secondary rate limit' },
          headers: { 'retry-after': '3600' }
        }
      }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'github', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'rate-limited', attempts: 1 })
    expect(results[0]?.message).toContain('run again in 3600 s')
  })

  it('a 422 ("validation failed, or the endpoint has been spammed") fails, quoting GitHub', async () => {
    const key = fake().store.addKey()
    fake().service.inject({
      method: 'POST',
      path: /^\/credentials\/revoke$/,
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 422,
          json: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' }
        }
      }
    })
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'github', value: key.value }]
    })
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'invalid-input',
      httpStatus: 422
    })
    expect(results[0]?.message).toContain('Validation Failed')
    expect(key.deletedAt).toBeUndefined()
  })

  it('a ghr_ refresh token cannot be probed: sent, never claimed revoked, no GET /user', async () => {
    const key = addTokenKey(`ghr_${alnum(76)}`)
    const { results } = await revokeAt(suite.sandbox(), {
      keys: [{ provider: 'github', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'submitted', verified: null, httpStatus: 202 })
    expect(results[0]?.message).toContain('refresh token')
    expect(fake().service.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /credentials/revoke'
    ])
    expect(key.deletedAt).toBeDefined()
  })

  it('GitHub Enterprise Server (GITHUB_API_URL …/api/v3): refused before any request', async () => {
    const sandbox = suite.sandbox()
    const key = fake().store.addKey()
    const results = await revokeWithBase(sandbox, `${sandbox.githubService.url}/api/v3`, key.value)
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'invalid-input' })
    expect(results[0]?.message).toContain('Enterprise Server')
    expect(fake().service.requests).toEqual([])
    expect(key.deletedAt).toBeUndefined()
  })

  it('takes only the tokens the revocation API takes, and names what is expected', () => {
    expect(github.checkValue?.(`ghp_${alnum(36)}`)).toBeUndefined()
    expect(github.checkValue?.(`github_pat_${alnum(22)}_${alnum(59)}`)).toBeUndefined()
    expect(github.checkValue?.(`ghr_${alnum(76)}`)).toBeUndefined()
    expect(github.checkValue?.(`ghs_${alnum(36)}`)).toContain('DELETE /installation/token')
    expect(github.checkValue?.(`ghp_${alnum(10)}`)).toContain('cut short')
    expect(github.checkValue?.(`sk-${alnum(48)}`)).toContain('ghp_')
    expect(github.checkValue?.(`ghp_${alnum(252)}`)).toContain('255')
    expect(github.checkId('123')).toContain('`key`')
    expect(providerForValue(`ghp_${alnum(36)}`)?.id).toBe('github')
    expect(providerForValue(`ghs_${alnum(36)}`)?.id).toBe('github')
  })

  it("maps GitHub's native types of revocable tokens, and nothing else of GitHub's", () => {
    const none = new Map()
    for (const [type, name] of [
      ['github_personal_access_token', 'GitHub Personal Access Token'],
      ['github_oauth_access_token', 'GitHub OAuth Access Token'],
      ['github_refresh_token', 'GitHub Refresh Token']
    ] as const)
      expect(providerForSecretType(type, name, none)).toBe('github')
    for (const [type, name] of [
      ['github_app_installation_access_token', 'GitHub App Installation Access Token'],
      ['github_ssh_private_key', 'GitHub SSH Private Key'],
      ['github_test_token', 'GitHub Test Token']
    ] as const)
      expect(providerForSecretType(type, name, none)).toBeUndefined()
  })

  it('settings: no github credential input (github-token stays the report token), the URL is GITHUB_API_URL', () => {
    const redactor = new Redactor()
    const value = `ghp_${alnum(36)}`
    const inputs: Record<string, string> = {
      key: value,
      'github-token': 'ghs_reportToken000000000'
    }
    const settings = readSettings((n) => inputs[n] ?? '', redactor, {
      env: { GITHUB_API_URL: 'https://api.github.com/' }
    })
    expect(settings.keys).toEqual([{ provider: 'github', value, source: 'key line 1' }])
    expect(settings.tokens.github).toBeUndefined()
    expect(settings.githubToken).toBe('ghs_reportToken000000000')
    expect(settings.baseUrls.github.href).toBe('https://api.github.com/')
    expect(() =>
      readSettings((n) => ({ provider: 'github', 'key-id': 'abc' })[n] ?? '', redactor, { env: {} })
    ).toThrow(/key-id.*`key`/)
    expect(() =>
      readSettings((n) => inputs[n] ?? '', redactor, { env: { GITHUB_API_URL: 'http://10.0.0.1' } })
    ).toThrow(/^GITHUB_API_URL must use https/)
  })

  it("the contract fixture agrees with GitHub's published description, which GHES lacks", () => {
    const require = createRequire(import.meta.url)
    const load = (name: string) =>
      JSON.parse(
        readFileSync(require.resolve(`@octokit/openapi/generated/${name}.json`), 'utf8')
      ) as { paths: Record<string, Record<string, { requestBody?: unknown }>> }
    const dotcom = load('api.github.com')
    const fixture = parse(readFileSync('src/providers/github/openapi.yaml', 'utf8')) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>
    }
    expect(fixture.paths['/credentials/revoke']?.post?.requestBody).toEqual(
      (() => {
        const published = dotcom.paths['/credentials/revoke']?.post?.requestBody as {
          required: boolean
          content: { 'application/json': { schema: unknown } }
        }
        return {
          required: published.required,
          content: { 'application/json': { schema: published.content['application/json'].schema } }
        }
      })()
    )
    expect(dotcom.paths['/user']?.get).toBeDefined()
    for (const ghes of ['ghes-3.17', 'ghes-3.18', 'ghes-3.19'])
      expect(load(ghes).paths['/credentials/revoke']).toBeUndefined()
    expect(PROVIDER_IDS).toContain('github')
  })
})

import { describe, expect, it } from '@jest/globals'
import { providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { openai, redactedMatches } from '../../src/providers/openai/adapter.js'
import { parseKeyId } from '../../src/providers/openai/facts.js'
import type { FakeKey } from '../../sandbox/store.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const ids = (key: FakeKey) => {
  const [scope, keyId] = key.id.split(':')
  return { scope: scope!, keyId: keyId! }
}
const deletePath = (key: FakeKey) => {
  const { scope, keyId } = ids(key)
  return scope === 'admin'
    ? `/v1/organization/admin_api_keys/${keyId}`
    : `/v1/organization/projects/${scope}/api_keys/${keyId}`
}

const suite = describeProvider({
  id: 'openai',
  deleteLine: (key) => `DELETE ${deletePath(key)}`,
  auth: (secret) => ['authorization', `Bearer ${secret}`],
  resolveLines: (key) => [
    'GET /v1/organization/admin_api_keys',
    'GET /v1/organization/projects?limit=100',
    `GET /v1/organization/projects/${ids(key).scope}/api_keys?limit=100&owner_project_access=any`
  ],
  // The reference documents 400 "for various conditions"; the adapter calls it not-found only
  // once the key list no longer shows the key.
  unknownIdStatus: 400,
  probeLine: 'GET /v1/models',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: false,
  // An admin key without write permission: the error guide's 401 for a key lacking permission.
  forbid: (sandbox) => ({
    token: sandbox.providers.openai.store.addToken({ canManage: false }),
    reason: 'unauthorized'
  }),
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      json: {
        error: {
          message: 'Rate limit reached for requests',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded'
        }
      }
    }
  }
})

const fake = () => suite.sandbox().fakes.openai
const requests = () => suite.sandbox().providers.openai.service.requests
const lines = () => requests().map((r) => `${r.method} ${r.path}`)

describe('openai specifics', () => {
  it('revokes an admin key by value, probing it on the admin key list', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const token = fake().store.addToken({ owner: 'ada' })
    const key = fake().addKey({ owner: 'ada', kind: 'admin' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', value: key.value }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: 200 })
    expect(lines()).toContain(`DELETE /v1/organization/admin_api_keys/${ids(key).keyId}`)
    const probes = requests().filter((r) => r.headers.authorization === `Bearer ${key.value}`)
    expect(probes.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)).toEqual([
      '/v1/organization/admin_api_keys?limit=1',
      '/v1/organization/admin_api_keys?limit=1'
    ])
    expect(key.deletedAt).toBeDefined()
    expect(sandbox.violations()).toEqual([])
  })

  it('revokes an admin key given as admin:<key id>', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const token = fake().store.addToken({ owner: 'ada' })
    const key = fake().addKey({ owner: 'ada', kind: 'admin' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', id: key.id }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(lines()).toEqual([`DELETE /v1/organization/admin_api_keys/${ids(key).keyId}`])
  })

  it('revokes the admin key that is itself the token: it is listed, deleted and proven dead', async () => {
    const sandbox = suite.sandbox()
    const key = fake().addKey({ owner: 'bea', kind: 'admin' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', value: key.value }],
      tokens: { openai: key.value }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(key.deletedAt).toBeDefined()
  })

  it('finds a key in any project, including one whose owner lost access (owner_project_access=any)', async () => {
    const sandbox = suite.sandbox()
    const token = fake().store.addToken({ owner: 'cai' })
    fake().addKey({ owner: 'cai', project: 'proj_a' })
    const key = fake().addKey({ owner: 'cai', project: 'proj_b', ownerInactive: true })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', value: key.value }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(key.deletedAt).toBeDefined()
  })

  it('asks for key-id when two keys, in different projects, show the same redacted value', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const token = fake().store.addToken({ owner: 'dan' })
    const a = fake().addKey({ owner: 'dan', project: 'proj_x' })
    const b = fake().addKey({ owner: 'dan', project: 'proj_y' })
    // Same start and end as `a`, different middle: the redacted values are identical.
    b.value = `${a.value.slice(0, 10)}${'Z'.repeat(a.value.length - 14)}${a.value.slice(-4)}`
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', value: a.value }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
    expect(results[0]?.message).toContain('`key-id`')
    expect(requests().filter((r) => r.method === 'DELETE')).toEqual([])
    expect(a.deletedAt).toBeUndefined()
    expect(b.deletedAt).toBeUndefined()
  })

  it("refuses a service account's key found by value, naming the next step, deleting nothing", async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const token = fake().store.addToken({ owner: 'eve' })
    const key = fake().addKey({ owner: 'eve', project: 'proj_s', serviceAccount: 'svc_acct_1' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', value: key.value }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
    expect(results[0]?.message).toContain('service account svc_acct_1 of project proj_s')
    expect(results[0]?.message).toContain('delete that service account')
    expect(requests().filter((r) => r.method === 'DELETE')).toEqual([])
    expect(key.deletedAt).toBeUndefined()
  })

  it("fails on a service account's key given by id with OpenAI's 400, naming the next step", async () => {
    const sandbox = suite.sandbox()
    const token = fake().store.addToken({ owner: 'eve' })
    const key = fake().addKey({ owner: 'eve', project: 'proj_s', serviceAccount: 'svc_acct_2' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', id: key.id }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', httpStatus: 400 })
    expect(results[0]?.message).toContain('service account svc_acct_2')
    expect(key.deletedAt).toBeUndefined()
  })

  it('pages projects and keys with limit=100 and after=<last_id>', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const token = fake().store.addToken({ owner: 'hal' })
    const keys = Array.from({ length: 130 }, () =>
      fake().addKey({ owner: 'hal', project: 'proj_h' })
    )
    for (let i = 0; i < 101; i++)
      fake().addKey({ owner: 'hal', project: `proj_p${String(i).padStart(3, '0')}` })
    const target = keys[120]!
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', value: target.value }],
      tokens: { openai: token },
      verify: false
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked' })
    const pages = (path: string) =>
      requests()
        .filter((r) => r.path === path)
        .map((r) => new Map(r.query).get('after') ?? '-')
    expect(pages('/v1/organization/projects')).toEqual(['-', 'proj_p098'])
    expect(pages('/v1/organization/projects/proj_h/api_keys')).toHaveLength(2)
    expect(target.deletedAt).toBeDefined()
    expect(sandbox.violations()).toEqual([])
  })

  it('a 401 other than "Incorrect API key provided" proves nothing: deleted, not verified', async () => {
    const sandbox = suite.sandbox()
    const token = fake().store.addToken({ owner: 'ivy' })
    const key = fake().addKey({ owner: 'ivy' })
    sandbox.providers.openai.service.inject({
      method: 'GET',
      path: /^\/v1\/models$/,
      times: 99,
      fault: {
        kind: 'reply',
        reply: {
          status: 401,
          json: {
            error: {
              message: `You have insufficient permissions for this operation. Missing scopes: api.model.read. Key ${key.value.slice(0, 12)}****${key.value.slice(-4)}`,
              type: 'invalid_request_error',
              param: null,
              code: null
            }
          }
        }
      }
    })
    try {
      // By value alone, the redacted value stays a candidate: the value's answer proves nothing.
      const byValue = await revokeAt(sandbox, {
        keys: [{ provider: 'openai', value: key.value }],
        tokens: { openai: token }
      })
      expect(byValue.results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
      expect(key.deletedAt).toBeUndefined()
      // With the id, the key is deleted; nothing proves it dead.
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'openai', id: key.id, value: key.value }],
        tokens: { openai: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
      expect(results[0]?.message).toContain('Incorrect API key provided')
      expect(key.deletedAt).toBeDefined()
      expect(JSON.stringify(byValue.results)).not.toContain(key.value.slice(0, 12))
      const said = JSON.stringify(results)
      expect(said).not.toContain(key.value.slice(0, 12))
      expect(said).not.toContain(key.value.slice(-4))
    } finally {
      sandbox.resetRequests()
    }
  })

  it('refuses to match when listed redacted values are not "<start>...<end>"', async () => {
    const sandbox = suite.sandbox()
    const token = fake().store.addToken({ owner: 'jo' })
    const key = fake().addKey({ owner: 'jo' })
    const redact = fake().options.redact
    fake().options.redact = (k) => `${k.value.slice(0, 6)}****${k.value.slice(-4)}`
    try {
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'openai', value: key.value }],
        tokens: { openai: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
      expect(results[0]?.message).toContain('undocumented shape')
      expect(key.deletedAt).toBeUndefined()
    } finally {
      fake().options.redact = redact
    }
  })

  it('fails when a 200 delete answer names another key', async () => {
    const sandbox = suite.sandbox()
    const token = fake().store.addToken({ owner: 'kim' })
    const key = fake().addKey({ owner: 'kim' })
    sandbox.providers.openai.service.inject({
      method: 'DELETE',
      times: 1,
      fault: {
        kind: 'reply',
        reply: {
          status: 200,
          json: { object: 'organization.project.api_key.deleted', id: 'key_other', deleted: true }
        }
      }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'openai', id: key.id }],
      tokens: { openai: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
  })
})

describe('openai inputs', () => {
  it('key-id names a project key or an admin key, and nothing else', () => {
    expect(parseKeyId('proj_abc:key_abc')).toEqual({
      kind: 'project',
      projectId: 'proj_abc',
      keyId: 'key_abc'
    })
    expect(parseKeyId('admin:key_abc')).toEqual({ kind: 'admin', keyId: 'key_abc' })
    for (const bad of ['key_abc', 'proj_abc/key_abc', 'a:b:c', ':key_abc', 'proj_abc:', 'p q:k'])
      expect([bad, openai.checkId(bad)]).toEqual([bad, expect.stringContaining('admin:<key id>')])
  })

  it('values: sk- keys only; Anthropic keys are named as such', () => {
    expect(openai.checkValue?.(`sk-proj-${'a'.repeat(60)}`)).toBeUndefined()
    expect(openai.checkValue?.(`sk-${'a'.repeat(48)}`)).toBeUndefined()
    expect(openai.checkValue?.(`sk-ant-api03-${'a'.repeat(40)}`)).toContain('Anthropic')
    expect(openai.checkValue?.('proj-abcdefghijkl')).toContain('sk-')
    expect(openai.checkValue?.('sk-abc')).toContain('sk-')
  })

  it('claims sk-proj-, sk-admin- and sk-svcacct- values, and no bare sk- value', () => {
    for (const prefix of ['sk-proj-', 'sk-admin-', 'sk-svcacct-'])
      expect(providerForValue(`${prefix}${'a'.repeat(60)}`)?.id).toBe('openai')
    expect(providerForValue(`sk-${'a'.repeat(48)}`)).toBeUndefined()
    // An Anthropic key is Anthropic's, never OpenAI's.
    expect(providerForValue(`sk-ant-api03-${'a'.repeat(60)}`)?.id).toBe('anthropic')
  })

  it("maps GitHub's openai_api_key, and no Azure, webhook or OpenRouter secret", () => {
    const none = new Map()
    expect(providerForSecretType('openai_api_key', 'OpenAI API Key', none)).toBe('openai')
    expect(providerForSecretType('custom', 'OpenAI admin key', none)).toBe('openai')
    for (const [type, name] of [
      ['azure_openai_key', 'Azure OpenAI Key'],
      ['custom', 'OpenAI webhook secret'],
      ['openrouter_api_key', 'OpenRouter API Key'],
      ['custom', 'OpenAI organization id']
    ])
      expect([name, providerForSecretType(type!, name!, none)]).toEqual([name, undefined])
  })

  it('reads a redacted value only as "<start>...<end>"', () => {
    const value = `sk-proj-${'a'.repeat(20)}WXYZ`
    expect(redactedMatches('sk-proj...WXYZ', value)).toBe(true)
    expect(redactedMatches('sk-abc...WXYZ', value)).toBe(false)
    expect(redactedMatches('sk-proj...WXYA', value)).toBe(false)
    expect(redactedMatches('sk-proj****WXYZ', value)).toBeUndefined()
    expect(redactedMatches('sk-...WXYZ...', value)).toBeUndefined()
    expect(redactedMatches('sk-proj...XYZ', value)).toBe(true)
    expect(redactedMatches('sk-proj...YZ', value)).toBeUndefined()
  })
})

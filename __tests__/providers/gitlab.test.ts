import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const SELF = '/api/v4/personal_access_tokens/self'

const suite = describeProvider({
  id: 'gitlab',
  // By value with a token, the value names its own id (GET self) and the token revokes that id.
  deleteLine: (key) => `DELETE /api/v4/personal_access_tokens/${key.id}`,
  auth: (secret) => ['private-token', secret],
  resolveLines: () => [`GET ${SELF}`],
  resolveAuthenticates: true,
  probeLine: `GET ${SELF}`,
  probeAuth: (v) => ['private-token', v],
  selfRevocation: true,
  // A user's token may revoke only its own user's tokens: another's id gets 401.
  forbid: (sandbox) => ({
    token: sandbox.providers.gitlab.store.addToken({ owner: 'bob', canManage: false }),
    reason: 'unauthorized'
  }),
  rateLimited: {
    kind: 'reply',
    reply: { status: 429, text: 'Retry later', headers: { 'retry-after': '0' } }
  }
})

describe('gitlab specifics', () => {
  const gitlab = PROVIDERS.gitlab
  const requests = () => suite.sandbox().providers.gitlab.service.requests.map(line)

  it('self-revokes with DELETE /personal_access_tokens/self, after reading the id, and proves it dead', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = sandbox.providers.gitlab.store.addKey({ owner: 'ivy' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: 204 })
    expect(requests()).toEqual([`GET ${SELF}`, `DELETE ${SELF}`, `GET ${SELF}`])
    const del = sandbox.providers.gitlab.service.requests[1]
    expect(del?.headers['private-token']).toBe(key.value)
    expect(del?.headers.authorization).toBeUndefined()
    expect(sandbox.violations()).toEqual([])
  })

  it.each([
    ['project', 'projects'],
    ['group', 'groups']
  ])('revokes a %s access token by its scoped id with the token', async (kind, path) => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.gitlab
    const key = store.addKey({ owner: `${kind}:77` })
    const token = store.addToken({ owner: `${kind}:77`, canManage: false })
    const id = `${kind}:77:${key.id}`
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', id, value: key.value }],
      tokens: { gitlab: token }
    })
    expect(results[0]).toMatchObject({ keyRef: id, outcome: 'revoked', verified: true })
    expect(requests()).toEqual([
      `GET ${SELF}`,
      `DELETE /api/v4/${path}/77/access_tokens/${key.id}`,
      `GET ${SELF}`
    ])
    expect(sandbox.violations()).toEqual([])
  })

  it('a scoped id of another project is not found (404), and nothing is deleted', async () => {
    const sandbox = suite.sandbox()
    const { store } = sandbox.providers.gitlab
    const key = store.addKey({ owner: 'project:5' })
    const token = store.addToken()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', id: `project:6:${key.id}` }],
      tokens: { gitlab: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', httpStatus: 404 })
    expect(key.deletedAt).toBeUndefined()
  })

  it('with no token, a key id that is not the value’s own token deletes nothing', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const { store } = sandbox.providers.gitlab
    const key = store.addKey({ owner: 'jo' })
    const other = store.addKey({ owner: 'jo' })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', id: other.id, value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'invalid-input' })
    expect(results[0]?.message).toContain(`id ${key.id}`)
    expect(key.deletedAt).toBeUndefined()
    expect(other.deletedAt).toBeUndefined()
    expect(requests().filter((l) => l.startsWith('DELETE'))).toEqual([])
  })

  it('a self-revoke whose answer was lost counts the refusal on retry as our own delete', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = sandbox.providers.gitlab.store.addKey({ owner: 'kim' })
    sandbox.providers.gitlab.service.inject({
      method: 'DELETE',
      path: /\/self$/,
      times: 1,
      fault: { kind: 'act-then-reset' }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, attempts: 2 })
    expect(results[0]?.message).toContain('repeating a delete is safe')
  })

  it('fails on a 200 to a delete: only 204 means revoked', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.gitlab
    const key = store.addKey()
    service.inject({
      method: 'DELETE',
      times: 1,
      fault: { kind: 'reply', reply: { status: 200, json: { message: 'ok' } } }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', id: key.id }],
      tokens: { gitlab: store.addToken() }
    })
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      reason: 'provider-error',
      httpStatus: 200
    })
    expect(key.deletedAt).toBeUndefined()
  })

  it('a 403 to the probe proves nothing: deleted, not claimed dead', async () => {
    const sandbox = suite.sandbox()
    const { store, service } = sandbox.providers.gitlab
    const key = store.addKey()
    service.inject({
      method: 'GET',
      times: 99,
      fault: { kind: 'reply', reply: { status: 403, json: { error: 'insufficient_scope' } } }
    })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'gitlab', value: key.value }]
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(results[0]?.message).toContain('403')
    expect(key.deletedAt).toBeDefined()
  })

  it('claims glpat- values and the native gitlab_access_token alerts, and no other GitLab type', () => {
    expect(providerForValue(`glpat-${'a'.repeat(20)}`)?.id).toBe('gitlab')
    const none = new Map()
    expect(providerForSecretType('gitlab_access_token', 'GitLab Access Token', none)).toBe('gitlab')
    for (const [type, name] of [
      ['gitlab_ci_build_token', 'GitLab CI/CD Job Token'],
      ['gitlab_deploy_token', 'GitLab Deploy Token'],
      ['gitlab_feed_token_v2', 'GitLab Feed Token'],
      ['gitlab_runner_auth_token', 'GitLab Runner Authentication Token'],
      ['gitlab_runner_registration_token', 'GitLab Runner Registration Token'],
      ['gitlab_pipeline_trigger_token', 'GitLab Pipeline Trigger Token'],
      ['gitlab_oauth_app_secret', 'GitLab OAuth Application Secret'],
      ['gitlab_scim_oauth_token', 'GitLab SCIM Token'],
      ['gitlab_kubernetes_agent_token', 'GitLab Agent for Kubernetes Token'],
      ['gitlab_incoming_email_token', 'GitLab Incoming Mail Token'],
      ['gitlab_feature_flag_client_token', 'GitLab Feature Flag Client Token']
    ] as const)
      expect(providerForSecretType(type, name, none)).toBeUndefined()
    // A custom pattern named for personal access tokens still maps.
    expect(providerForSecretType('custom', 'GitLab personal access token', none)).toBe('gitlab')
  })

  it('checks ids and values before any request', () => {
    for (const ok of ['1', '123', 'project:4:56', 'group:7:8'])
      expect(gitlab.checkId(ok)).toBeUndefined()
    for (const bad of ['0', 'self', 'project:4', 'project:a/b:5', 'group:7:8:9', '12a'])
      expect(gitlab.checkId(bad)).toMatch(/GitLab token id/)
    expect(gitlab.checkValue?.(`glpat-${'a'.repeat(20)}`)).toBeUndefined()
    expect(gitlab.checkValue?.(`mycorp-${'a'.repeat(20)}`)).toBeUndefined()
    expect(gitlab.checkValue?.(`glpat-abc\ndef`)).toMatch(/one line/)
    expect(gitlab.checkValue?.(`gldt-${'a'.repeat(20)}`)).toMatch(/deploy token/)
    expect(gitlab.checkValue?.(`glrt-${'a'.repeat(20)}`)).toMatch(/runner/)
    expect(gitlab.checkValue?.(`glcbt-${'a'.repeat(20)}`)).toMatch(/job token/)
  })
})

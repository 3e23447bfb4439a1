import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readSettings } from '../../src/settings/settings.js'
import { Redactor } from '../../src/secrets.js'
import { revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

const suite = describeProvider({
  id: 'buildkite',
  // The token revokes itself: no id, nothing in the path, query or body.
  deleteLine: () => 'DELETE /v2/access-token',
  auth: (secret) => ['authorization', `Bearer ${secret}`],
  resolveLines: () => [],
  probeLine: 'GET /v2/access-token',
  probeAuth: (v) => ['authorization', `Bearer ${v}`],
  selfRevocation: true,
  ids: false,
  credential: 'none',
  rateLimited: {
    kind: 'reply',
    reply: {
      status: 429,
      headers: { 'ratelimit-remaining': '0', 'ratelimit-limit': '200', 'ratelimit-reset': '1' },
      json: { message: 'Too Many Requests' }
    }
  }
})

const buildkite = PROVIDERS.buildkite
const fake = () => suite.sandbox().providers.buildkite
const replyTo = (method: string, status: number, json?: unknown, times = 1, skip = 0) =>
  fake().service.inject({
    method,
    path: /^\/v2\/access-token$/,
    times,
    skip,
    fault: { kind: 'reply', reply: json === undefined ? { status } : { status, json } }
  })
const revoke = (value: string) =>
  revokeAt(suite.sandbox(), { keys: [{ provider: 'buildkite', value }] })

describe('buildkite specifics', () => {
  it('sends the token only as a bearer, with no query and no body', async () => {
    const key = fake().store.addKey()
    await revoke(key.value)
    const requests = fake().service.requests
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/access-token',
      'DELETE /v2/access-token',
      'GET /v2/access-token'
    ])
    for (const r of requests) {
      expect(r.query).toEqual([])
      expect(r.body).toBe('')
      expect(r.headers.authorization).toBe(`Bearer ${key.value}`)
    }
  })

  it('its own 204 without a 200 before is revoked, never verified', async () => {
    const key = fake().store.addKey()
    replyTo('GET', 403, { message: 'Forbidden' })
    const { results } = await revoke(key.value)
    expect(key.deletedAt).toBeDefined()
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
  })

  it('a 403 after its own 204 is no proof: revoked, not verified', async () => {
    const key = fake().store.addKey()
    replyTo('GET', 403, { message: 'Forbidden' }, 99, 1)
    const { results } = await revoke(key.value)
    expect(key.deletedAt).toBeDefined()
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(results[0]?.message).toContain('Allowed IP Addresses')
  })

  it('a 200 without uuid and scopes is not a token record: the probe fails, never alive', async () => {
    const key = fake().store.addKey()
    replyTo('GET', 200, { message: 'hello' }, 99)
    const { results } = await revoke(key.value)
    // Leak beats outage: the revoke went ahead on its own 204, but nothing was verified.
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
    expect(results[0]?.message).toContain('unexpected answer')
  })

  it('a 200 to the DELETE is not the documented 204: the key fails, never revoked', async () => {
    const key = fake().store.addKey()
    replyTo('DELETE', 200, {})
    const { results } = await revoke(key.value)
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'provider-error' })
  })

  it('a 403 to the DELETE fails the key, quoting Buildkite, nothing revoked', async () => {
    const key = fake().store.addKey()
    replyTo('DELETE', 403, { message: 'Forbidden for this address' })
    const { results } = await revoke(key.value)
    expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'forbidden', httpStatus: 403 })
    expect(results[0]?.message).toContain('Forbidden for this address')
    expect(key.deletedAt).toBeUndefined()
  })

  it('a token echoed in an error is not quoted back', async () => {
    const key = fake().store.addKey()
    const other = fake().store.addKey()
    replyTo('DELETE', 500, { message: `failed for ${key.value} and ${other.value}` })
    const { results } = await revoke(key.value)
    const text = JSON.stringify(results)
    expect(text).not.toContain(key.value)
    expect(text).not.toContain(other.value.slice(5))
  })

  it('claims bkua_ tokens and refuses other Buildkite tokens before any request, naming them', () => {
    const token = 'bkua_MTA.4f6ccde8c73e26244d73c5a77c91c242c0c818ce'
    expect(buildkite.checkValue?.(token)).toBeUndefined()
    // bkua_ names Buildkite, but the current form (`bkua_MTA.` and hex) is also Baseten's
    // `<prefix>.<secret>` form: two claim it, so neither is picked and `provider` is needed.
    expect(providerForValue(token)).toBeUndefined()
    expect(providerForValue(`bkua_${'4f6c'.repeat(10)}`)?.id).toBe('buildkite')
    expect(buildkite.checkValue?.('bkaa_MTA.Miyf6S3a3g9j8pyBGTyLC1frg9k6g')).toMatch(
      /agent session \(access\) token, which the access token API does not revoke/
    )
    expect(buildkite.checkValue?.('bkzz_abcdefghijklmnopqrstuvwxyz')).toMatch(
      /another kind of Buildkite token \(bkzz_\)/
    )
    // A token made before March 2023 has no prefix: accepted by its characters.
    expect(buildkite.checkValue?.('4f6ccde8c73e26244d73c5a77c91c242c0c818ce')).toBeUndefined()
    expect(buildkite.checkValue?.('has space')).toMatch(/^a Buildkite API access token/)
    expect(buildkite.checkId('b63254c0-3271-4a98-8270-7cfbd6c2f14e')).toMatch(
      /DELETE \/v2\/access-token/
    )
  })

  it('settings refuse key-id for Buildkite before any request, naming `key`', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
    expect(() =>
      readSettings(
        read({ provider: 'buildkite', 'key-id': 'b63254c0-3271-4a98-8270-7cfbd6c2f14e' }),
        new Redactor()
      )
    ).toThrow(/key-id.*Buildkite.*the token itself in `key`/s)
  })

  it("maps GitHub's buildkite_user_access_token natively, and leaves its other token types unmapped", () => {
    const map = (type: string, name: string) => providerForSecretType(type, name, new Map())
    expect(map('buildkite_user_access_token', 'Buildkite User Access Token')).toBe('buildkite')
    for (const [type, name] of [
      ['buildkite_agent_access_token', 'Buildkite Agent Access Token'],
      ['buildkite_agent_job_token', 'Buildkite Agent Job Token'],
      ['buildkite_agent_registration_token', 'Buildkite Agent Registration Token'],
      ['buildkite_cluster_token', 'Buildkite Cluster Token'],
      ['buildkite_cluster_queue_token', 'Buildkite Cluster Queue Token'],
      ['buildkite_packages_registry_token', 'Buildkite Packages Registry Token'],
      ['buildkite_packages_temporary_token', 'Buildkite Packages Temporary Token'],
      ['buildkite_portal_token', 'Buildkite Portal Token'],
      ['buildkite_portal_secret', 'Buildkite Portal Secret']
    ] as const)
      expect(map(type, name)).toBeUndefined()
  })
})

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { PROVIDERS } from '../../src/providers/registry.js'
import type { ProviderId } from '../../src/providers/types.js'
import { Sandbox } from '../../sandbox/index.js'
import type { Fault, RecordedRequest } from '../../sandbox/service.js'
import type { FakeKey } from '../../sandbox/store.js'
import { UNANSWERED_HTTP, line, revokeAt } from '../helpers/harness.js'
import { deleteOperationOf } from '../helpers/contracts.js'
import { nearMiss } from '../helpers/values.js'

/** What one provider's published contract says its requests look like. */
export interface ProviderCase {
  id: ProviderId
  /**
   * The exact delete request line for a key. `byValue`: the caller knew only the value. Several
   * lines where the adapter reads the key before it turns it off (Anthropic).
   */
  deleteLine(key: FakeKey, byValue: boolean): string | string[]
  /**
   * Header name and value a management call carries for this credential (undefined: the
   * header must be absent, as GitHub's revocation, which refuses an authenticated request; a
   * pattern where the value is signed per request, as AWS's SigV4, whose fake verifies it).
   */
  auth(secret: string, self: boolean): [string, string | RegExp | undefined]
  /** Requests sent before the delete when revoking by value with a token. */
  resolveLines(key: FakeKey): string[]
  /**
   * The lookup authenticates with the value itself (Vast.ai), so it already shows the key
   * alive; otherwise the engine probes the value before the delete.
   */
  resolveAuthenticates?: boolean
  /**
   * A key revoked by id alone is verified dead by the provider's own record of it, read back by
   * its exact id (AWS's ListAccessKeys: Active, then Inactive); otherwise it is not verified.
   */
  readsBackById?: boolean
  /** The status of that not-found delete answer, where the contract documents another than 404. */
  unknownIdStatus?: number
  /** The probe's request line (for a key, where it names the key) and header for a key value. */
  probeLine: string | ((key: FakeKey) => string)
  /** `token`: the run's management credential, for a probe made with it (Google's keys.get). */
  probeAuth(value: string, token: string): [string, string | RegExp]
  selfRevocation: boolean
  /**
   * `false`: the provider has no key ids (GitHub revokes a token by its value), so the cases
   * that revoke by id revoke by value, and those about ids do not apply: they are not
   * registered for it (rather than reported as skipped).
   */
  ids?: false
  /** `none`: the delete takes no credential, so the cases about a token are not registered. */
  credential?: 'none'
  /** Makes `token` unable to delete `key` and says which reason the action must give. */
  forbid?(sandbox: Sandbox, key: FakeKey): { token: string; reason: string }
  /** The provider's own 429 answer. */
  rateLimited: Fault
  /** Its status, where the provider's "slow down" is not a 429 (AWS: 400 `Throttling`). */
  rateLimitedStatus?: number
}

function expectHeader(got: string | undefined, want: string | RegExp | undefined): void {
  if (want instanceof RegExp) expect(got).toMatch(want)
  else expect(got).toBe(want)
}

/** The cases every provider is held to (trufflehog-style: works, invalid, faults, not found). */
export function describeProvider(spec: ProviderCase): { sandbox: () => Sandbox } {
  let sandbox: Sandbox
  const fake = () => sandbox.providers[spec.id]
  // Where the credential comes from: its input, or its environment variable (AWS).
  const tokenInput = PROVIDERS[spec.id].credentialEnv?.[0] ?? `${spec.id}-token`
  const sent = () => fake().service.requests.map(line)
  const del = deleteOperationOf(spec.id)
  const deleteRequests = () =>
    fake().service.requests.filter(
      (r) =>
        r.method === del.method && del.path.test(r.path) && (!del.body || del.body.test(r.body))
    )
  const ok = del.status
  const probeLine = (key: FakeKey) =>
    typeof spec.probeLine === 'string' ? spec.probeLine : spec.probeLine(key)
  const byIds = spec.ids !== false
  const withToken = spec.credential !== 'none'
  /** The key as the fault cases ask for it: by id, or by value where there are no ids. */
  const asked = (key: FakeKey) => (byIds ? { id: key.id } : { value: key.value })
  const header = (name: string) => deleteRequests()[0]?.headers[name]
  const fresh = () => {
    const key = fake().store.addKey()
    const token = fake().store.addToken()
    return { key, token }
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start()
  })
  afterAll(async () => {
    await sandbox.close()
  })
  beforeEach(() => {
    sandbox.resetRequests()
    fake().store.ignoreDeletes = false
    fake().store.propagationMs = 0
  })

  describe(`${spec.id}: conformance`, () => {
    afterEach(() => {
      // A request the real provider would reject fails the test.
      expect(sandbox.violations()).toEqual([])
    })

    if (!byIds)
      it('refuses a key given only by id before any request', async () => {
        const { key, token } = fresh()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, id: key.id }],
          tokens: withToken ? { [spec.id]: token } : {}
        })
        expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'invalid-input' })
        expect(sent()).toEqual([])
        expect(key.deletedAt).toBeUndefined()
      })

    if (byIds)
      it('revokes by id with the management token, sending exactly the documented request', async () => {
        const { key, token } = fresh()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, id: key.id }],
          tokens: { [spec.id]: token }
        })
        expect(results[0]).toMatchObject({
          provider: spec.id,
          keyRef: key.id,
          outcome: 'revoked',
          verified: spec.readsBackById ? true : null,
          httpStatus: ok,
          attempts: 1
        })
        expect(sent()).toEqual([spec.deleteLine(key, false)].flat())
        const [name, value] = spec.auth(token, false)
        expectHeader(header(name), value)
        expect(key.deletedAt).toBeDefined()
      })

    it('revokes by value: finds the id, deletes, and proves the key dead', async () => {
      const { key, token } = fresh()
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, value: key.value }],
        tokens: { [spec.id]: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true, httpStatus: ok })
      expect(results[0]?.keyRef).toMatch(/^sha256:[0-9a-f]{12}$/)
      expect(sent()).toEqual([
        ...spec.resolveLines(key),
        ...(spec.resolveAuthenticates ? [] : [probeLine(key)]),
        ...[spec.deleteLine(key, true)].flat(),
        probeLine(key)
      ])
      const probe = fake().service.requests.at(-1)
      const [name, value] = spec.probeAuth(key.value, token)
      expectHeader(probe?.headers[name], value)
      expect(key.deletedAt).toBeDefined()
      expect(JSON.stringify(results)).not.toContain(key.value)
    })

    if (spec.selfRevocation) {
      it('revokes a key with the key itself when no token is given', async () => {
        const { key } = fresh()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, value: key.value }]
        })
        expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
        const [name, value] = spec.auth(key.value, true)
        expectHeader(header(name), value)
        expect(key.deletedAt).toBeDefined()
      })
    } else {
      it(`refuses self-revocation and names ${tokenInput}, sending nothing`, async () => {
        const { key } = fresh()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, value: key.value }]
        })
        expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'invalid-input' })
        expect(results[0]?.message).toContain(`\`${tokenInput}\``)
        expect(sent()).toEqual([])
        expect(key.deletedAt).toBeUndefined()
      })
    }

    it('reports a key deleted before as not found: nothing deleted, never revoked', async () => {
      const { key, token } = fresh()
      fake().store.delete(key)
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, value: key.value }],
        tokens: { [spec.id]: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
      expect(results[0]?.message).toMatch(/^Nothing was deleted\. No live key with this value/)
      expect(results[0]?.message).toContain('refused')
      expect(deleteRequests()).toEqual([])
    })

    // The most ordinary incident mistake: a value that is almost the key. It must never come
    // out as revoked, and the real key must be left exactly as it was (nothing was asked for).
    it.each([
      ['its last character changed', (v: string) => nearMiss(v)],
      ['its last character cut off', (v: string) => v.slice(0, -1)],
      ['only the first half of a wrapped line', (v: string) => v.slice(0, Math.ceil(v.length / 2))],
      ['only the second half of a wrapped line', (v: string) => v.slice(Math.ceil(v.length / 2))]
    ])('a value with %s is not found, and the real key stays alive', async (_, mangle) => {
      const { key, token } = fresh()
      for (const tokens of [{ [spec.id]: token }, {}]) {
        if (Object.keys(tokens).length === 0 && !spec.selfRevocation) continue
        sandbox.resetRequests()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, value: mangle(key.value) }],
          tokens
        })
        expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
        expect(deleteRequests()).toEqual([])
        expect(key.deletedAt).toBeUndefined()
        expect(JSON.stringify(results)).not.toContain(key.value.slice(0, 12))
      }
    })

    if (byIds)
      it('an id the account does not have is not found, and nothing else is touched', async () => {
        const { key, token } = fresh()
        const other = fresh().key
        fake().store.delete(other)
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, id: other.id }],
          tokens: { [spec.id]: token }
        })
        expect(results[0]).toMatchObject({
          outcome: 'not-found',
          verified: null,
          httpStatus: spec.unknownIdStatus ?? 404
        })
        expect(results[0]?.message).toContain('No live key with this id')
        expect(key.deletedAt).toBeUndefined()
      })

    if (byIds)
      it('with an id and a wrong value, deletes the id asked for but claims no proof', async () => {
        const { key, token } = fresh()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, id: key.id, value: nearMiss(key.value) }],
          tokens: { [spec.id]: token }
        })
        expect(results[0]).toMatchObject({ outcome: 'revoked', verified: null })
        expect(results[0]?.message).toContain('nothing proves the deleted key was this one')
        expect(key.deletedAt).toBeDefined()
      })

    if (withToken)
      it('fails as unauthorized when the token is rejected, and the key stays', async () => {
        const { key } = fresh()
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, id: key.id, value: key.value }],
          tokens: { [spec.id]: 'tok_not_a_real_token_000000' }
        })
        expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unauthorized' })
        expect(key.deletedAt).toBeUndefined()
        expect(results[0]?.message).not.toContain('tok_not_a_real_token_000000')
      })

    if (spec.forbid)
      it('fails when the credential may not delete the key, and the key stays', async () => {
        const { key } = fresh()
        const { token, reason } = spec.forbid!(sandbox, key)
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, ...asked(key) }],
          tokens: withToken ? { [spec.id]: token } : {}
        })
        expect(results[0]).toMatchObject({ outcome: 'failed', reason })
        expect(key.deletedAt).toBeUndefined()
      })

    it('retries after a 429 and then revokes', async () => {
      const { key, token } = fresh()
      fake().service.inject({
        method: del.method,
        path: del.path,
        body: del.body,
        times: 1,
        fault: spec.rateLimited
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, ...asked(key) }],
        tokens: { [spec.id]: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', attempts: 2, httpStatus: ok })
      expect(deleteRequests()).toHaveLength(2)
    })

    it('fails as rate-limited when 429 outlasts the retry budget', async () => {
      const { key, token } = fresh()
      fake().service.inject({
        method: del.method,
        path: del.path,
        body: del.body,
        times: 99,
        fault: spec.rateLimited
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, ...asked(key) }],
        tokens: { [spec.id]: token }
      })
      expect(results[0]).toMatchObject({
        outcome: 'failed',
        reason: 'rate-limited',
        httpStatus: spec.rateLimitedStatus ?? 429,
        attempts: 3
      })
      expect(deleteRequests()).toHaveLength(3)
      expect(key.deletedAt).toBeUndefined()
    })

    it('retries after a 503 and then revokes', async () => {
      const { key, token } = fresh()
      fake().service.inject({
        method: del.method,
        path: del.path,
        body: del.body,
        times: 1,
        fault: { kind: 'reply', reply: { status: 503, text: 'upstream unavailable' } }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, ...asked(key) }],
        tokens: { [spec.id]: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'revoked', attempts: 2 })
    })

    it('fails as timeout when the provider never answers', async () => {
      const { key, token } = fresh()
      fake().service.inject({
        method: del.method,
        path: del.path,
        body: del.body,
        times: 99,
        fault: { kind: 'hang' }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, ...asked(key) }],
        tokens: { [spec.id]: token },
        engine: { http: UNANSWERED_HTTP }
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'timeout', attempts: 3 })
      expect(key.deletedAt).toBeUndefined()
    })

    it('fails on a malformed 200 instead of guessing the key is gone', async () => {
      const { key, token } = fresh()
      fake().service.inject({
        method: del.method,
        path: del.path,
        body: del.body,
        times: 1,
        fault: { kind: 'reply', reply: { status: 200, text: '<html><body>Welcome</body></html>' } }
      })
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: spec.id, ...asked(key) }],
        tokens: { [spec.id]: token }
      })
      expect(results[0]).toMatchObject({
        outcome: 'failed',
        reason: 'provider-error',
        httpStatus: 200
      })
      expect(results[0]?.message).toContain('unexpected answer')
    })

    it('verifies after propagation: probes again until the key is refused', async () => {
      const { key, token } = fresh()
      // The delete takes effect at the third probe after it: counted in probes, not in
      // milliseconds, so that a slow machine (fewer probes in a time) changes nothing.
      const { service, store } = fake()
      const route = service.route
      let probesAfter = 0
      store.propagationMs = Number.POSITIVE_INFINITY
      Object.defineProperty(service, 'route', {
        configurable: true,
        value: (req: RecordedRequest) => {
          if (key.deletedAt !== undefined && line(req) === probeLine(key) && ++probesAfter === 3)
            store.propagationMs = 0
          return route(req)
        }
      })
      try {
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, value: key.value }],
          tokens: { [spec.id]: token },
          // The window is not under test: room for three probes however slow they come.
          engine: { verifyWindowMs: 15_000 }
        })
        expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
        expect(probesAfter).toBe(3)
      } finally {
        Object.defineProperty(service, 'route', { configurable: true, value: route })
      }
    })

    if (PROVIDERS[spec.id].revocationDelay === undefined)
      it('fails with verified=false when the key still works after the delete', async () => {
        const { key, token } = fresh()
        fake().store.ignoreDeletes = true
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, value: key.value }],
          tokens: { [spec.id]: token }
        })
        expect(results[0]).toMatchObject({
          outcome: 'failed',
          verified: false,
          reason: 'provider-error'
        })
        expect(results[0]?.message).toContain('still works')
      })
    else
      it('a key that still works after its own delete, within a documented delay, is sent, not proven', async () => {
        const { key, token } = fresh()
        fake().store.ignoreDeletes = true
        const { results } = await revokeAt(sandbox, {
          keys: [{ provider: spec.id, value: key.value }],
          tokens: { [spec.id]: token }
        })
        expect(results[0]).toMatchObject({ outcome: 'submitted', verified: null })
        expect(results[0]?.message).toMatch(/still works.*not yet seen dead/)
        expect(results[0]).not.toHaveProperty('collateral')
      })
  })

  return { sandbox: () => sandbox }
}

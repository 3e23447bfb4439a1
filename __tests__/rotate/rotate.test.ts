import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { secretLabel, type RotationSettings, type SecretRef } from '../../src/model.js'
import { destinationOf, markerOf, Rotator, type SecretStore } from '../../src/rotate/rotate.js'
import { rotationLines } from '../../src/rotate/report.js'
import { fingerprint, Redactor } from '../../src/secrets.js'
import { Sandbox } from '../../sandbox/index.js'
import type { Fault } from '../../sandbox/service.js'
import { awsError } from '../../src/providers/aws/fake.js'
import { revokeAt } from '../helpers/harness.js'

// The rotation's promises over random worlds, against the sandbox's providers: the secret is
// never guessed; the leaked key is revoked whatever the rotation met; a replacement is either
// stored and working, or gone.

const ref = (name: string): SecretRef => ({ scope: 'repo', name })

describe('destinationOf: never a guess', () => {
  it('names a secret only when exactly one listed value is exactly the leaked key', () => {
    // A small alphabet, so that equal, prefixed and near values are common.
    const value = fc.string({ unit: fc.constantFrom('a', 'b', 'A'), minLength: 1, maxLength: 4 })
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 6 }), (leaked, listed) => {
        const settings: RotationSettings = {
          token: 'x'.repeat(10),
          candidates: listed.map((v, i) => ({ secret: ref(`S${i}`), value: v }))
        }
        const found = destinationOf(settings, leaked)
        const exact = listed.flatMap((v, i) => (v === leaked ? [`repo:S${i}`] : []))
        if (exact.length === 1) expect(found).toEqual({ secret: ref(exact[0]!.slice(5)) })
        else expect('none' in found).toBe(true)
        // The refusal never quotes a value.
        if ('none' in found)
          for (const v of listed) if (v.length > 2) expect(found.none).not.toContain(v)
      }),
      { numRuns: 500 }
    )
  })

  it('a named secret is the one for the run', () => {
    expect(destinationOf({ token: 'x'.repeat(10), named: ref('K') }, 'anything')).toEqual({
      secret: ref('K')
    })
  })

  it('the marker names the key by its report fingerprint, never by its value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 80 }), (value) => {
        const marker = markerOf(value)
        expect(marker).toBe(`replaces-${fingerprint(value).replace(':', '-')}`)
        expect(marker).toMatch(/^replaces-sha256-[0-9a-f]{12}$/)
      })
    )
  })
})

/** Actions secrets in memory, refusing writes while `refuse` is set. */
class MemoryStore implements SecretStore {
  readonly values = new Map<string, string>()
  refuse = false
  async exists(r: SecretRef) {
    return this.values.has(secretLabel(r))
  }
  async store(r: SecretRef, value: string) {
    if (this.refuse) throw new Error('GitHub PUT: HTTP 403: Resource not accessible by integration')
    this.values.set(secretLabel(r), value)
  }
}

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await Sandbox.start()
})
afterAll(async () => {
  await sandbox.close()
})

const reply = (status: number, body: unknown): Fault => ({
  kind: 'reply',
  reply: { status, json: body, headers: { 'retry-after': '0' } }
})

/** Some of Twilio's restricted-key permissions (restricted API keys page). */
const TWILIO_PERMISSIONS = [
  '/twilio/messaging/messages/read',
  '/twilio/messaging/messages/create',
  '/twilio/voice/calls/read',
  '/twilio/usage/records/read'
]

describe('Rotator in the engine: a leak beats an outage, and no orphan', () => {
  const probePath = {
    vastai: /^\/api\/v0\/users\/current\/$/,
    baseten: /^\/v1\/models$/,
    twilio: /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Usage\/Records\.json$/,
    cloudflare: /^\/client\/v4\/user\/tokens\/verify$/,
    heroku: /^\/account$/
  }
  const faults = [
    'none',
    'create-refused',
    'create-rate-limited',
    'store-refused',
    'new-key-dead'
  ] as const

  it('over random providers and faults: the leaked key dies; the secret holds a working replacement, or none is left', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'vastai' as const,
          'baseten' as const,
          'twilio' as const,
          'cloudflare' as const,
          'heroku' as const,
          'aws' as const
        ),
        fc.constantFrom(...faults),
        // A Twilio key is Standard or Restricted (with a policy the replacement must carry).
        fc.option(fc.uniqueArray(fc.constantFrom(...TWILIO_PERMISSIONS), { minLength: 1 }), {
          nil: undefined
        }),
        async (id, fault, allow) => {
          const { store: keys, service } = sandbox.providers[id]
          const old = keys.addKey()
          const policy = id === 'twilio' && allow ? { allow } : null
          if (policy) sandbox.fakes.twilio.restrict(old.id, policy)
          // A Cloudflare token's policy: the same permissions, as allow or deny on one zone.
          const cfPolicies =
            id === 'cloudflare' && allow
              ? [
                  {
                    id: '0'.repeat(32),
                    effect: allow.length % 2 ? 'allow' : 'deny',
                    resources: { [`com.cloudflare.api.account.zone.${'ab'.repeat(16)}`]: '*' },
                    permission_groups: allow.map((a) => ({
                      id: createHash('md5').update(a).digest('hex')
                    }))
                  }
                ]
              : undefined
          if (cfPolicies) sandbox.fakes.cloudflare.details.set(old.id, { policies: cfPolicies })
          const token = keys.addToken()
          const secrets = new MemoryStore()
          secrets.values.set('repo:K', old.value)
          const redactor = new Redactor()
          const rotator = new Rotator(
            { token: 'x'.repeat(10), named: ref('K') },
            async () => secrets,
            redactor,
            1
          )
          // AWS: every request is `POST /`, the create call is named in the body, errors are XML.
          const create =
            id === 'aws' ? { method: 'POST', body: /Action=CreateAccessKey/ } : { method: 'POST' }
          if (fault === 'create-refused')
            service.inject({
              ...create,
              times: 99,
              fault:
                id === 'aws'
                  ? { kind: 'reply', reply: awsError('iam', 403, 'AccessDenied', 'no') }
                  : reply(403, { message: 'no', msg: 'no' })
            })
          if (fault === 'create-rate-limited')
            service.inject({
              ...create,
              times: 99,
              fault:
                id === 'aws'
                  ? { kind: 'reply', reply: awsError('iam', 400, 'Throttling', 'Rate exceeded') }
                  : reply(429, { error: 'slow down', retry_after: 0 })
            })
          // AWS: the new pair is not accepted yet for longer than the run asks it.
          if (fault === 'new-key-dead' && id === 'aws')
            sandbox.fakes.aws.store.newKeyDelayMs = 60_000
          else if (fault === 'new-key-dead' && id !== 'aws')
            service.inject({
              method: 'GET',
              path: probePath[id],
              // Heroku's leaked token is seen alive by its own listing, not by this call.
              skip: id === 'heroku' ? 0 : 1,
              times: 3,
              fault: reply(401, { message: 'bad', msg: 'bad' })
            })
          secrets.refuse = fault === 'store-refused'
          const liveBefore = keys.keys.filter((k) => keys.isAlive(k)).length
          try {
            const { results } = await revokeAt(sandbox, {
              keys: [{ provider: id, value: old.value }],
              // Heroku takes no token: its leaked token acts for itself.
              tokens: id === 'heroku' ? {} : { [id]: token },
              engine: { rotation: rotator }
            })
            const [result] = results
            expect(result?.outcome).toBe('revoked')
            expect(keys.authenticate(old.value)).toBeUndefined()
            const rotation = result?.rotation
            const held = secrets.values.get('repo:K')
            const liveAfter = keys.keys.filter((k) => keys.isAlive(k)).length
            if (fault === 'none') {
              expect(rotation?.outcome).toBe('rotated')
              expect(held).not.toBe(old.value)
              const fresh = keys.authenticate(held)?.key
              expect(
                id === 'aws' && fresh ? sandbox.fakes.aws.store.tagOf(fresh) : fresh?.name
              ).toBe(markerOf(old.value))
              // Same kind and permissions: never a broader key.
              if (id === 'cloudflare' && cfPolicies) {
                const got = sandbox.fakes.cloudflare.details.get(
                  keys.authenticate(held)?.key?.id ?? ''
                )
                const bare = (ps: Array<Record<string, unknown>> = []) =>
                  ps.map(({ id: _id, ...p }) => p)
                expect(bare(got?.policies)).toEqual(bare(cfPolicies))
              }
              if (id === 'twilio')
                expect(
                  sandbox.fakes.twilio.policies.get(keys.authenticate(held)?.key?.id ?? '') ?? null
                ).toEqual(policy)
              expect(liveAfter).toBe(liveBefore) // one new, one old gone
            } else {
              expect(rotation?.outcome).toBe('failed')
              expect(liveAfter).toBe(liveBefore - 1) // the old one gone, nothing new left
              expect(rotation?.message).toMatch(/create one in .+ and store it in repo:K/i)
            }
            // Nothing the result says holds a key.
            const said = JSON.stringify(result)
            expect(said).not.toContain(old.value)
            if (held) expect(said).not.toContain(held)
            expect(rotationLines(results).join('\n')).not.toContain(old.value)
          } finally {
            service.clearFaults()
            sandbox.fakes.aws.store.newKeyDelayMs = 0
          }
        }
      ),
      { numRuns: 25 }
    )
    expect(sandbox.violations()).toEqual([])
    // AWS's Throttling carries no Retry-After: the client backs off for seconds before giving up.
    // Heroku's calls keep its published spacing (800 ms): a run of its cases takes seconds.
  }, 120_000)

  it('a key that is not seen alive is not rotated, and nothing is created', async () => {
    const { store: keys } = sandbox.providers.vastai
    const old = keys.addKey()
    const token = keys.addToken()
    keys.delete(old)
    const secrets = new MemoryStore()
    secrets.values.set('repo:K', old.value)
    const before = keys.keys.length
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'vastai', value: old.value }],
      tokens: { vastai: token },
      engine: {
        rotation: new Rotator(
          { token: 'x'.repeat(10), named: ref('K') },
          async () => secrets,
          new Redactor(),
          1
        )
      }
    })
    expect(results[0]?.rotation?.outcome).toBe('not-attempted')
    expect(keys.keys.length).toBe(before)
    expect(secrets.values.get('repo:K')).toBe(old.value)
  })

  it('a dry run rotates nothing', async () => {
    const { store: keys } = sandbox.providers.baseten
    const old = keys.addKey()
    const token = keys.addToken()
    const secrets = new MemoryStore()
    secrets.values.set('repo:K', old.value)
    const before = keys.keys.length
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'baseten', value: old.value }],
      tokens: { baseten: token },
      dryRun: true,
      engine: {
        rotation: new Rotator(
          { token: 'x'.repeat(10), named: ref('K') },
          async () => secrets,
          new Redactor(),
          1
        )
      }
    })
    expect(results[0]?.outcome).toBe('dry-run')
    expect(results[0]?.rotation).toBeUndefined()
    expect(keys.keys.length).toBe(before)
  })
})

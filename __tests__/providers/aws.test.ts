import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType, providerForValue } from '../../src/providers/registry.js'
import { readSettings } from '../../src/settings/settings.js'
import { Redactor } from '../../src/secrets.js'
import { planAlerts } from '../../src/revoke/from-alerts.js'
import { accountOf, awsError, newKeyId, newSecret } from '../../src/providers/aws/fake.js'
import { line, revokeAt } from '../helpers/harness.js'
import { describeProvider } from './conformance.js'

/** The SigV4 header a credential (`AKIA…:secret`, admin or leaked) signs with, for a service. */
const signedBy = (secret: string, service = 'iam'): RegExp =>
  new RegExp(
    `^AWS4-HMAC-SHA256 Credential=${secret.split(':')[0]}/\\d{8}/us-east-1/${service}/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`
  )

const suite = describeProvider({
  id: 'aws',
  // By id: the key's account (GetAccessKeyInfo) beside the admin's (GetCallerIdentity), its
  // user, its status, the deactivation, and its status read back.
  deleteLine: (_key, byValue) =>
    byValue
      ? ['POST / UpdateAccessKey']
      : [
          'POST / GetCallerIdentity',
          'POST / GetAccessKeyInfo',
          'POST / GetAccessKeyLastUsed',
          'POST / ListAccessKeys',
          'POST / UpdateAccessKey',
          'POST / ListAccessKeys'
        ],
  auth: (secret) => ['authorization', signedBy(secret)],
  // The pair's own GetCallerIdentity, the admin's, the key's user and its status.
  resolveLines: () => [
    'POST / GetCallerIdentity',
    'POST / GetCallerIdentity',
    'POST / GetAccessKeyLastUsed',
    'POST / ListAccessKeys'
  ],
  resolveAuthenticates: true,
  // A key Inactive before the run: ListAccessKeys (200) shows it so, and nothing is sent.
  unknownIdStatus: 200,
  readsBackById: true,
  probeLine: 'POST / GetCallerIdentity',
  probeAuth: (value) => ['authorization', signedBy(value, 'sts')],
  selfRevocation: false,
  // Admin credentials allowed nothing but GetCallerIdentity: AccessDenied (403).
  forbid: (sandbox) => ({
    token: sandbox.providers.aws.store.addToken({ canManage: false }),
    reason: 'forbidden'
  }),
  rateLimited: { kind: 'reply', reply: awsError('iam', 400, 'Throttling', 'Rate exceeded') },
  rateLimitedStatus: 400
})

describe('aws specifics', () => {
  const aws = PROVIDERS.aws
  const requests = () => suite.sandbox().providers.aws.service.requests.map(line)
  const store = () => suite.sandbox().fakes.aws.store

  it('refuses a key of another account, naming both accounts, and touches nothing', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = store().addKey({ owner: 'mallory' })
    const token = store().addToken({ owner: 'alice' })
    for (const asked of [{ value: key.value }, { id: key.id }]) {
      const { results } = await revokeAt(sandbox, {
        keys: [{ provider: 'aws', ...asked }],
        tokens: { aws: token }
      })
      expect(results[0]).toMatchObject({ outcome: 'failed', reason: 'unresolvable' })
      expect(results[0]?.message).toContain(`belongs to account ${accountOf('mallory')}`)
      expect(results[0]?.message).toContain(`account ${accountOf('alice')} of the admin`)
    }
    expect(requests()).not.toContain('POST / UpdateAccessKey')
    expect(key.deletedAt).toBeUndefined()
    expect(sandbox.violations()).toEqual([])
  })

  it('a pair whose secret does not match its id is refused like a typo: nothing is sent, never revoked', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = store().addKey()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'aws', value: `${key.id}:${newSecret()}` }],
      tokens: { aws: store().addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found', verified: null })
    expect(requests()).toEqual(['POST / GetCallerIdentity'])
    expect(sandbox.providers.aws.service.requests[0]?.status).toBe(403)
    expect(key.deletedAt).toBeUndefined()
  })

  it('a key already Inactive before the run is not found by id, never revoked, and nothing is sent', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = store().addKey()
    store().delete(key)
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'aws', id: key.id }],
      tokens: { aws: store().addToken() }
    })
    expect(results[0]).toMatchObject({ outcome: 'not-found' })
    expect(results[0]?.message).toContain('Inactive already, before this run')
    expect(requests()).not.toContain('POST / UpdateAccessKey')
  })

  it('aws-delete: deletes after deactivating, and by id reads the list back without the key', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = store().addKey()
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'aws', id: key.id }],
      tokens: { aws: store().addToken() },
      flags: { aws: { 'aws-delete': true } }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(results[0]?.message).toContain('no longer lists it')
    expect(requests().slice(-3)).toEqual([
      'POST / UpdateAccessKey',
      'POST / DeleteAccessKey',
      'POST / ListAccessKeys'
    ])
    expect(store().removed.has(key)).toBe(true)
    expect(sandbox.violations()).toEqual([])
  })

  it('role credentials (ASIA… with a session token) sign every admin call with the token', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const key = store().addKey()
    const session = `IQoJb3JpZ2luX2Vj${'A'.repeat(60)}==`
    const token = store().addToken({ value: `${newKeyId('ASIA')}:${newSecret()}:${session}` })
    const { results } = await revokeAt(sandbox, {
      keys: [{ provider: 'aws', value: key.value }],
      tokens: { aws: token }
    })
    expect(results[0]).toMatchObject({ outcome: 'revoked', verified: true })
    const admin = sandbox.providers.aws.service.requests.filter((r) =>
      r.headers.authorization?.includes(token.split(':')[0] ?? '-')
    )
    expect(admin.length).toBeGreaterThan(0)
    expect(admin.every((r) => r.headers['x-amz-security-token'] === session)).toBe(true)
  })

  it('a signature the fake cannot verify is refused (SignatureDoesNotMatch), so the contract of signing is checked', async () => {
    const sandbox = suite.sandbox()
    sandbox.resetRequests()
    const token = store().addToken()
    const [id] = token.split(':')
    const res = await fetch(`${sandbox.providers.aws.service.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-amz-date': '20261207T120000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=${id}/20261207/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15'
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })

  it('reads pasted pairs: a space, a tab, a colon, or a credentials file, and masks the secret alone at once', () => {
    const id = newKeyId()
    const secret = newSecret()
    for (const pasted of [
      `${id} ${secret}`,
      `${id}\t${secret}`,
      `${id}:${secret}`,
      `${id} : ${secret}`,
      `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}`,
      `aws_secret_access_key=${secret}\naws_access_key_id=${id}\naws_session_token = FwoGZXIvYXdzEJr${'x'.repeat(40)}`
    ]) {
      const masked: string[] = []
      const settings = readSettings(
        (name) => ({ key: pasted, provider: '' })[name] ?? '',
        new Redactor((s) => masked.push(s)),
        { env: {} }
      )
      expect(settings.keys).toEqual([
        { provider: 'aws', value: `${id}:${secret}`, source: 'key line 1' }
      ])
      expect(masked).toContain(secret)
    }
  })

  it('refuses bad input before any request, naming the input', () => {
    const read = (inputs: Record<string, string>) => () =>
      readSettings((name) => inputs[name] ?? '', new Redactor(), { env: {} })
    expect(read({ provider: 'aws', key: newSecret() })).toThrow(
      /Input 'key' line 1 .*secret access key alone/
    )
    expect(read({ provider: 'aws', key: newKeyId() })).toThrow(
      /Input 'key' line 1 .*give it in `key-id`/
    )
    expect(read({ provider: 'aws', key: `${newKeyId('ASIA')}:${newSecret()}` })).toThrow(
      /Input 'key' line 1 .*temporary key/
    )
    expect(read({ provider: 'aws', 'key-id': newKeyId('ASIA') })).toThrow(
      /Input 'key-id' line 1 .*temporary/
    )
    expect(read({ provider: 'aws', 'key-id': 'AKIA123' })).toThrow(/Input 'key-id' line 1/)
    expect(read({ provider: 'aws', 'key-id': newKeyId(), 'aws-delete': 'yes' })).toThrow(
      /aws-delete/
    )
  })

  it('takes the admin credentials from the environment, masks each variable, and refuses a bad one by name', () => {
    const masked: string[] = []
    const id = newKeyId('ASIA')
    const secret = newSecret()
    const session = `IQoJb3JpZ2luX2Vj${'B'.repeat(40)}`
    const settings = readSettings(
      (name) => ({ 'key-id': newKeyId(), provider: 'aws', 'aws-delete': 'true' })[name] ?? '',
      new Redactor((s) => masked.push(s)),
      { env: { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: session } }
    )
    expect(settings.tokens.aws).toBe(`${id}:${secret}:${session}`)
    expect(settings.flags.aws).toEqual({ 'aws-delete': true })
    expect(masked).toEqual(expect.arrayContaining([id, secret, session]))
    expect(() =>
      readSettings(
        (name) => ({ 'key-id': newKeyId(), provider: 'aws' })[name] ?? '',
        new Redactor(),
        { env: { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: 'short' } }
      )
    ).toThrow(/AWS_ACCESS_KEY_ID.*not valid/)
  })

  it('maps alerts: an id alert is revoked by id, a secret-only alert is left for a person, a temporary key fails loudly', () => {
    const id = newKeyId()
    const alert = (n: number, secretType: string, secret: string) => ({
      repository: 'o/r',
      number: n,
      url: `https://api.github.com/repos/o/r/secret-scanning/alerts/${n}`,
      state: 'open',
      secretType,
      displayName: '',
      secret
    })
    const plan = planAlerts(
      [
        alert(1, 'aws_access_key_id', id),
        alert(2, 'aws_secret_access_key', newSecret()),
        alert(3, 'aws_temporary_access_key_id', newKeyId('ASIA'))
      ] as Parameters<typeof planAlerts>[0],
      new Map()
    )
    expect(plan.keys).toEqual([
      expect.objectContaining({ provider: 'aws', id, source: 'alert o/r#1' })
    ])
    expect(plan.keys[0]).not.toHaveProperty('value')
    expect(plan.unrevocable.map((r) => [r.outcome, r.reason])).toEqual([
      ['skipped', 'unresolvable'],
      ['failed', 'unresolvable']
    ])
    expect(plan.unrevocable[0]?.message).toContain('names no key')
    expect(plan.unrevocable[1]?.message).toContain('Revoke active sessions')
    for (const type of [
      'aws_access_key_id',
      'aws_secret_access_key',
      'aws_temporary_access_key_id'
    ])
      expect(providerForSecretType(type, '', new Map())).toBe('aws')
  })

  it('names AWS from a pair, and from nothing else', () => {
    expect(providerForValue(`${newKeyId()}:${newSecret()}`)?.id).toBe('aws')
    expect(providerForValue(newKeyId())).toBeUndefined()
    expect(aws.checkToken?.('tok_not_a_real_token_000000')).toBeDefined()
  })
})

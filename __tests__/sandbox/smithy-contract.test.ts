import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { loadContract } from '../../sandbox/contract.js'
import { Sandbox } from '../../sandbox/index.js'
import type { RecordedRequest } from '../../sandbox/service.js'
import { SmithyContract } from '../../sandbox/smithy-contract.js'
import { revokeAt } from '../helpers/harness.js'
import { Rotator } from '../../src/rotate/rotate.js'
import { Redactor } from '../../src/secrets.js'

// AWS's contract is its Smithy models (src/providers/aws/smithy.json): the requests the adapter
// really sends pass, and each way of breaking one is refused.

let sandbox: Sandbox
/** One request of each action the adapter sends, as the fake recorded it. */
const sent = new Map<string, RecordedRequest>()

beforeAll(async () => {
  sandbox = await Sandbox.start()
  const store = sandbox.fakes.aws.store
  const token = store.addToken()
  await revokeAt(sandbox, {
    keys: [
      { provider: 'aws', value: store.addKey().value },
      { provider: 'aws', id: store.addKey().id }
    ],
    tokens: { aws: token },
    flags: { aws: { 'aws-delete': true } }
  })
  // A rotation: ListUserTags and ListAccessKeys for an earlier replacement, CreateAccessKey,
  // TagUser, and the new pair's GetCallerIdentity.
  const held = new Map([['repo:K', '']])
  const rotated = store.addKey()
  held.set('repo:K', rotated.value)
  const { results } = await revokeAt(sandbox, {
    keys: [{ provider: 'aws', value: rotated.value }],
    tokens: { aws: token },
    engine: {
      rotation: new Rotator(
        { token: 'x'.repeat(10), named: { scope: 'repo', name: 'K' } },
        async () => ({
          exists: async () => true,
          store: async (_ref, value) => void held.set('repo:K', value)
        }),
        new Redactor(),
        1
      )
    }
  })
  if (results[0]?.rotation?.outcome !== 'rotated') throw new Error('the rotation did not happen')
  for (const req of sandbox.providers.aws.service.requests)
    sent.set(new URLSearchParams(req.body).get('Action') ?? '', { ...req })
})
afterAll(async () => {
  await sandbox.close()
})

const contract = loadContract('aws')
const withBody = (req: RecordedRequest, edit: (p: URLSearchParams) => void): RecordedRequest => {
  const params = new URLSearchParams(req.body)
  edit(params)
  return { ...req, body: params.toString() }
}
const of = (action: string): RecordedRequest => {
  const req = sent.get(action)
  if (!req) throw new Error(`the adapter sent no ${action}`)
  return req
}

describe('the AWS Smithy contract', () => {
  it('is the Smithy contract, over exactly the operations the adapter calls', () => {
    expect(contract).toBeInstanceOf(SmithyContract)
    expect([...sent.keys()].sort()).toEqual([
      'CreateAccessKey',
      'DeleteAccessKey',
      'GetAccessKeyInfo',
      'GetAccessKeyLastUsed',
      'GetCallerIdentity',
      'ListAccessKeys',
      'ListUserTags',
      'TagUser',
      'UpdateAccessKey'
    ])
    expect(sandbox.violations()).toEqual([])
  })

  it.each([
    'CreateAccessKey',
    'DeleteAccessKey',
    'GetAccessKeyInfo',
    'GetAccessKeyLastUsed',
    'GetCallerIdentity',
    'ListAccessKeys',
    'ListUserTags',
    'TagUser',
    'UpdateAccessKey'
  ])('passes the adapter’s own %s', (action) => {
    expect(contract.check(of(action))).toEqual([])
  })

  const broken: Array<[string, () => RecordedRequest, RegExp]> = [
    [
      'a tag without its Value',
      () => withBody(of('TagUser'), (p) => p.delete('Tags.member.1.Value')),
      /required member Tags.member.1.Value is missing/
    ],
    [
      'tags numbered from 2',
      () =>
        withBody(of('TagUser'), (p) => {
          p.set('Tags.member.2.Key', p.get('Tags.member.1.Key') ?? '')
          p.set('Tags.member.2.Value', p.get('Tags.member.1.Value') ?? '')
          p.delete('Tags.member.1.Key')
          p.delete('Tags.member.1.Value')
        }),
      /without gaps/
    ],
    [
      'a tag field the Tag shape lacks',
      () => withBody(of('TagUser'), (p) => p.set('Tags.member.1.Color', 'red')),
      /Tags.member.1.Color is not a member of its input/
    ],
    [
      'a list flattened (Tags.1.Key)',
      () =>
        withBody(of('TagUser'), (p) => {
          p.set('Tags.1.Key', p.get('Tags.member.1.Key') ?? '')
          p.delete('Tags.member.1.Key')
        }),
      /Tags.1.Key is not a member of its input/
    ],
    [
      'a tag value longer than 256',
      () => withBody(of('TagUser'), (p) => p.set('Tags.member.1.Value', 'v'.repeat(257))),
      /longer than 256/
    ],
    [
      'CreateAccessKey for a user name with a space',
      () => withBody(of('CreateAccessKey'), (p) => p.set('UserName', 'a user')),
      /does not match/
    ],
    [
      'an unknown Action',
      () => withBody(of('UpdateAccessKey'), (p) => p.set('Action', 'DisableAccessKey')),
      /not an operation of the model/
    ],
    [
      'a wrong Version',
      () => withBody(of('UpdateAccessKey'), (p) => p.set('Version', '2011-06-15')),
      /Version must be 2010-05-08/
    ],
    [
      'a required member missing',
      () => withBody(of('UpdateAccessKey'), (p) => p.delete('Status')),
      /required member Status is missing/
    ],
    [
      'a status outside the enum',
      () => withBody(of('UpdateAccessKey'), (p) => p.set('Status', 'Disabled')),
      /"Disabled" is not one of Active, Inactive/
    ],
    [
      'a member the input lacks',
      () => withBody(of('UpdateAccessKey'), (p) => p.set('Force', 'true')),
      /Force is not a member of its input/
    ],
    [
      'a key id outside its pattern',
      () =>
        withBody(of('GetAccessKeyLastUsed'), (p) => p.set('AccessKeyId', 'AKIA-0123456789ABCDE')),
      /does not match/
    ],
    [
      'a user name too long',
      () => withBody(of('ListAccessKeys'), (p) => p.set('UserName', 'u'.repeat(129))),
      /longer than 128/
    ],
    [
      'a repeated parameter',
      () => ({
        ...of('GetCallerIdentity'),
        body: `${of('GetCallerIdentity').body}&Version=2011-06-15`
      }),
      /Version is repeated/
    ],
    ['a GET', () => ({ ...of('GetCallerIdentity'), method: 'GET' }), /takes POST only/],
    ['another path', () => ({ ...of('GetCallerIdentity'), path: '/sts' }), /go to \//],
    [
      'a JSON body type',
      () => ({
        ...of('GetCallerIdentity'),
        headers: { ...of('GetCallerIdentity').headers, 'content-type': 'application/json' }
      }),
      /Content-Type/
    ],
    [
      'an IAM action signed for STS',
      () => ({
        ...of('UpdateAccessKey'),
        headers: {
          ...of('UpdateAccessKey').headers,
          authorization: of('UpdateAccessKey').headers.authorization?.replace('/iam/', '/sts/')
        }
      }),
      /signed for service sts, not iam/
    ],
    [
      'no SigV4 header',
      () => ({
        ...of('ListAccessKeys'),
        headers: { ...of('ListAccessKeys').headers, authorization: 'Bearer abc' }
      }),
      /not a SigV4 header/
    ],
    [
      'a date unlike the scope',
      () => ({
        ...of('ListAccessKeys'),
        headers: { ...of('ListAccessKeys').headers, 'x-amz-date': '19990101T000000Z' }
      }),
      /does not match the credential scope/
    ]
  ]
  it.each(broken)('refuses %s', (_, make, problem) => {
    const problems = contract.check(make())
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]))
  })

  it('makes the fake refuse a broken request as AWS would (400), recorded as a violation', async () => {
    sandbox.resetRequests()
    const req = withBody(of('GetCallerIdentity'), (p) => p.set('Version', '2010-05-08'))
    const res = await fetch(`${sandbox.providers.aws.service.url}/`, {
      method: 'POST',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            e[1] !== undefined && !['host', 'content-length', 'connection'].includes(e[0])
        )
      ),
      body: req.body
    })
    expect(res.status).toBe(400)
    expect(sandbox.violations()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Version must be 2011-06-15/)])
    )
  })
})

import { createHash, createHmac, randomBytes, randomUUID, type Hash, type Hmac } from 'node:crypto'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, type FakeKey } from '../../../sandbox/store.js'

// Plays IAM (2010-05-08) and STS (2011-06-15) on one origin, as `aws-api-url` points a run at
// both: the awsQuery protocol of src/providers/aws/smithy.json (form-encoded `Action` and
// `Version`, XML answers, XML `ErrorResponse`s with the codes the models and the IAM and STS
// references give). Every request's Signature Version 4 is verified with AWS's own signer
// (@smithy/signature-v4, a test-only dependency), not with the code the action signs with.
//
// Keys are access keys `AKIA…:secret` of an IAM user (the key's `name`) of their owner's account.
// A token is the admin side, an access key pair of the owner's account (`canManage: false`: one
// allowed nothing but GetCallerIdentity). Deactivating a key marks it deleted in the store (it
// stops authenticating after `propagationMs`, IAM's eventual consistency), and it stays listed
// `Inactive`; DeleteAccessKey takes it off the list.

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'
const pick = (pool: string, n: number) =>
  Array.from(randomBytes(n), (b) => pool[b % pool.length]).join('')

export const newKeyId = (prefix = 'AKIA'): string => `${prefix}${pick(BASE32, 16)}`
export const newSecret = (): string => pick(SECRET_CHARS, 40)

/** The 12-digit account of an owner: the same owner, the same account. */
export function accountOf(owner: string): string {
  const n = BigInt(`0x${createHash('sha256').update(owner).digest('hex').slice(0, 15)}`)
  return (n % 10n ** 12n).toString().padStart(12, '0')
}

const idOf = (value: string) => value.split(':')[0] ?? ''
const secretOf = (value: string) => value.split(':')[1] ?? ''

const NS = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/'
}
const SERVICE_OF: Record<string, 'iam' | 'sts'> = {
  CreateAccessKey: 'iam',
  GetAccessKeyLastUsed: 'iam',
  ListUserTags: 'iam',
  TagUser: 'iam',
  ListAccessKeys: 'iam',
  UpdateAccessKey: 'iam',
  DeleteAccessKey: 'iam',
  GetCallerIdentity: 'sts',
  GetAccessKeyInfo: 'sts'
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`
  )

function xml(status: number, text: string): Reply {
  return { status, text, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() } }
}

/** An awsQuery answer: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`. */
function answer(service: 'iam' | 'sts', action: string, inner?: string): Reply {
  const resultPart = inner === undefined ? '' : `<${action}Result>${inner}</${action}Result>`
  return xml(
    200,
    `<${action}Response xmlns="${NS[service]}">${resultPart}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  )
}

/** An awsQuery error, as IAM and STS send it. */
export function awsError(
  service: 'iam' | 'sts',
  status: number,
  code: string,
  message: string
): Reply {
  return xml(
    status,
    `<ErrorResponse xmlns="${NS[service]}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  )
}

/** SHA-256 (keyed: HMAC) for AWS's signer, from node:crypto. */
class Sha256 {
  readonly #hash: Hash | Hmac
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.#hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', toBytes(secret as string | Uint8Array))
  }
  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBytes(data as string | Uint8Array))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()))
  }
  reset(): void {}
}
function toBytes(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array | string {
  if (typeof data === 'string') return data
  if (data instanceof Uint8Array) return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]{16,128})\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/

/**
 * Whether `req` carries a valid SigV4 signature by `secret` (and `sessionToken`), computed by
 * AWS's signer over the headers the request says it signed.
 */
export async function verifySignature(
  req: RecordedRequest,
  secret: string,
  sessionToken?: string
): Promise<boolean> {
  const auth = AUTHORIZATION.exec(req.headers.authorization ?? '')
  const date = req.headers['x-amz-date'] ?? ''
  if (!auth || !/^\d{8}T\d{6}Z$/.test(date)) return false
  const [, id = '', day, region = '', service = '', signedHeaders = ''] = auth
  if (day !== date.slice(0, 8)) return false
  const headers: Record<string, string> = {}
  for (const name of signedHeaders.split(';')) {
    const value = req.headers[name]
    if (value === undefined) return false
    headers[name] = value
  }
  const [hostname = '', port] = (headers.host ?? '').split(':')
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname,
    ...(port ? { port: Number(port) } : {}),
    path: req.path,
    query: Object.fromEntries(req.query),
    headers,
    body: req.body
  })
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: id,
      secretAccessKey: secret,
      ...(sessionToken ? { sessionToken } : {})
    },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false
  })
  const at = new Date(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`
  )
  const signed = await signer.sign(request, {
    signingDate: at,
    signableHeaders: new Set(Object.keys(headers)),
    unsignableHeaders: new Set(
      Object.keys(req.headers).filter((name) => !signedHeaders.split(';').includes(name))
    )
  })
  return signed.headers.authorization === req.headers.authorization
}

class AwsStore extends KeyStore {
  /** Keys DeleteAccessKey took off their user's list. */
  readonly removed = new Set<FakeKey>()

  constructor() {
    super(() => {
      const id = newKeyId()
      return { id, value: `${id}:${newSecret()}` }
    })
  }

  /** An admin credential: an access key pair of the owner's account (`AKIA…:secret`). */
  override addToken(options: { owner?: string; canManage?: boolean; value?: string } = {}): string {
    return super.addToken({ ...options, value: options.value ?? `${newKeyId()}:${newSecret()}` })
  }

  /** The keys an access key id names, listed or not. */
  byId(id: string): FakeKey[] {
    return this.keys.filter((k) => idOf(k.value) === id)
  }

  /**
   * How long a key CreateAccessKey made is refused before it works (IAM's eventual
   * consistency); 0 by default.
   */
  newKeyDelayMs = 0
  /** When CreateAccessKey made each key it made. */
  readonly createdAt = new Map<FakeKey, number>()

  /** Whether a key CreateAccessKey made is still too new to be accepted. */
  tooNew(key: FakeKey, now = Date.now()): boolean {
    const at = this.createdAt.get(key)
    return at !== undefined && now < at + this.newKeyDelayMs
  }

  /** Each user's tags, by `account/user` (where the console keeps access key descriptions). */
  readonly tags = new Map<string, Map<string, string>>()

  /** The tag of the key's user whose key is the key's access key id: the key's description. */
  tagOf(key: FakeKey): string | undefined {
    return this.tags.get(`${accountOf(key.owner)}/${key.name}`)?.get(idOf(key.value))
  }

  status(key: FakeKey): 'Active' | 'Inactive' {
    return key.deletedAt === undefined ? 'Active' : 'Inactive'
  }
}

interface Caller {
  owner: string
  canManage: boolean
  arn: string
  userId: string
}

export function awsFake() {
  const store = new AwsStore()
  const invalidToken = (service: 'iam' | 'sts') =>
    awsError(
      service,
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.'
    )

  /** Who signed the request, or the error AWS answers. */
  const authenticate = async (
    req: RecordedRequest,
    service: 'iam' | 'sts'
  ): Promise<Caller | Reply> => {
    const id = AUTHORIZATION.exec(req.headers.authorization ?? '')?.[1] ?? ''
    const session = req.headers['x-amz-security-token']
    for (const token of store.tokens) {
      const [tokenId, secret = '', sessionToken] = token.value.split(':')
      if (tokenId !== id) continue
      if (sessionToken !== session) return invalidToken(service)
      if (!(await verifySignature(req, secret, sessionToken)))
        return awsError(
          service,
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.'
        )
      const account = accountOf(token.owner)
      const temporary = id.startsWith('ASIA')
      return {
        owner: token.owner,
        canManage: token.canManage,
        arn: temporary
          ? `arn:aws:sts::${account}:assumed-role/key-revoker/github-actions`
          : `arn:aws:iam::${account}:user/admin`,
        userId: temporary ? `AROA${id.slice(4)}:github-actions` : `AIDA${id.slice(4)}`
      }
    }
    const keys = store.byId(id)
    if (keys.length === 0 || session !== undefined) return invalidToken(service)
    for (const key of keys) {
      if (!(await verifySignature(req, secretOf(key.value)))) continue
      if (!store.isAlive(key) || store.tooNew(key)) return invalidToken(service)
      return {
        owner: key.owner,
        canManage: false,
        arn: `arn:aws:iam::${accountOf(key.owner)}:user/${key.name}`,
        userId: `AIDA${id.slice(4)}`
      }
    }
    // A key whose status or deletion has propagated is refused before its signature is read.
    if (keys.every((k) => !store.isAlive(k))) return invalidToken(service)
    return awsError(
      service,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.'
    )
  }

  const route = async (req: RecordedRequest): Promise<Reply> => {
    const params = new URLSearchParams(req.body)
    const action = params.get('Action') ?? ''
    const service = SERVICE_OF[action]
    if (req.method !== 'POST' || req.path !== '/' || !service)
      return awsError(
        'iam',
        400,
        'InvalidAction',
        `The action ${action} is not valid for this web service.`
      )
    const caller = await authenticate(req, service)
    if ('status' in caller) return caller
    const account = accountOf(caller.owner)
    const denied = () =>
      awsError(
        service,
        403,
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`
      )
    const id = params.get('AccessKeyId') ?? ''
    // The caller's account's listed key with this id.
    const own = () =>
      store.byId(id).find((k) => accountOf(k.owner) === account && !store.removed.has(k))
    // A user's listed keys; undefined when the account has no such user.
    const userKeys = (user: string) => {
      const all = store.keys.filter((k) => k.name === user && accountOf(k.owner) === account)
      return all.length === 0 ? undefined : all.filter((k) => !store.removed.has(k))
    }
    const noUser = (user: string) =>
      awsError('iam', 404, 'NoSuchEntity', `The user with name ${user} cannot be found.`)
    const noKey = () =>
      awsError('iam', 404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`)

    switch (action) {
      case 'GetCallerIdentity':
        return answer(
          'sts',
          action,
          `<Arn>${caller.arn}</Arn><UserId>${caller.userId}</UserId><Account>${account}</Account>`
        )
      case 'GetAccessKeyInfo': {
        if (!caller.canManage) return denied()
        const key = store.byId(id)[0]
        // The account is read from the id itself: an id no key has decodes to some account.
        const owner = key ? accountOf(key.owner) : accountOf(`unknown:${id}`)
        return answer('sts', action, `<Account>${owner}</Account>`)
      }
      case 'GetAccessKeyLastUsed': {
        if (!caller.canManage) return denied()
        const key = own()
        const lastUsed =
          '<AccessKeyLastUsed><Region>N/A</Region><ServiceName>N/A</ServiceName></AccessKeyLastUsed>'
        return answer('iam', action, `${key ? `<UserName>${key.name}</UserName>` : ''}${lastUsed}`)
      }
      case 'ListAccessKeys': {
        if (!caller.canManage) return denied()
        const user = params.get('UserName') ?? ''
        const keys = store.keys.filter(
          (k) => k.name === user && accountOf(k.owner) === account && !store.removed.has(k)
        )
        if (
          keys.length === 0 &&
          !store.keys.some((k) => k.name === user && accountOf(k.owner) === account)
        )
          return awsError('iam', 404, 'NoSuchEntity', `The user with name ${user} cannot be found.`)
        const members = keys
          .map(
            (k) =>
              `<member><UserName>${k.name}</UserName><AccessKeyId>${idOf(k.value)}</AccessKeyId><Status>${store.status(k)}</Status><CreateDate>2026-01-02T03:04:05Z</CreateDate></member>`
          )
          .join('')
        return answer(
          'iam',
          action,
          `<UserName>${user}</UserName><AccessKeyMetadata>${members}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`
        )
      }
      case 'CreateAccessKey': {
        if (!caller.canManage) return denied()
        const user = params.get('UserName') ?? ''
        const keys = userKeys(user)
        if (!keys) return noUser(user)
        // "Access keys assigned to an IAM user: 2" (IAM and STS quotas), Active or not.
        if (keys.length >= 2)
          return awsError(
            'iam',
            409,
            'LimitExceeded',
            'Cannot exceed quota for AccessKeysPerUser: 2'
          )
        const key = store.addKey({ owner: caller.owner, name: user })
        store.createdAt.set(key, Date.now())
        return answer(
          'iam',
          action,
          `<AccessKey><UserName>${user}</UserName><AccessKeyId>${idOf(key.value)}</AccessKeyId><Status>Active</Status><SecretAccessKey>${secretOf(key.value)}</SecretAccessKey><CreateDate>2026-01-02T03:04:05Z</CreateDate></AccessKey>`
        )
      }
      case 'TagUser': {
        if (!caller.canManage) return denied()
        const user = params.get('UserName') ?? ''
        if (!userKeys(user)) return noUser(user)
        const tags = store.tags.get(`${account}/${user}`) ?? new Map<string, string>()
        for (let i = 1; params.has(`Tags.member.${i}.Key`); i++) {
          const key = params.get(`Tags.member.${i}.Key`) ?? ''
          const value = params.get(`Tags.member.${i}.Value`) ?? ''
          if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key) || value.length > 256)
            return awsError('iam', 400, 'InvalidInput', `Invalid tag: ${escapeXml(key)}`)
          tags.set(key, value)
        }
        if (tags.size > 50)
          return awsError('iam', 409, 'LimitExceeded', 'Cannot exceed quota for TagsPerUser: 50')
        store.tags.set(`${account}/${user}`, tags)
        return answer('iam', action)
      }
      case 'ListUserTags': {
        if (!caller.canManage) return denied()
        const user = params.get('UserName') ?? ''
        if (!userKeys(user)) return noUser(user)
        const tags = [...(store.tags.get(`${account}/${user}`) ?? new Map<string, string>())]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(
            ([k, v]) => `<member><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></member>`
          )
          .join('')
        return answer('iam', action, `<Tags>${tags}</Tags><IsTruncated>false</IsTruncated>`)
      }
      case 'UpdateAccessKey':
      case 'DeleteAccessKey': {
        if (!caller.canManage) return denied()
        const key = own()
        if (!key || key.name !== params.get('UserName')) return noKey()
        if (action === 'DeleteAccessKey') {
          if (!store.ignoreDeletes) store.removed.add(key)
          if (key.deletedAt === undefined) store.delete(key)
        } else if (params.get('Status') === 'Inactive') {
          if (key.deletedAt === undefined) store.delete(key)
        } else if (!store.ignoreDeletes) delete key.deletedAt
        return answer('iam', action)
      }
    }
    return awsError(
      service,
      400,
      'InvalidAction',
      `The action ${action} is not valid for this web service.`
    )
  }
  return { store, route }
}

/**
 * AWS publishes no request rate for IAM or STS: throttled calls are answered HTTP 400
 * `Throttling` "Rate exceeded". The fake plays an assumed 20 requests a second per credential.
 */
export function awsRateLimits(): RateLimit[] {
  return [
    {
      name: 'AWS (assumed; none published): 20 requests/s per credential',
      bucket: (req) => AUTHORIZATION.exec(req.headers.authorization ?? '')?.[1],
      requests: 20,
      perMs: 1000,
      reply: () => awsError('iam', 400, 'Throttling', 'Rate exceeded')
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof awsFake>> = {
  fake: awsFake,
  rateLimits: () => awsRateLimits(),
  alert: { type: 'aws_access_key_id', name: 'Amazon AWS Access Key ID' },
  sample: {
    value: `AKIA${'ABCDEFGH23456723'}:${'wJalrXUtnFEMIK7MDENGbPxRfiCY'}${'EXAMPLEKEY12'}`,
    id: 'AKIAABCDEFGH23456723'
  },
  operations: [
    'iam:CreateAccessKey',
    'iam:DeleteAccessKey',
    'iam:GetAccessKeyLastUsed',
    'iam:ListAccessKeys',
    'iam:ListUserTags',
    'iam:TagUser',
    'iam:UpdateAccessKey',
    'sts:GetAccessKeyInfo',
    'sts:GetCallerIdentity'
  ],
  // The pair's GetCallerIdentity, the admin's (once a run), GetAccessKeyLastUsed,
  // ListAccessKeys, UpdateAccessKey, and the probe after.
  requests: (n) => 5 * n + 1
}

import { AwsV4Signer } from 'aws4fetch'
import { NotReplaceable, RevocationFailure, type FailureReason } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { failure } from '../answers.js'
import type { Credential, DeleteResult, ProbeAnswer, Provider, ProviderContext } from '../types.js'
import {
  ACCESS_KEY_ID,
  TEMPORARY_HELP,
  awsFacts,
  parseAdmin,
  splitPair,
  type AdminCredential
} from './facts.js'

// Contract: src/providers/aws/README.md and src/providers/aws/smithy.json (AWS's Smithy models
// of IAM 2010-05-08 and STS 2011-06-15, trimmed to the operations called here). Both speak the
// awsQuery protocol: a form-encoded POST of `Action`, `Version` and the input members, signed
// with Signature Version 4, answered in XML. IAM is global (signed for us-east-1, service
// `iam`); STS is called on its global endpoint (us-east-1, service `sts`).

const IAM = {
  service: 'iam',
  version: '2010-05-08',
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/'
}
const STS = {
  service: 'sts',
  version: '2011-06-15',
  xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/'
}
type Api = typeof IAM
const REGION = 'us-east-1'

/** A signing identity: the admin credential or the leaked pair. */
interface Signer {
  id: string
  secret: string
  sessionToken?: string
}

/** Sends one awsQuery action, signed with SigV4 for its service. */
async function call(
  ctx: ProviderContext,
  api: Api,
  action: string,
  params: Record<string, string>,
  signer: Signer
): Promise<HttpResponse> {
  // STS has its own origin (`serviceUrls`), unless `aws-api-url` names one for both.
  const http = api === STS ? (ctx.service?.('sts') ?? ctx.http) : ctx.http
  const url = http.url('/')
  const body = new URLSearchParams({ Action: action, Version: api.version, ...params }).toString()
  const signed = await new AwsV4Signer({
    method: 'POST',
    url: url.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
    accessKeyId: signer.id,
    secretAccessKey: signer.secret,
    ...(signer.sessionToken ? { sessionToken: signer.sessionToken } : {}),
    service: api.service,
    region: REGION
  }).sign()
  const headers: Record<string, string> = {}
  signed.headers.forEach((value, name) => {
    headers[name] = value
  })
  return http.send({
    method: 'POST',
    path: '/',
    headers,
    body,
    pace: api.service,
    // Reads, setting a status twice and a tag twice change nothing more than once; a second
    // CreateAccessKey would make a second key.
    idempotent: action !== 'DeleteAccessKey' && action !== 'CreateAccessKey'
  })
}

const XML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'"
}
const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name] ?? '')

/** The text of each `<name>` element in `xml`, in order. */
function elements(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) =>
    unescape(m[1] ?? '')
  )
}

/**
 * The body of a successful `<Action>Response` of this API, whole (its closing tag read), or
 * undefined when the answer is not one.
 */
function result(res: HttpResponse, api: Api, action: string): string | undefined {
  if (res.status !== 200 || res.truncated) return undefined
  const text = res.text.trim()
  const open = new RegExp(`^(?:<\\?xml[^>]*\\?>\\s*)?<${action}Response xmlns="${api.xmlns}">`)
  if (!open.test(text) || !text.endsWith(`</${action}Response>`)) return undefined
  return text
}

/** An `<ErrorResponse>`'s code, when the answer is a whole one. */
function errorCode(res: HttpResponse): string | undefined {
  const text = res.text.trim()
  if (res.status < 400 || res.truncated) return undefined
  if (!/^(?:<\?xml[^>]*\?>\s*)?<ErrorResponse[ >]/.test(text) || !text.endsWith('</ErrorResponse>'))
    return undefined
  const [code] = elements(text, 'Code')
  return code && /^[A-Za-z.]{1,64}$/.test(code) ? code : undefined
}

const REASONS: Record<string, FailureReason> = {
  InvalidClientTokenId: 'unauthorized',
  SignatureDoesNotMatch: 'unauthorized',
  ExpiredToken: 'unauthorized',
  AccessDenied: 'forbidden',
  Throttling: 'rate-limited'
}

/** A failure for an answer not understood, with AWS's error code deciding the reason. */
function awsFailure(ctx: ProviderContext, res: HttpResponse, what: string): RevocationFailure {
  const code = errorCode(res)
  const error = failure(res, ctx.redactor, `AWS ${what}`, (code && REASONS[code]) || undefined)
  if (code === 'AccessDenied')
    error.message += ` (the admin credentials need ${awsFacts.tokenHelp.replace(/^.*allowed /, '')})`
  if (
    code === 'InvalidClientTokenId' ||
    code === 'SignatureDoesNotMatch' ||
    code === 'ExpiredToken'
  )
    error.message +=
      ' (AWS refuses the admin credentials themselves: check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN)'
  return error
}

function admin(auth: Credential | string | undefined): AdminCredential {
  const secret = typeof auth === 'string' ? auth : auth?.secret
  const credential = parseAdmin(secret ?? '')
  if (!credential)
    // Settings refuse it before any request; this guards every other way in.
    throw new RevocationFailure(
      'unauthorized',
      `AWS: the admin credentials are not ${awsFacts.checkToken?.('') ?? 'valid'}`,
      null,
      0
    )
  return credential
}

/** The account of the admin credentials (GetCallerIdentity, once a run). */
function adminAccount(ctx: ProviderContext, credential: AdminCredential): Promise<string> {
  return ctx.memo(`account:${credential.id}`, async () => {
    const res = await call(ctx, STS, 'GetCallerIdentity', {}, credential)
    const text = result(res, STS, 'GetCallerIdentity')
    const [account] = text ? elements(text, 'Account') : []
    if (!account) throw awsFailure(ctx, res, 'GetCallerIdentity (admin credentials)')
    return account
  })
}

/** The account an access key id belongs to (GetAccessKeyInfo), whatever the key's status. */
async function accountOfKey(
  ctx: ProviderContext,
  credential: AdminCredential,
  id: string
): Promise<string> {
  const res = await call(ctx, STS, 'GetAccessKeyInfo', { AccessKeyId: id }, credential)
  const text = result(res, STS, 'GetAccessKeyInfo')
  const [account] = text ? elements(text, 'Account') : []
  if (!account) throw awsFailure(ctx, res, 'GetAccessKeyInfo')
  return account
}

function otherAccount(account: string, own: string): RevocationFailure {
  return new RevocationFailure(
    'unresolvable',
    `AWS: nothing was deactivated: this key belongs to account ${account}, not to account ${own} of the admin credentials. Deactivate it with credentials of account ${account}, or in that account's console, now.`
  )
}

/** The IAM user that owns a key (GetAccessKeyLastUsed), once a run; undefined when none. */
function userOfKey(
  ctx: ProviderContext,
  credential: AdminCredential,
  id: string
): Promise<{ user: string | undefined; res: HttpResponse }> {
  return ctx.memo(`user:${id}`, async () => {
    const res = await call(ctx, IAM, 'GetAccessKeyLastUsed', { AccessKeyId: id }, credential)
    if (errorCode(res) === 'NoSuchEntity') return { user: undefined, res }
    const text = result(res, IAM, 'GetAccessKeyLastUsed')
    if (!text) throw awsFailure(ctx, res, 'GetAccessKeyLastUsed')
    const [user] = elements(text, 'UserName')
    return { user, res }
  })
}

/** A key's status as its user's list shows it (ListAccessKeys, every page); undefined: absent. */
async function statusOf(
  ctx: ProviderContext,
  credential: AdminCredential,
  user: string,
  id: string
): Promise<{ status: 'Active' | 'Inactive' | undefined; res: HttpResponse }> {
  const listed = await membersOfUser(ctx, credential, user, 'ListAccessKeys', 'AccessKeyMetadata')
  if (listed.missing) return { status: undefined, res: listed.res }
  for (const { member, res } of listed.members) {
    if (elements(member, 'AccessKeyId')[0] !== id) continue
    const [status] = elements(member, 'Status')
    if (status !== 'Active' && status !== 'Inactive')
      throw awsFailure(ctx, res, 'ListAccessKeys: unexpected answer')
    return { status, res }
  }
  return { status: undefined, res: listed.res }
}

/**
 * The `<member>`s of one of a user's IAM lists (`list`, its element), every page followed by
 * its `Marker`: ListAccessKeys and ListUserTags page alike.
 */
async function membersOfUser(
  ctx: ProviderContext,
  credential: AdminCredential,
  user: string,
  action: 'ListAccessKeys' | 'ListUserTags',
  list: string
): Promise<{
  members: Array<{ member: string; res: HttpResponse }>
  /** The last page's answer. */
  res: HttpResponse
  /** IAM has no such user (`NoSuchEntity`). */
  missing: boolean
}> {
  const members: Array<{ member: string; res: HttpResponse }> = []
  let marker: string | undefined
  for (let page = 0; page < 20; page++) {
    const res = await call(
      ctx,
      IAM,
      action,
      { UserName: user, ...(marker ? { Marker: marker } : {}) },
      credential
    )
    if (errorCode(res) === 'NoSuchEntity') return { members, res, missing: true }
    const text = result(res, IAM, action)
    if (!text || (!text.includes(`</${list}>`) && !text.includes(`<${list}/>`)))
      throw awsFailure(ctx, res, action)
    for (const [, member = ''] of text.matchAll(/<member>([\s\S]*?)<\/member>/g))
      members.push({ member, res })
    marker = elements(text, 'Marker')[0]
    if (elements(text, 'IsTruncated')[0] !== 'true' || !marker)
      return { members, res, missing: false }
  }
  throw new RevocationFailure('provider-error', `AWS ${action}: more than 20 pages`)
}

/** A user's access keys (ListAccessKeys, every page): id and status. */
async function keysOfUser(
  ctx: ProviderContext,
  credential: AdminCredential,
  user: string
): Promise<Array<{ id: string; status: string }>> {
  const listed = await membersOfUser(ctx, credential, user, 'ListAccessKeys', 'AccessKeyMetadata')
  if (listed.missing) throw awsFailure(ctx, listed.res, 'ListAccessKeys')
  return listed.members.map(({ member, res }) => {
    const [id] = elements(member, 'AccessKeyId')
    const [status] = elements(member, 'Status')
    if (!id || !status) throw awsFailure(ctx, res, 'ListAccessKeys: unexpected answer')
    return { id, status }
  })
}

/** A user's tags (ListUserTags, every page): the console keeps an access key's description there. */
async function tagsOfUser(
  ctx: ProviderContext,
  credential: AdminCredential,
  user: string
): Promise<Map<string, string>> {
  const tags = new Map<string, string>()
  const listed = await membersOfUser(ctx, credential, user, 'ListUserTags', 'Tags')
  if (listed.missing) throw awsFailure(ctx, listed.res, 'ListUserTags')
  for (const { member } of listed.members) {
    const [key] = elements(member, 'Key')
    const [value] = elements(member, 'Value')
    if (key !== undefined) tags.set(key, value ?? '')
  }
  return tags
}

/** The IAM user of a leaked key, for its replacement; resolve has read it already. */
async function userForReplacement(
  ctx: ProviderContext,
  credential: AdminCredential,
  id: string
): Promise<string> {
  const { user, res } = await userOfKey(ctx, credential, id)
  if (!user)
    throw failure(res, ctx.redactor, 'AWS GetAccessKeyLastUsed names no user', 'provider-error')
  return user
}

/** The user name an ARN of GetCallerIdentity names, or why it names no IAM user. */
function userOfArn(arn: string): { user: string } | { not: string } {
  const match = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(.+)$/.exec(arn)
  const resource = match?.[2] ?? ''
  if (match?.[1] === 'iam' && resource === 'root')
    return {
      not: "the account's root user key: deactivate it signed in as the root user (Security credentials), as IAM's admin credentials cannot manage it"
    }
  if (match?.[1] === 'iam' && resource.startsWith('user/'))
    return { user: resource.split('/').at(-1) ?? '' }
  return { not: TEMPORARY_HELP }
}

const ALREADY_INACTIVE =
  'AWS shows this key Inactive already, before this run: not this run’s doing'

export const aws: Provider = {
  ...awsFacts,

  throttled: (status, text) => status === 400 && /<Code>Throttling<\/Code>/.test(text),

  async resolve(ctx, value, auth) {
    const credential = admin(auth)
    const pair = splitPair(value)
    if (!pair)
      return { kind: 'not-found', said: 'the value is not an access key id with its secret' }
    // The id is a piece of the value given with it: as secret as the value, never printed.
    ctx.redactor.add(pair.id)
    ctx.redactor.add(pair.secret)
    // The pair's own answer: it works, and which account and user it is (needs no permission).
    const res = await call(ctx, STS, 'GetCallerIdentity', {}, pair)
    const code = errorCode(res)
    if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch')
      return { kind: 'key-rejected', httpStatus: res.status }
    const text = result(res, STS, 'GetCallerIdentity')
    const [account] = text ? elements(text, 'Account') : []
    const [arn] = text ? elements(text, 'Arn') : []
    if (!account || !arn) throw awsFailure(ctx, res, 'GetCallerIdentity')
    const own = await adminAccount(ctx, credential)
    if (account !== own) throw otherAccount(account, own)
    const named = userOfArn(arn)
    if ('not' in named)
      throw new RevocationFailure('unresolvable', `AWS: nothing was deactivated: ${named.not}.`)
    const { user, res: lastUsed } = await userOfKey(ctx, credential, pair.id)
    if (user !== named.user)
      throw failure(
        lastUsed,
        ctx.redactor,
        'AWS GetAccessKeyLastUsed names another user than the key itself does',
        'provider-error'
      )
    const { status } = await statusOf(ctx, credential, user, pair.id)
    if (status !== 'Active')
      return {
        kind: 'not-found',
        said: status === 'Inactive' ? ALREADY_INACTIVE : 'AWS lists no such key for its user'
      }
    await ctx.memo(`checked:${pair.id}`, async () => true)
    return { kind: 'found', id: pair.id, name: user, authenticated: true }
  },

  async delete(ctx, target, auth): Promise<DeleteResult> {
    const credential = admin(auth)
    const id = target.id ?? ''
    if (target.value?.includes(id)) ctx.redactor.add(id)
    if (!ACCESS_KEY_ID.test(id) || id.startsWith('ASIA'))
      throw new RevocationFailure(
        'invalid-input',
        `AWS: give \`key-id\` as a long-term access key id (AKIA…)`,
        null,
        0
      )
    // What `resolve` checked already, a key given by id is checked here: its account, its user,
    // and that it is Active now (a key Inactive before this run is never this run's doing).
    const checked = await ctx.memo(`checked:${id}`, async () => false)
    if (!checked) {
      const own = await adminAccount(ctx, credential)
      const account = await accountOfKey(ctx, credential, id)
      if (account !== own) throw otherAccount(account, own)
    }
    const { user, res: lastUsed } = await userOfKey(ctx, credential, id)
    if (!user)
      return {
        answer: { kind: 'not-found', said: 'AWS names no IAM user for this access key id' },
        response: lastUsed
      }
    if (!checked) {
      const { status, res } = await statusOf(ctx, credential, user, id)
      if (status !== 'Active')
        return {
          answer: {
            kind: 'not-found',
            said:
              status === 'Inactive'
                ? ALREADY_INACTIVE
                : `AWS lists no key with this id for user ${user} (HTTP ${res.status})`
          },
          response: res
        }
    }
    const params = { UserName: user, AccessKeyId: id }
    const res = await call(
      ctx,
      IAM,
      'UpdateAccessKey',
      { ...params, Status: 'Inactive' },
      credential
    )
    if (errorCode(res) === 'NoSuchEntity') return { answer: { kind: 'not-found' }, response: res }
    if (!result(res, IAM, 'UpdateAccessKey'))
      throw awsFailure(
        ctx,
        res,
        res.status === 200 ? 'UpdateAccessKey: unexpected answer' : 'UpdateAccessKey'
      )
    // A replacement this run made and could not use is deleted, not only deactivated: an
    // Inactive key still takes one of its user's two places.
    const remove =
      ctx.flags?.['aws-delete'] === true || (await ctx.memo(`created:${id}`, async () => false))
    if (remove) {
      const gone = await call(ctx, IAM, 'DeleteAccessKey', params, credential)
      if (!result(gone, IAM, 'DeleteAccessKey') && errorCode(gone) !== 'NoSuchEntity') {
        const error = awsFailure(ctx, gone, 'DeleteAccessKey')
        error.message = `AWS: the key was deactivated (UpdateAccessKey answered 200), but deleting it failed: ${error.message}. It is Inactive; delete it by hand.`
        throw error
      }
    }
    // A key id alone authenticates nothing, so no probe follows: its user's list must show it
    // dead, as it showed it Active before (the proof the engine reports for a key given by id).
    if (target.value === undefined) {
      const { status, res: after } = await statusOf(ctx, credential, user, id)
      if (remove ? status !== undefined : status !== 'Inactive')
        throw failure(
          after,
          ctx.redactor,
          `AWS ${remove ? 'DeleteAccessKey' : 'UpdateAccessKey'} answered 200, but ListAccessKeys still shows the key ${status ?? 'absent'}`,
          'provider-error'
        )
      const readBack = `ListAccessKeys for user ${user} showed it Active before and ${remove ? 'no longer lists it' : 'shows it Inactive'} after`
      return { answer: { kind: 'deleted', readBack }, response: res }
    }
    return { answer: { kind: 'deleted' }, response: res }
  },

  async probe(ctx, value): Promise<ProbeAnswer> {
    const pair = splitPair(value)
    // No access key id: nothing AWS could authenticate, so no request can be signed.
    if (!pair) return { kind: 'dead' }
    const res = await call(ctx, STS, 'GetCallerIdentity', {}, pair)
    const text = result(res, STS, 'GetCallerIdentity')
    const [account] = text ? elements(text, 'Account') : []
    if (account) return { kind: 'alive', owner: account }
    // InvalidClientTokenId: no active key has this id (deactivated, deleted, never made);
    // SignatureDoesNotMatch: the secret is not this id's. Either way the value authenticates
    // nothing; only a value seen working before proves a deactivation by its refusal.
    const code = errorCode(res)
    if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch') return { kind: 'dead' }
    throw awsFailure(ctx, res, 'GetCallerIdentity')
  },

  // Rotate, then revoke: CreateAccessKey for the leaked key's user. The replacement is the new
  // pair in the form the action reads a key in (`AKIA…:secret`). Access keys have no name: the
  // marker goes where the IAM console keeps an access key's description, a tag of its user whose
  // key is the access key id (TagUser), so a re-run finds it with ListUserTags.
  replacement: {
    // New keys may take a few seconds to work everywhere (IAM's eventual consistency): the new
    // pair is asked five times, 1 + 2 + 3 + 4 s apart, before it counts as not working.
    probeTries: 5,

    async findEarlier(ctx, old, marker, auth) {
      const credential = admin(auth)
      const user = await userForReplacement(ctx, credential, old.id)
      const tags = await tagsOfUser(ctx, credential, user)
      const found = (await keysOfUser(ctx, credential, user)).find(
        (k) => k.id !== old.id && k.status === 'Active' && tags.get(k.id) === marker
      )
      return found ? { id: found.id } : undefined
    },

    async create(ctx, old, name, auth) {
      const credential = admin(auth)
      const user = await userForReplacement(ctx, credential, old.id)
      // A user has two access keys at most (IAM quotas). Another key besides the leaked one is
      // either a key in use or one nobody can tell from an earlier replacement whose tag is
      // gone: never deleted or reused here.
      const others = (await keysOfUser(ctx, credential, user)).filter((k) => k.id !== old.id)
      if (others.length > 0)
        throw new NotReplaceable(
          `IAM user ${user} already has another access key besides the leaked one (${others.map((k) => `${k.id}, ${k.status}`).join('; ')}), and a user may have two at most; nothing shows whether it is in use, so it is neither deleted nor taken as the replacement. If it is an old Inactive key, delete it (aws iam delete-access-key --user-name ${user} --access-key-id ${others[0]?.id ?? ''}) and run again`
        )
      const res = await call(ctx, IAM, 'CreateAccessKey', { UserName: user }, credential)
      // The new secret is a secret from the moment it is read: masked before anything else.
      for (const raw of res.text.matchAll(/<SecretAccessKey>([^<]*)<\/SecretAccessKey>/g)) {
        if (raw[1]) ctx.redactor.add(raw[1])
        ctx.redactor.add(unescape(raw[1] ?? ''))
      }
      const text = result(res, IAM, 'CreateAccessKey')
      if (!text) throw awsFailure(ctx, res, 'CreateAccessKey')
      const [id = ''] = elements(text, 'AccessKeyId')
      const [secret = ''] = elements(text, 'SecretAccessKey')
      const value = `${id}:${secret}`
      // Only a real pair is registered: an empty part would make `:` itself a "secret".
      if (ACCESS_KEY_ID.test(id) && secret) {
        ctx.redactor.add(value)
        ctx.redactor.add(id)
        await ctx.memo(`created:${id}`, async () => true)
      }
      const [owner] = elements(text, 'UserName')
      const [status] = elements(text, 'Status')
      // What went wrong comes after what became of the new key: the report cuts long reasons.
      const undo = async (what: string, detail = ''): Promise<never> => {
        const gone = await call(
          ctx,
          IAM,
          'DeleteAccessKey',
          { UserName: user, AccessKeyId: id },
          credential
        )
        const deleted = result(gone, IAM, 'DeleteAccessKey') !== undefined
        throw new RevocationFailure(
          'provider-error',
          `AWS ${what}, so the new key ${deleted ? 'was deleted again (DeleteAccessKey)' : `could not be deleted again: delete it in the IAM console (user ${user})`}${detail ? `: ${detail}` : ''}`
        )
      }
      if (
        !ACCESS_KEY_ID.test(id) ||
        id.startsWith('ASIA') ||
        !/^[A-Za-z0-9/+]{40}$/.test(secret) ||
        owner !== user ||
        status !== 'Active'
      ) {
        if (ACCESS_KEY_ID.test(id))
          await undo(
            'CreateAccessKey answered a key that is not an Active long-term key of this user'
          )
        throw failure(res, ctx.redactor, 'AWS CreateAccessKey: unexpected answer', 'provider-error')
      }
      // The marker, before the key is stored anywhere: a re-run that finds the key finds it here.
      const tagged = await call(
        ctx,
        IAM,
        'TagUser',
        { UserName: user, 'Tags.member.1.Key': id, 'Tags.member.1.Value': name },
        credential
      )
      if (!result(tagged, IAM, 'TagUser'))
        await undo(
          `TagUser refused to mark the new key with ${name}`,
          awsFailure(ctx, tagged, 'TagUser').message
        )
      return { id, value }
    }
  }
}

import type { ProviderFacts } from '../types.js'

// Facts relied on, each with where it is published (src/providers/aws/README.md lists them):
// - Access key ids: `AKIA…` long-term keys of an IAM user (or the root user), `ASIA…` temporary
//   keys made by STS; "Access keys consist of two parts: an access key ID … and a secret access
//   key" (STS API reference, GetAccessKeyInfo; smithy.json).
// - `UpdateAccessKey` takes `UserName`; with role credentials (the admin side here) there is no
//   implicit user, so it is always sent (IAM API reference, UpdateAccessKey).
// - Rotation (IAM API reference, CreateAccessKey): creates an access key id and secret access key
//   for the named user, Active; the secret is in this answer only. "Access keys assigned to an
//   IAM user: 2" (IAM and STS quotas; CreateAccessKey's LimitExceeded). The IAM console keeps an
//   access key's description as a tag of its user whose key is the access key id ("iam:TagUser is
//   an optional permission for adding and editing descriptions for the access key", IAM User
//   Guide, Permissions required to manage access keys): the replacement's marker goes there
//   (TagUser, ListUserTags; tag values take the marker's letters, digits and hyphens). Changes in
//   IAM are eventually consistent ("Changes that I make are not always immediately visible",
//   IAM User Guide, Troubleshoot IAM): the new pair is asked more than once.
// - IAM publishes no request rate; throttled calls answer HTTP 400 `Throttling` ("Rate
//   exceeded"), and the account-level limits cannot be raised (AWS re:Post knowledge center,
//   iam-sts-throttling-error).

/** An access key id: AKIA (long-term) or ASIA (temporary), then 16 upper-case letters or digits. */
export const ACCESS_KEY_ID = /^(?:AKIA|ASIA)[A-Z0-9]{16}$/
const LONG_TERM_ID = /^AKIA[A-Z0-9]{16}$/
/** A secret access key: 40 characters of base64's alphabet. */
const SECRET = /^[A-Za-z0-9/+]{40}$/

/** The one form a key takes inside the action: `ACCESS_KEY_ID:SECRET_ACCESS_KEY`. */
const PAIR = /^((?:AKIA|ASIA)[A-Z0-9]{16}):([A-Za-z0-9/+]{40})$/

export interface KeyPair {
  id: string
  secret: string
}

/** The id and secret of a pair, split at its first colon (any secret: AWS judges it). */
export function splitPair(value: string): KeyPair | undefined {
  const colon = value.indexOf(':')
  if (colon < 0) return undefined
  const id = value.slice(0, colon)
  const secret = value.slice(colon + 1)
  return /^[A-Z0-9]{16,128}$/.test(id) && secret.length > 0 ? { id, secret } : undefined
}

/**
 * The admin side: `AWS_ACCESS_KEY_ID:AWS_SECRET_ACCESS_KEY[:AWS_SESSION_TOKEN]`, made by the
 * settings from the standard environment variables (never an input).
 */
export interface AdminCredential {
  id: string
  secret: string
  sessionToken?: string
}

export function parseAdmin(token: string): AdminCredential | undefined {
  const [id = '', secret = '', sessionToken, ...rest] = token.split(':')
  if (rest.length > 0 || !ACCESS_KEY_ID.test(id) || !SECRET.test(secret)) return undefined
  if (sessionToken !== undefined && !/^[A-Za-z0-9/+=]{16,8192}$/.test(sessionToken))
    return undefined
  return sessionToken ? { id, secret, sessionToken } : { id, secret }
}

/** The environment variables the admin credential is read from. */
export const CREDENTIAL_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN'
] as const

/** The admin credential from the standard variables, as one string; undefined when unset. */
export function credentialFromEnv(env: Record<string, string | undefined>): string | undefined {
  const [id, secret, session] = CREDENTIAL_ENV.map((name) => (env[name] ?? '').trim())
  if (!id && !secret) return undefined
  return [id, secret, ...(session ? [session] : [])].join(':')
}

const CREDENTIAL_HELP =
  "admin credentials of the key's account, as aws-actions/configure-aws-credentials sets them from a role, allowed iam:GetAccessKeyLastUsed, iam:ListAccessKeys, iam:UpdateAccessKey (iam:DeleteAccessKey with `aws-delete`) and sts:GetAccessKeyInfo (to rotate: iam:CreateAccessKey, iam:TagUser, iam:ListUserTags and iam:DeleteAccessKey)"

/**
 * What people paste for a pair, turned into `ID:SECRET`: the two on one line (a space, a tab or
 * a colon between them), or a credentials file's `aws_access_key_id = …` and
 * `aws_secret_access_key = …` lines (in either order, a `[profile]` line and a session token
 * line allowed). Undefined when the lines are not such a paste.
 */
export function pastedPairs(lines: readonly string[]): string[] | undefined {
  const file = credentialsFile(lines)
  if (file) return file
  let changed = false
  const out = lines.map((line) => {
    const match = /^((?:AKIA|ASIA)[A-Z0-9]{16})(?:[ \t]+|[ \t]*:[ \t]*)([A-Za-z0-9/+]{40})$/.exec(
      line
    )
    if (!match) return line
    const joined = `${match[1]}:${match[2]}`
    changed ||= joined !== line
    return joined
  })
  return changed ? out : undefined
}

const FILE_LINE = /^(aws_access_key_id|aws_secret_access_key|aws_session_token)[ \t]*=[ \t]*(\S+)$/i

function credentialsFile(lines: readonly string[]): string[] | undefined {
  if (!lines.some((l) => FILE_LINE.test(l))) return undefined
  const out: string[] = []
  let id: string | undefined
  let secret: string | undefined
  const flush = () => {
    if (id !== undefined || secret !== undefined) out.push(`${id ?? ''}:${secret ?? ''}`)
    id = secret = undefined
  }
  for (const line of lines) {
    if (/^\[[^\]]{1,128}\]$/.test(line)) {
      flush()
      continue
    }
    const match = FILE_LINE.exec(line)
    if (!match) return undefined
    const name = (match[1] ?? '').toLowerCase()
    const value = match[2] ?? ''
    if (name === 'aws_access_key_id') {
      if (id !== undefined) flush()
      id = value
    } else if (name === 'aws_secret_access_key') {
      if (secret !== undefined) flush()
      secret = value
    }
    // A session token goes with a temporary key, which `checkValue` refuses by its id.
  }
  flush()
  return out
}

/** The pieces of a pasted credentials text that are secret on their own, to mask at once. */
export function secretPieces(text: string): string[] {
  return [
    ...text.matchAll(
      /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])|aws_session_token[ \t]*=[ \t]*(\S+)/gi
    )
  ].flatMap((m) => (m[1] ? [m[1]] : m[2] ? [m[2]] : []))
}

export const TEMPORARY_HELP =
  'a temporary key (ASIA…) is made by STS and ends on its own; UpdateAccessKey cannot deactivate it. Revoke the sessions of the role that issued it (IAM console: the role > Revoke active sessions, which denies every session issued before now), or wait for it to expire'

export const awsFacts: ProviderFacts = {
  id: 'aws',
  name: 'AWS',
  aliases: ['amazon', 'iam', 'amazon-web-services'],
  alertNames: /\b(?:aws|amazon web services)\b/i,
  secretTypes: ['aws_access_key_id', 'aws_secret_access_key', 'aws_temporary_access_key_id'],
  defaultBaseUrl: 'https://iam.amazonaws.com',
  serviceUrls: { sts: 'https://sts.amazonaws.com' },
  inputs: { token: false, apiUrl: 'input' },
  credentialEnv: CREDENTIAL_ENV,
  credentialFromEnv,
  flags: {
    'aws-delete':
      "'true' deletes each key after deactivating it (DeleteAccessKey): it cannot be undone. Default 'false': the key is only deactivated, which a person can undo."
  },
  pastedForms: pastedPairs,
  secretForms: secretPieces,
  fromAlert: (secretType, secret) => {
    if (secretType === 'aws_access_key_id' && LONG_TERM_ID.test(secret)) return { id: secret }
    if (secretType === 'aws_temporary_access_key_id' || /^ASIA/.test(secret))
      return { outcome: 'failed', left: `a temporary AWS key: ${TEMPORARY_HELP}` }
    if (secretType === 'aws_secret_access_key')
      return {
        outcome: 'skipped',
        left: 'a secret access key alone names no key (no AWS API maps a secret to its id), so it is left open for a person. GitHub reports the pair as two alerts in the same file: the access key id alert (aws_access_key_id) is the one this action deactivates; close this one once that key is Inactive'
      }
    return PAIR.test(secret)
      ? { value: secret }
      : { outcome: 'failed', left: 'its secret is not an AWS access key id (AKIA…)' }
  },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'the IAM console > Users > the key’s user > Security credentials > Access keys',
  createCall:
    "`iam:CreateAccessKey` for the leaked key's user (at most two keys a user), marked by a `TagUser` tag keyed by the new key id",
  revocationWords: { done: 'Deactivated', verb: 'deactivate', noun: 'deactivation' },
  restoreHelp:
    'an Inactive key is brought back with `aws iam update-access-key --status Active` (or the console); a deleted one (`aws-delete: true`) cannot be, so create a new key for its user',
  tokenHelp: CREDENTIAL_HELP,
  // A leaked key may not act on itself once AWS quarantines it (AWSCompromisedKeyQuarantineV2
  // denies iam:UpdateAccessKey), and a run never deactivates a key with the key itself.
  selfRevocation: false,
  probeDescription:
    '`sts:GetCallerIdentity` signed with the leaked pair must be refused (`InvalidClientTokenId`) after it answered before the deactivation; a key id alone in `key-id`: `iam:ListAccessKeys` for its user must then show it `Inactive` (or gone, with `aws-delete`)',
  ownsKeyFormat: (value) => PAIR.test(value),
  keyShapes: [/(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}:[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/],
  checkId: (id) =>
    LONG_TERM_ID.test(id)
      ? undefined
      : /^ASIA[A-Z0-9]{16}$/.test(id)
        ? `a long-term access key id (AKIA…): ${TEMPORARY_HELP}`
        : 'an access key id: AKIA followed by 16 upper-case letters or digits',
  checkValue: (value) => {
    const pair = PAIR.exec(value)
    if (pair?.[1]?.startsWith('ASIA')) return `a long-term key (AKIA…): ${TEMPORARY_HELP}`
    if (pair) return undefined
    if (ACCESS_KEY_ID.test(value))
      return 'an access key id with its secret access key; this is the id alone: give it in `key-id` instead'
    if (SECRET.test(value))
      return 'an access key id with its secret access key; this is a secret access key alone, which names no key (no AWS API maps a secret to its id): give its access key id in `key-id`, or the two together'
    return 'an access key id and its secret access key together (`AKIA… secret`, `AKIA…:secret`, or the `aws_access_key_id =` and `aws_secret_access_key =` lines of a credentials file)'
  },
  checkToken: (token) =>
    parseAdmin(token)
      ? undefined
      : 'AWS_ACCESS_KEY_ID (AKIA… or ASIA…) and AWS_SECRET_ACCESS_KEY (40 characters), with AWS_SESSION_TOKEN for role credentials',
  // IAM publishes no rate (see above): 2 keys at once, at most 5 calls a second per run.
  limits: { concurrency: 2, minIntervalMs: { iam: 200, sts: 200 } }
}

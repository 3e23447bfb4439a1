import type { ProviderFacts } from '../types.js'

/** The API's version prefix, below the base URL. */
export const API = '/client/v4'

/** An account id: 32 characters (Cloudflare's "Account identifier tag", min and max length 32). */
export const ACCOUNT_ID = /^[0-9a-f]{32}$/

/** A token id: Cloudflare's "Token identifier tag", at most 32 characters (32 hex in every example). */
export const TOKEN_ID = /^[0-9a-f]{32}$/

/** What a `key-id` names: a user token's id, or an account token's account and id. */
export type TokenRef =
  { kind: 'user'; tokenId: string } | { kind: 'account'; accountId: string; tokenId: string }

export function parseTokenId(id: string): TokenRef | undefined {
  if (TOKEN_ID.test(id)) return { kind: 'user', tokenId: id }
  const parts = id.split(':')
  if (parts.length !== 3 || parts[0] !== 'account') return undefined
  const [, accountId = '', tokenId = ''] = parts
  return ACCOUNT_ID.test(accountId) && TOKEN_ID.test(tokenId)
    ? { kind: 'account', accountId, tokenId }
    : undefined
}

/** The scannable formats: a prefix, 40 characters and a checksum (token formats page). */
export const USER_PREFIX = 'cfut_'
export const ACCOUNT_PREFIX = 'cfat_'
export const GLOBAL_KEY_PREFIX = 'cfk_'

/** A token of the older format: 40 characters, no prefix. */
const LEGACY = /^[A-Za-z0-9_-]{40}$/
const SCANNABLE = /^cf(?:ut|at|k)_[A-Za-z0-9]{40,}$/

export const cloudflareFacts: ProviderFacts = {
  id: 'cloudflare',
  name: 'Cloudflare',
  aliases: ['cf'],
  // Only API tokens: a name that says Global API Key, Origin CA key, Tunnel or Access service
  // token is something this adapter cannot delete.
  alertNames:
    /^(?!.*\b(?:global|origin|ca|tunnel|access|service|turnstile|stream|images?|r2|s3)\b).*\bcloudflare\b/i,
  secretTypes: ['cloudflare_user_api_token', 'cloudflare_account_api_token'],
  defaultBaseUrl: 'https://api.cloudflare.com',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage:
    'the Cloudflare dashboard > My Profile > API Tokens (account tokens: Manage Account > API Tokens)',
  // cloudflare/api-schemas openapi.json, user-api-tokens-create-token (README, Create).
  createCall:
    "`POST /user/tokens` with the old user token's policies, IP condition and dates (user tokens only)",
  tokenHelp:
    'a Cloudflare API token with the "API Tokens Write" permission (user tokens: My Profile > API Tokens) and, for account-owned tokens, "Account API Tokens Write" on their account',
  // The delete needs "API Tokens Write" / "Account API Tokens Write", which a leaked token
  // rarely has: the credential is required.
  selfRevocation: false,
  probeDescription:
    '`GET /user/tokens/verify` (an account token: `GET /accounts/{account_id}/tokens/verify`) with the leaked token must no longer answer `status: active` (a 401, or a status other than active)',
  ownsKeyFormat: (value) => SCANNABLE.test(value),
  keyShapes: [/(?<![A-Za-z0-9_])cf(?:ut|at|k)_[A-Za-z0-9]{40,}/],
  checkId: (id) =>
    parseTokenId(id)
      ? undefined
      : 'a Cloudflare token id: 32 hexadecimal characters for a user token, or `account:<account id>:<token id>` for an account-owned token',
  checkValue: (value) => {
    if (value.startsWith(GLOBAL_KEY_PREFIX))
      return 'a Cloudflare API token (cfut_…, cfat_… or a 40-character token); a Global API Key (cfk_…) has no API to revoke it: roll it in the dashboard (My Profile > API Tokens > Global API Key > Roll)'
    if (/\s/.test(value))
      return 'a Cloudflare API token on one line, without spaces (is it wrapped onto two lines?)'
    if (SCANNABLE.test(value) || LEGACY.test(value)) return undefined
    return 'a Cloudflare API token: cfut_ or cfat_ followed by 40 characters and a checksum, or an older 40-character token (letters, digits, - or _)'
  },
  // 1,200 requests per five minutes per user or account token (limits page): one each 250 ms
  // for the calls made with the management token.
  limits: {
    concurrency: 4,
    minIntervalMs: { delete: 250, list: 250 },
    publishedSpacingMs: 250
  }
}

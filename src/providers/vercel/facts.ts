import type { ProviderFacts } from '../types.js'

/** Vercel's credential prefixes (its "new token formats" changelog). */
const PREFIX = /^vc[pikar]_/

/** The prefixed credentials `DELETE /v3/user/tokens/current` is not known to revoke, and why. */
const NOT_REVOKED: Readonly<Record<string, string>> = {
  vck_: 'a Vercel API key (vck_), which is not an access token: this call is not documented to revoke it. Delete it in the Vercel dashboard where it was made',
  vca_: 'a Vercel app access token (vca_, Sign in with Vercel), issued to an app: revoke it through the app, or remove the app from the account',
  vcr_: 'a Vercel app refresh token (vcr_), which cannot authenticate an API call, so it cannot revoke itself: remove the app from the account to end it'
}

const EXPECTED = 'a Vercel access token (vcp_… personal, vci_… integration, or an older token)'

/** Why a value is not a token the current-token revoke can take; undefined when it may be. */
export function checkValue(value: string): string | undefined {
  const prefix = PREFIX.exec(value)?.[0]
  const refused = prefix ? NOT_REVOKED[prefix] : undefined
  if (refused) return `${EXPECTED}; this is ${refused}. Nothing was sent`
  // vcp_/vci_ and token characters, or an older unprefixed token (undocumented format).
  return /^[A-Za-z0-9_-]+$/.test(value) ? undefined : EXPECTED
}

export const vercelFacts: ProviderFacts = {
  id: 'vercel',
  name: 'Vercel',
  aliases: ['vercel.com'],
  // Its support access token alone is left unmapped (undocumented). The API key and app types
  // map here by name: a vck_/vca_/vcr_ value fails in checkValue, saying where to revoke it.
  alertNames: /\bvercel\b(?!.*\bsupport\b)/i,
  // GitHub's native types whose tokens `DELETE /v3/user/tokens/current` revokes.
  secretTypes: ['vercel_personal_access_token', 'vercel_integration_access_token'],
  defaultBaseUrl: 'https://api.vercel.com',
  // The token revokes itself ("current"): no credential, no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'vercel.com > Account Settings > Tokens',
  tokenHelp:
    'nothing: the leaked token revokes itself; if it cannot, its owner deletes it under Account Settings > Tokens at vercel.com',
  selfRevocation: true,
  probeDescription:
    '`GET /v2/user` with the leaked token as a bearer must answer 401 (a 403 proves nothing either way)',
  ownsKeyFormat: (value) => PREFIX.test(value),
  keyShapes: [/(?<![A-Za-z0-9_])vc[pikar]_[A-Za-z0-9_-]{20,}/],
  checkId: () =>
    'nothing: a Vercel token is revoked by its value, with `DELETE /v3/user/tokens/current`; give the token itself in `key`',
  checkValue,
  // Vercel publishes no rate limit for its token endpoints: revokes are spaced 1 s apart
  // (an assumption, see the page) and a 429 is retried after its Retry-After.
  limits: { concurrency: 4, minIntervalMs: { delete: 1000 } }
}

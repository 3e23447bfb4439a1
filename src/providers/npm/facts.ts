import type { ProviderFacts } from '../types.js'

/** An npm token: `npm_` and 36 letters or digits (npm's registry API description, deleteToken). */
export const TOKEN = /^npm_[A-Za-z0-9]{36}$/

/** Why a value is not an npm token this adapter can revoke; undefined when it is one. */
export function checkValue(value: string): string | undefined {
  if (!value.startsWith('npm_'))
    return 'an npm access token (npm_ and 36 letters or digits). A legacy token without the npm_ prefix (a UUID) is not taken: revoke it at npmjs.com (Access Tokens) or with `npm token revoke`'
  const body = value.slice('npm_'.length)
  return /^[A-Za-z0-9]{36}$/.test(body)
    ? undefined
    : `an npm access token: npm_ and 36 letters or digits, and this has ${body.length} after npm_: is it cut short, or wrapped onto two lines?`
}

export const npmFacts: ProviderFacts = {
  id: 'npm',
  name: 'npm',
  aliases: ['npmjs', 'npmjs.com', 'npm-registry'],
  // "npm" alone: not "pnpm", and not a word that merely contains it.
  alertNames: /(?<![a-z])npm(?![a-z])/i,
  // GitHub's native type for npm tokens (Supported secret scanning patterns).
  secretTypes: ['npm_access_token'],
  defaultBaseUrl: 'https://registry.npmjs.org',
  // The leaked token authenticates its own delete; npm documents no credential that deletes
  // another user's token by value: no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'npmjs.com > Access Tokens',
  tokenHelp:
    'nothing: the leaked token revokes itself; if npm refuses (a granular token, or a one-time password demanded), revoke it at npmjs.com under Access Tokens',
  selfRevocation: true,
  probeDescription: '`GET /-/whoami` with the leaked token as a bearer must answer 401',
  // "a delay of up to an hour before a token is successfully revoked" (npm's revoking page).
  revocationDelay: 'a delay of up to an hour before a token is revoked',
  ownsKeyFormat: (value) => value.startsWith('npm_'),
  keyShapes: [/(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36,}/],
  checkId: () =>
    'nothing: the action revokes an npm token by its value; give the token itself in `key`',
  checkValue,
  // npm publishes no rate limit for its registry API: one revocation a second, two at once.
  limits: { concurrency: 2, minIntervalMs: { delete: 1000 } }
}

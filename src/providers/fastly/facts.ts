import type { ProviderFacts } from '../types.js'

/**
 * Fastly documents no format for its API tokens. Every example seen (GitGuardian's Fastly
 * detector page) is 32 letters, digits, `-` or `_`: the shape cut from any text. A value is only
 * required to be made of those characters (it goes in a header), whatever its length.
 */
const TOKEN_CHARACTERS = /^[A-Za-z0-9_-]+$/

/** Non-read requests a Fastly user may make in an hour (docs.fastly.com/api, "Rate limiting"). */
export const NON_READ_PER_HOUR = 1000

export const fastlyFacts: ProviderFacts = {
  id: 'fastly',
  name: 'Fastly',
  aliases: ['fastly.com'],
  alertNames: /\bfastly\b/i,
  // GitHub's native type for Fastly API tokens (Supported secret scanning patterns).
  secretTypes: ['fastly_api_token'],
  defaultBaseUrl: 'https://api.fastly.com',
  // `DELETE /tokens/self` revokes the token that authenticates it: no credential, no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'manage.fastly.com > Account > API tokens',
  tokenHelp:
    'nothing: the leaked token revokes itself; if it cannot, its owner (or a superuser) deletes it under Account > API tokens at manage.fastly.com',
  selfRevocation: true,
  probeDescription:
    '`GET /tokens/self` with the leaked token in `Fastly-Key` must answer 401 (a 403 proves nothing: a live token whose scope does not cover it may get one too)',
  keyShapes: [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/],
  checkId: () =>
    'nothing: a Fastly token is revoked by its value, with `DELETE /tokens/self`; give the token itself in `key`',
  checkValue: (value) =>
    TOKEN_CHARACTERS.test(value)
      ? undefined
      : 'a Fastly API token (letters, digits, `-` and `_` only; every token seen has 32)',
  // 1,000 non-read requests an hour per user, whatever the token: the revoke is one, so revokes
  // are spaced 3.6 s apart, as if every token were one user's (the worst case). Reads (the
  // probes) are not limited.
  limits: {
    concurrency: 4,
    minIntervalMs: { delete: 3_600_000 / NON_READ_PER_HOUR },
    publishedSpacingMs: 3_600_000 / NON_READ_PER_HOUR
  }
}

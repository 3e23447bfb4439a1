import type { ProviderFacts } from '../types.js'

/** `HRKU-` tokens (the Platform API schema's example token is `HRKU-` and a UUID). */
const HRKU = /^HRKU-[A-Za-z0-9_-]{20,200}$/
/** Older tokens: a bare UUID (the dashboard's API key, `heroku authorizations:create` output). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Why a value cannot be a Heroku Platform API token; undefined when it can. */
export function checkValue(value: string): string | undefined {
  if (HRKU.test(value) || UUID.test(value)) return undefined
  const expected =
    'a Heroku Platform API token: HRKU- and at least 20 letters, digits, - or _, or an older token that is a bare UUID'
  if (value.startsWith('HRKU-'))
    return `${expected}; this has ${value.length - 5} characters after HRKU-: is it cut short, or wrapped onto two lines?`
  return expected
}

export const herokuFacts: ProviderFacts = {
  id: 'heroku',
  name: 'Heroku',
  aliases: ['heroku.com', 'heroku-platform-api'],
  // Not heroku_postgres_connection_url: a database URL is no Platform API token.
  alertNames: /\bheroku\b(?!.*\b(?:postgres|database|connection)\b)/i,
  // GitHub's native type for Heroku Platform API tokens (Supported secret scanning patterns).
  secretTypes: ['heroku_platform_api_oauth2_token'],
  defaultBaseUrl: 'https://api.heroku.com',
  // The leaked token finds its own authorization and deletes it: no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage:
    'the Heroku Dashboard > Account settings > Applications (or `heroku authorizations:create`)',
  // heroku/platform-api schema.json, oauth-authorization "Create" (README, Create).
  createCall:
    "`POST /oauth/authorizations` with the leaked authorization's scope and remaining lifetime, by the leaked token itself",
  tokenHelp:
    'nothing: the leaked token revokes its own authorization; if it cannot (its scope may not manage authorizations), revoke it in the Heroku Dashboard (Account settings, Applications) or with `heroku authorizations:revoke`',
  selfRevocation: true,
  probeDescription: '`GET /account` with the leaked token as a bearer must answer 401',
  ownsKeyFormat: (value) => value.startsWith('HRKU-'),
  // A bare-UUID token has no shape that names it (authorization ids are UUIDs too): the adapter
  // adds every token it reads to the redactor instead.
  keyShapes: [/(?<![A-Za-z0-9])HRKU-[A-Za-z0-9_-]{20,}/],
  checkId: () =>
    'nothing: the action finds the authorization from the token itself; give the token in `key`',
  checkValue,
  // 4,500 requests an hour per account (Platform API reference, rate limits): one call each
  // 800 ms, all of a run's calls together, stays within it.
  limits: {
    concurrency: 2,
    minIntervalMs: { call: 800 },
    publishedSpacingMs: 800
  }
}

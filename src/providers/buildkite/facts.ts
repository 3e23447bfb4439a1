import type { ProviderFacts } from '../types.js'

/** Buildkite's token prefixes (its token security page): `bkua_` is the API access token. */
const PREFIX = /^bk[a-z]{2}_/

/** What each other prefix the token security page documents is, for the refusal. */
const OTHER_TOKENS: Readonly<Record<string, string>> = {
  bkaa_: 'an agent session (access) token',
  bkaj_: 'an agent job token',
  bkar_: 'an unclustered agent (registration) token'
}

const EXPECTED = 'a Buildkite API access token (bkua_…)'

/** Requests a Buildkite user may make in a minute by default (REST API rate limits). */
export const REQUESTS_PER_MINUTE_PER_USER = 50

/** Why a value is not a token `DELETE /v2/access-token` can revoke; undefined when it may be. */
export function checkValue(value: string): string | undefined {
  const prefix = PREFIX.exec(value)?.[0]
  if (prefix && prefix !== 'bkua_')
    return `${EXPECTED}; this is ${OTHER_TOKENS[prefix] ?? `another kind of Buildkite token (${prefix})`}, which the access token API does not revoke: nothing was sent. Revoke or rotate it where it was made in the Buildkite organization (agents, clusters, packages, portals)`
  // bkua_ and token characters; a token made before March 2023 has no prefix and no documented
  // format: any run of token characters is sent, and only the token itself can be revoked.
  return /^[A-Za-z0-9._-]+$/.test(value) ? undefined : EXPECTED
}

export const buildkiteFacts: ProviderFacts = {
  id: 'buildkite',
  name: 'Buildkite',
  aliases: ['buildkite.com'],
  // Not its other tokens (agent, job, registration, cluster, packages, portal): the access token
  // API does not revoke them, so their alerts are left unmapped instead of sent anywhere.
  alertNames: /\bbuildkite\b(?!.*\b(?:agents?|job|registration|cluster|queue|packages?|portal)\b)/i,
  // GitHub's native type for Buildkite API access tokens (Supported secret scanning patterns).
  secretTypes: ['buildkite_user_access_token'],
  defaultBaseUrl: 'https://api.buildkite.com',
  // `DELETE /v2/access-token` revokes the token that authenticates it: no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'Buildkite > Personal Settings > API Access Tokens',
  tokenHelp:
    'nothing: the leaked token revokes itself; if it cannot, its owner revokes it under Personal Settings > API Access Tokens, or an organization administrator removes its access on the API Access Audit page',
  selfRevocation: true,
  probeDescription:
    '`GET /v2/access-token` with the leaked token as a bearer must answer 401 (undocumented for a revoked token: see the page)',
  ownsKeyFormat: (value) => PREFIX.test(value),
  keyShapes: [/(?<![A-Za-z0-9_])bk[a-z]{2}_[A-Za-z0-9._-]{20,}/],
  checkId: () =>
    'nothing: a Buildkite token is revoked by its value, with `DELETE /v2/access-token`; give the token itself in `key`',
  checkValue,
  // Every REST request counts against two limits, 200 a minute per organization and 50 a minute
  // per user by default: every call (probe or revoke) is spaced 1.2 s apart, as if every token
  // were one user's (the worst case).
  limits: {
    concurrency: 4,
    minIntervalMs: { api: 60_000 / REQUESTS_PER_MINUTE_PER_USER },
    publishedSpacingMs: 60_000 / REQUESTS_PER_MINUTE_PER_USER
  }
}

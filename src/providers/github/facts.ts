import type { ProviderFacts } from '../types.js'

/** Most credentials one request may carry (the operation's `maxItems`). */
export const MAX_PER_REQUEST = 1000

export const EXPECTED =
  'a GitHub token the credential revocation API takes: ghp_ (classic personal access token), github_pat_ (fine-grained), gho_ (OAuth app), ghu_ (GitHub App user-to-server) or ghr_ (GitHub App refresh token), then letters, digits or _, at most 255 characters in all'

/** Why a value cannot be one of the tokens `POST /credentials/revoke` takes, or undefined. */
function checkToken(value: string): string | undefined {
  if (value.startsWith('ghs_'))
    return `${EXPECTED}. This is a GitHub App installation token (ghs_), which that API does not take: it expires within an hour; to end it sooner, send \`DELETE /installation/token\` authenticated with the token itself, or suspend the app's installation`
  const prefix = /^(?:gh[pour]_|github_pat_)/.exec(value)?.[0]
  if (!prefix) return EXPECTED
  // GitHub's format: a type prefix, then [A-Za-z0-9_], up to 255 characters (2021 changelog).
  return /^[A-Za-z0-9_]{20,}$/.test(value.slice(prefix.length)) && value.length <= 255
    ? undefined
    : `${EXPECTED}; this has ${value.length} characters, ${value.length - prefix.length} after ${prefix}: is it cut short, or wrapped onto two lines?`
}

export const githubFacts: ProviderFacts = {
  id: 'github',
  name: 'GitHub',
  aliases: ['gh', 'github-token', 'github-pat'],
  // Native secret types cover GitHub's own token alerts. A custom pattern or type naming GitHub
  // maps here unless it names something the revocation API does not take (an installation
  // token, an SSH or private key, a test or sample token, a webhook or deploy key); a value
  // that is not one of its tokens then fails `checkValue`, saying what is expected.
  alertNames:
    /\bgithub\b(?!.*\b(?:installation|ssh|private key|test|sample|secret scanning|webhook|deploy)\b)/i,
  // The GitHub tokens `POST /credentials/revoke` takes (ghp_, github_pat_, gho_, ghu_, ghr_).
  // Not github_app_installation_access_token (ghs_), github_ssh_private_key, github_test_token.
  secretTypes: [
    'github_personal_access_token',
    'github_oauth_access_token',
    'github_refresh_token'
  ],
  defaultBaseUrl: 'https://api.github.com',
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'GitHub > Settings > Developer settings > Personal access tokens',
  tokenHelp: 'nothing: GitHub revokes a leaked token given only the token itself',
  inputs: { token: false, apiUrl: 'GITHUB_API_URL' },
  // The revocation takes the leaked token itself (in the body) and no credential at all.
  selfRevocation: true,
  probeDescription:
    '`GET /user` with the leaked token as a bearer token must answer 401 (a ghr_ refresh token cannot call the API, so it is revoked unverified)',
  // Every GitHub token prefix names GitHub alone; ghs_ too, so its refusal names the next step.
  ownsKeyFormat: (value) => /^(?:gh[pousr]_|github_pat_)/.test(value),
  keyShapes: [/(?<![A-Za-z0-9])(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/],
  checkId: () =>
    'no id: GitHub revokes a token by its value; give the token in `key` (or `key-from-input`)',
  checkValue: checkToken,
  // The engine gathers every token of the run that reached its delete into one request.

  limits: { concurrency: MAX_PER_REQUEST, batch: MAX_PER_REQUEST }
}

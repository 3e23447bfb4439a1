import type { ProviderFacts } from '../types.js'

/** Access tokens Slack documents: bot `xoxb-`, user `xoxp-`, rotating/config `xoxe.xoxb-`/`xoxe.xoxp-`. */
const ACCESS_TOKEN = /^(?:xoxe\.)?xox[bp]-[0-9A-Za-z-]+$/

/** Every Slack secret shape that names Slack: the ones this adapter can revoke and the others. */
const SLACK_SHAPE = /^(?:(?:xoxe\.)?xox[a-z]-|xoxe-|xapp-|https:\/\/hooks\.slack\.com\/)/

/** Why a value is not a Slack token this adapter can revoke; undefined when it is one. */
export function checkValue(value: string): string | undefined {
  if (ACCESS_TOKEN.test(value)) return undefined
  const token = 'a Slack access token (xoxb-…, xoxp-…, xoxe.xoxb-… or xoxe.xoxp-…)'
  if (value.startsWith('https://hooks.slack.com/'))
    return `${token}; this is a webhook URL, which auth.revoke cannot revoke: nothing was sent. Remove the webhook where it was made (the Slack app's Incoming Webhooks settings at api.slack.com/apps, or the workflow's webhook trigger)`
  if (value.startsWith('xoxe-'))
    return `${token}; this is a refresh token, which cannot authenticate auth.revoke and which Slack documents no way to revoke by value: revoke the access token it was issued with, or reinstall the app`
  if (value.startsWith('xapp-'))
    return `${token}; this is an app-level token, for which Slack documents no auth.revoke: revoke it in the app's settings at api.slack.com/apps (Basic Information, App-Level Tokens)`
  if (/^xox[a-z]-/.test(value))
    return `${token}; this token type is not one Slack documents for auth.revoke: revoke it at Slack (api.slack.com/apps, or the workspace's admin settings)`
  return token
}

export const slackFacts: ProviderFacts = {
  id: 'slack',
  name: 'Slack',
  aliases: ['slack.com'],
  // Also names Slack's webhook URL types: they map here and fail in checkValue with the next step.
  alertNames: /\bslack\b/i,
  // GitHub's native type for Slack tokens (Supported secret scanning patterns).
  secretTypes: ['slack_api_token'],
  defaultBaseUrl: 'https://slack.com',
  // Slack documents no credential that revokes another token by its value: no token input.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the app's settings at api.slack.com/apps (OAuth & Permissions)",
  tokenHelp:
    "nothing: the leaked token revokes itself; if it cannot, revoke it in the app's settings at api.slack.com/apps",
  selfRevocation: true,
  probeDescription:
    '`POST /api/auth.test` with the leaked token as a bearer must answer `ok: false` with `invalid_auth`, `token_revoked`, `account_inactive` or `not_authed`',
  ownsKeyFormat: (value) => SLACK_SHAPE.test(value),
  keyShapes: [
    /(?<![A-Za-z0-9])(?:xoxe\.)?xox[a-z]-[A-Za-z0-9-]{10,}/,
    /(?<![A-Za-z0-9])(?:xoxe|xapp)-[A-Za-z0-9-]{10,}/,
    /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/
  ],
  checkId: () =>
    'nothing: a Slack token has no id that can revoke it. Give the token itself in `key` (it revokes itself with auth.revoke)',
  checkValue,
  // auth.revoke is Tier 3, 50+ per minute per app and workspace (Slack's rate-limit page):
  // one revoke every 1.2 s stays inside it whoever the tokens belong to. auth.test has
  // "special" limits with no figure: it is not paced, a 429 is retried after Retry-After.
  // Tier 3, 50+ a minute per app and workspace; that auth.revoke is Tier 3 is unconfirmed
  // (src/providers/slack/README.md).

  limits: { concurrency: 4, minIntervalMs: { delete: 1200 }, publishedSpacingMs: 1200 }
}

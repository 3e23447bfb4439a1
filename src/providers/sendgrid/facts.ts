import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'

/** A SendGrid API key: `SG.<api key id>.<secret>`. */
export const KEY = /^SG\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,128})$/

/** An API key id, as the list and the create answer give it (`qfTQ6KG0QBiwWdJ0-pCLCA`). */
export const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/

/** "Twilio SendGrid API keys are 69 characters long." */
export const KEY_LENGTH = 69

export const sendgridFacts: ProviderFacts = {
  id: 'sendgrid',
  name: 'SendGrid',
  aliases: ['twilio-sendgrid'],
  alertNames: /\bsend[\s._-]?grid\b/i,
  secretTypes: ['sendgrid_api_key'],
  defaultBaseUrl: 'https://api.sendgrid.com',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'SendGrid > Settings > API Keys',
  createCall: "`POST /v3/api_keys` with the old key's scopes",
  tokenHelp:
    'a SendGrid API key allowed to read and delete API keys (`api_keys.read` and `api_keys.delete`, or Full Access), created at Settings > API Keys',
  // A key could delete itself only if it may manage API keys, which a sending key rarely may:
  // the credential is required.
  selfRevocation: false,
  probeDescription:
    '`GET /v3/scopes` with the leaked key must answer 401 after it answered 200 before the delete',
  ownsKeyFormat: (value) => KEY.test(value),
  keyShapes: [/(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,128}/],
  checkId: (id) =>
    KEY_ID.test(id)
      ? undefined
      : 'the API key id (letters, digits, - or _), as `GET /v3/api_keys` lists it',
  checkValue: (value) => {
    if (/\s/.test(value))
      return 'a SendGrid API key on one line, without spaces (is it wrapped onto two lines?)'
    if (!KEY.test(value)) return 'a SendGrid API key: SG.<key id>.<secret>'
    return value.length === KEY_LENGTH
      ? undefined
      : wholeKey(`a key of ${KEY_LENGTH} characters`, value.length, 'its API key id')
  },
  // No numbers published for the API key endpoints (rate limits page: a fixed number per
  // endpoint and refresh period, shown in X-RateLimit-* headers): paced conservatively, at
  // most 4 calls a second with the management key.
  limits: { concurrency: 2, minIntervalMs: { delete: 250, list: 250 } }
}

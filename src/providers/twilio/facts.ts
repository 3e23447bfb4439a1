import type { ProviderFacts } from '../types.js'

/** An API key SID (`^SK[0-9a-fA-F]{32}$`, the Key resource's `sid`). */
export const KEY_SID = /^SK[0-9a-fA-F]{32}$/

/** An account SID (`^AC[0-9a-fA-F]{32}$`). */
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/

/** A leaked key as people paste it: `SK…:secret`. (The SID alone is an id: `key-id`.) */
const VALUE = /^(SK[0-9a-fA-F]{32}):([A-Za-z0-9]{1,128})$/

export interface KeyValue {
  sid: string
  secret: string
}

export function parseValue(value: string): KeyValue | undefined {
  const match = VALUE.exec(value)
  return match?.[1] && match[2] ? { sid: match[1], secret: match[2] } : undefined
}

/**
 * The management credential, `twilio-token`: `ACCOUNT_SID:AUTH_TOKEN`, or a Main key with its
 * account, `ACCOUNT_SID:MAIN_KEY_SID:MAIN_KEY_SECRET`. Basic auth takes the account SID and auth
 * token, or the Main key's SID and secret; the paths take the account SID.
 */
export interface TwilioCredential {
  accountSid: string
  user: string
  password: string
}

const AUTH_TOKEN = /^[A-Za-z0-9]{8,128}$/

export function parseCredential(token: string): TwilioCredential | undefined {
  const parts = token.split(':')
  const [accountSid = '', a = '', b] = parts
  if (!ACCOUNT_SID.test(accountSid)) return undefined
  if (parts.length === 2 && AUTH_TOKEN.test(a)) return { accountSid, user: accountSid, password: a }
  if (parts.length === 3 && KEY_SID.test(a) && b !== undefined && AUTH_TOKEN.test(b))
    return { accountSid, user: a, password: b }
  return undefined
}

export const CREDENTIAL_FORM =
  '`ACCOUNT_SID:AUTH_TOKEN` (AC… and the auth token) or `ACCOUNT_SID:MAIN_KEY_SID:MAIN_KEY_SECRET` (a Main API key, SK…, with its account SID)'

export const twilioFacts: ProviderFacts = {
  id: 'twilio',
  name: 'Twilio',
  aliases: [],
  // API keys only: a name that says auth token, account SID or access token is something
  // this adapter cannot delete.
  alertNames:
    /^(?!.*\b(?:auth|account|sid|access|sendgrid|segment|authy|verify|flex)\b).*\btwilio\b/i,
  secretTypes: ['twilio_api_key'],
  defaultBaseUrl: 'https://api.twilio.com',
  // The IAM v1 Key resource (a replacement's fetch, list and create) is on its own host.
  serviceUrls: { iam: 'https://iam.twilio.com' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'the Twilio Console > Account > API keys & tokens',
  // Key resource v1 (twilio/twilio-oai spec/yaml/twilio_iam_v1.yaml, CreateNewKey; Key v1 page):
  // the v2010 create "doesn't support creating Restricted API keys" (Key v2010 page).
  createCall:
    "IAM v1 `POST /v1/Keys` with the old key's kind (Standard, or Restricted with its `Policy`)",
  tokenHelp: `${CREDENTIAL_FORM}; only these may manage API keys (a Standard key may not)`,
  // A Standard or Restricted key may not use the Keys resource, so a leaked key cannot delete
  // itself: the credential is required.
  selfRevocation: false,
  probeDescription:
    '`GET /2010-04-01/Accounts/{AccountSid}/Usage/Records.json?PageSize=1` with the leaked `SK…:secret` must answer 401 after it answered 200 before the delete (a SID alone in `key-id`: the delete answers 204 and `GET …/Keys/{Sid}.json` then answers 404)',
  ownsKeyFormat: (value) => VALUE.test(value),
  keyShapes: [/(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}:[A-Za-z0-9]{32}(?![A-Za-z0-9])/],
  checkId: (id) =>
    KEY_SID.test(id) ? undefined : 'an API key SID: SK followed by 32 hexadecimal characters',
  checkValue: (value) => {
    if (/\s/.test(value))
      return 'a Twilio API key on one line, without spaces (is it wrapped onto two lines?)'
    if (/^AC[0-9a-fA-F]{32}/.test(value))
      return 'a Twilio API key (SK…:secret); an account SID or auth token is not an API key, and this action does not rotate auth tokens'
    if (KEY_SID.test(value))
      return 'a Twilio API key as `SK…:secret`; this is its SID alone, which authenticates nothing: give it in `key-id` instead'
    return parseValue(value)
      ? undefined
      : 'a Twilio API key as `SK…:secret` (its SID, SK and 32 hexadecimal characters, a colon and its secret)'
  },
  checkToken: (token) => (parseCredential(token) ? undefined : CREDENTIAL_FORM),
  // No number is published for the Keys resource: paced conservatively, at most 4 calls a
  // second with the management credential, 2 keys at once.
  limits: { concurrency: 2, minIntervalMs: { delete: 250, list: 250 } }
}

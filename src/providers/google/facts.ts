import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'
import { readKeyFile, secretForms } from './sa-key.js'

/**
 * A Google API key: `AIza` and 35 letters, digits, `-` or `_` (39 characters), the shape GitHub's
 * `google_api_key` pattern and every public scanner look for (README, "Key format").
 */
export const API_KEY = /^AIza[0-9A-Za-z_-]{35}$/
export const API_KEY_LENGTH = 39

/**
 * An API key's resource name, `projects/{project}/locations/global/keys/{key}`: the Discovery
 * document's pattern `^projects/[^/]+/locations/[^/]+/keys/[^/]+$`, with `global`, "the only
 * supported value for location". The project is a number or an id; the key id is a UUID or a
 * user-chosen id of at most 63 characters (keys.create `keyId`).
 */
export const API_KEY_NAME =
  /^projects\/([a-z0-9][a-z0-9-]{0,62})\/locations\/global\/keys\/([A-Za-z0-9-]{1,63})$/

/**
 * A service account key's resource name, `projects/{project}/serviceAccounts/{email}/keys/{key}`:
 * the IAM Discovery pattern `^projects/[^/]+/serviceAccounts/[^/]+/keys/[^/]+$`, with the
 * project named (never the `-` wildcard, which "can cause response messages to contain
 * misleading error codes": a 403 for a 404), the account by its email, and the key by its
 * `private_key_id` (40 hexadecimal characters, as key files hold it).
 */
export const SA_KEY_NAME =
  /^projects\/((?!-\/)[a-z0-9][a-z0-9.:-]{0,99})\/serviceAccounts\/([a-z0-9][a-z0-9.-]{0,99}@[a-z0-9.-]{1,200})\/keys\/([0-9a-f]{40})$/

/** Where Google documents the JWT bearer token exchange (the JWT's `aud`, whatever the origin). */
export const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token'

/** A long-running operation of the API Keys API: `operations/{id}` (operations.get pattern). */
export const OPERATION_NAME = /^operations\/[^/]{1,200}$/

export const googleFacts: ProviderFacts = {
  id: 'google',
  name: 'Google Cloud',
  aliases: ['gcp', 'google-cloud'],
  // Only API keys: a name that also says service account, OAuth, storage or HMAC is a
  // credential this adapter does not revoke.
  // API keys and service account key files: a name that also says OAuth, storage, HMAC or
  // Gemini is a credential this adapter does not revoke.
  alertNames:
    /^(?!.*\b(?:oauth|client|storage|hmac|refresh|firebase|recaptcha|gemini|bound)\b).*\b(?:google|gcp)\b/i,
  secretTypes: ['google_api_key', 'google_cloud_service_account_credentials'],
  defaultBaseUrl: 'https://apikeys.googleapis.com',
  serviceUrls: { iam: 'https://iam.googleapis.com', oauth2: 'https://oauth2.googleapis.com' },
  tokenHelp:
    'a Google OAuth 2.0 access token allowed to manage the key in its project (`roles/serviceusage.apiKeysAdmin` for API keys, `roles/iam.serviceAccountKeyAdmin` for service account keys), for example from google-github-actions/auth with `token_format: access_token`',
  // Neither an API key nor a service account key may delete itself here: every call that
  // changes a key is made with `google-token`.
  selfRevocation: false,
  revocationWords: {
    done: 'Deleted (a deleted API key stays restorable for 30 days with keys.undelete; a service account key is disabled first, then deleted)',
    verb: 'delete',
    noun: 'delete'
  },
  probeDescription:
    'API key: `keys.get` (`GET /v2/{name}`, with `google-token`) of the key `keys.lookupKey` names must show a `deleteTime`, after it showed none before the delete. Service account key: the JWT bearer token exchange (`POST /token`) signed with the leaked private key must be refused (`invalid_grant`) after it was accepted before',
  restoreHelp:
    'a deleted API key can be restored for 30 days: `POST /v2/{name}:undelete` (`gcloud services api-keys undelete`); a deleted service account key cannot be restored: create a new key for the account',
  ownsKeyFormat: (value) => API_KEY.test(value) || readKeyFile(value) !== undefined,
  takesLongValue: (value) => readKeyFile(value) !== undefined,
  secretForms: (value) => {
    const file = readKeyFile(value)
    return file ? secretForms(file) : []
  },
  keyShapes: [
    /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/,
    // A private key block, in a file or JSON-escaped (`\n`), whoever's it is.
    /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]{0,6000}?-----END (?:RSA )?PRIVATE KEY-----/
  ],
  checkId: (id) =>
    API_KEY_NAME.test(id) || SA_KEY_NAME.test(id)
      ? undefined
      : 'an API key resource name, `projects/<project number or id>/locations/global/keys/<key id>` (as `gcloud services api-keys list` shows it), or a service account key resource name, `projects/<project id>/serviceAccounts/<email>/keys/<private_key_id>` (the project named, not `-`)',
  checkValue: (value) => {
    const text = value.trim()
    if (text.startsWith('{') || /^ey[IJ]/.test(text) || /^ewo/.test(text))
      return readKeyFile(text)
        ? undefined
        : 'a service account key file: its JSON, or the JSON as base64 on one line (`base64 -w0 key.json`), with type service_account, project_id, private_key_id, private_key and client_email'
    if (/\s/.test(value))
      return 'a Google API key on one line, without spaces (is it wrapped onto two lines?)'
    if (!value.startsWith('AIza'))
      return 'a Google API key (`AIza` followed by 35 letters, digits, - or _) or a service account key file as base64 on one line'
    if (value.length !== API_KEY_LENGTH)
      return wholeKey(`a key of ${API_KEY_LENGTH} characters`, value.length, 'its resource name')
    return API_KEY.test(value)
      ? undefined
      : 'a Google API key: `AIza` followed by 35 letters, digits, - or _'
  },
  // Google publishes no per-method figure for the API Keys and IAM APIs that this work could
  // read: paced conservatively, two at once and at most two calls a second with `google-token`,
  // every call on one budget.
  limits: { concurrency: 2, minIntervalMs: { call: 500 } }
}

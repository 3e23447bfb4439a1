import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'

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

/** A long-running operation of the API Keys API: `operations/{id}` (operations.get pattern). */
export const OPERATION_NAME = /^operations\/[^/]{1,200}$/

export const googleFacts: ProviderFacts = {
  id: 'google',
  name: 'Google Cloud',
  aliases: ['gcp', 'google-cloud'],
  // Only API keys: a name that also says service account, OAuth, storage or HMAC is a
  // credential this adapter does not revoke.
  alertNames:
    /^(?!.*\b(?:service|account|oauth|client|storage|hmac|refresh|firebase|recaptcha|gemini)\b).*\b(?:google|gcp)\b/i,
  secretTypes: ['google_api_key'],
  defaultBaseUrl: 'https://apikeys.googleapis.com',
  tokenHelp:
    "a Google OAuth 2.0 access token allowed to look up, read and delete API keys in the key's project (`roles/serviceusage.apiKeysAdmin`), for example from google-github-actions/auth with `token_format: access_token`",
  // An API key cannot manage API keys: every call is made with `google-token`.
  selfRevocation: false,
  probeDescription:
    '`keys.get` (`GET /v2/{name}`, with `google-token`) of the key `keys.lookupKey` names must show a `deleteTime`, after it showed none before the delete',
  restoreHelp:
    "a deleted API key can be restored for 30 days: `POST /v2/{name}:undelete` (`gcloud services api-keys undelete`), or the Cloud console's deleted keys list",
  ownsKeyFormat: (value) => API_KEY.test(value),
  keyShapes: [/(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/],
  checkId: (id) =>
    API_KEY_NAME.test(id)
      ? undefined
      : 'an API key resource name, `projects/<project number or id>/locations/global/keys/<key id>`, as `gcloud services api-keys list` shows it',
  checkValue: (value) => {
    if (/\s/.test(value))
      return 'a Google API key on one line, without spaces (is it wrapped onto two lines?)'
    if (!value.startsWith('AIza'))
      return 'a Google API key: `AIza` followed by 35 letters, digits, - or _'
    if (value.length !== API_KEY_LENGTH)
      return wholeKey(`a key of ${API_KEY_LENGTH} characters`, value.length, 'its resource name')
    return API_KEY.test(value)
      ? undefined
      : 'a Google API key: `AIza` followed by 35 letters, digits, - or _'
  },
  // Google publishes no per-method figure for the API Keys API that this work could read: paced
  // conservatively, two at once and at most two calls a second with `google-token`, every call
  // on one budget (they all go to one project's quota).
  limits: { concurrency: 2, minIntervalMs: { call: 500 } }
}

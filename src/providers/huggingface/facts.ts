import type { ProviderFacts } from '../types.js'

/**
 * Tokens one `POST /api/credentials/revoke` request carries: huggingface_hub's `revoke_tokens()`
 * "sends tokens in batches of 1000" (its v2.5.0 release notes). The Hub's own page gives no cap.
 */
export const MAX_PER_REQUEST = 1000

const EXPECTED = 'a Hugging Face user access token (hf_ and at least 30 letters or digits)'

/** Why a value cannot be a token the Hub's revocation endpoint takes; undefined when it can. */
export function checkValue(value: string): string | undefined {
  if (value.startsWith('api_org_'))
    return `${EXPECTED}. This is an organization API token (api_org_), which Hugging Face has deprecated and does not document for its revocation endpoint: delete it in the organization's settings`
  if (!value.startsWith('hf_')) return EXPECTED
  const body = value.slice(3)
  if (!/^[A-Za-z0-9]+$/.test(body)) return EXPECTED
  return body.length >= 30 && body.length <= 64
    ? undefined
    : `${EXPECTED}; this has ${body.length} after hf_: is it cut short, or wrapped onto two lines?`
}

export const huggingfaceFacts: ProviderFacts = {
  id: 'huggingface',
  name: 'Hugging Face',
  aliases: ['hf', 'hugging-face', 'huggingface.co'],
  alertNames: /\bhugging\s?face\b/i,
  // GitHub's native type for Hugging Face user tokens. Not hf_org_api_key: the revocation
  // endpoint's page speaks of access tokens only (see README.md).
  secretTypes: ['hf_user_access_token'],
  defaultBaseUrl: 'https://huggingface.co',
  // The revocation takes the tokens themselves (in the body) and no credential at all.
  inputs: { token: false, apiUrl: 'input' },
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'huggingface.co/settings/tokens',
  tokenHelp:
    'nothing: Hugging Face revokes a leaked token given only the token itself; its owner can also delete it at huggingface.co/settings/tokens',
  selfRevocation: true,
  probeDescription:
    '`GET /api/whoami-v2` with the leaked token as a bearer must answer 401 (the revocation answers 202 to any list, so only this proves anything)',
  ownsKeyFormat: (value) => value.startsWith('hf_'),
  keyShapes: [/(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/, /(?<![A-Za-z0-9])api_org_[A-Za-z0-9]{20,}/],
  checkId: () =>
    'nothing: Hugging Face revokes a token by its value; give the token itself in `key`',
  checkValue,
  // The engine gathers every token of the run that reached its delete into one request. The
  // request is anonymous: 500 API requests per 5 minutes per IP address (Hub rate limits page),
  // one every 600 ms.
  limits: {
    concurrency: MAX_PER_REQUEST,
    batch: MAX_PER_REQUEST,
    minIntervalMs: { delete: 600 },
    publishedSpacingMs: 600
  }
}

import type { ProviderFacts } from '../types.js'

// A key id alone does not say where the key lives, so `key-id` names it whole:
// `<project id>:<key id>` for a project key, `admin:<key id>` for an admin key.
export const PART = /^[A-Za-z0-9_-]{1,100}$/

export const ADMIN = 'admin'

/** Which key a `key-id` names. */
export type KeyRef =
  { kind: 'admin'; keyId: string } | { kind: 'project'; projectId: string; keyId: string }

export function parseKeyId(id: string): KeyRef | undefined {
  const parts = id.split(':')
  if (parts.length !== 2) return undefined
  const [scope = '', keyId = ''] = parts
  if (!PART.test(scope) || !PART.test(keyId)) return undefined
  return scope === ADMIN ? { kind: 'admin', keyId } : { kind: 'project', projectId: scope, keyId }
}

export const openaiFacts: ProviderFacts = {
  id: 'openai',
  name: 'OpenAI',
  aliases: ['open-ai'],
  // GitHub's own type is in `secretTypes`. A custom pattern naming OpenAI maps here too, but
  // never one for something this adapter cannot delete (a webhook secret, an Azure OpenAI key,
  // an organization or project id) or another service's key (OpenRouter).
  alertNames:
    /^(?!.*\b(?:azure|webhook|whsec|signing|org(?:anization)?[\s._-]?id|project[\s._-]?id)\b).*\bopen[\s._-]?ai\b/i,
  secretTypes: ['openai_api_key'],
  defaultBaseUrl: 'https://api.openai.com',
  // `x-request-id`: "unique identifier for this API request (used in troubleshooting)" (API
  // reference overview, "Debugging requests": https://platform.openai.com/docs/api-reference/debugging-requests).
  requestIdHeaders: ['x-request-id'],
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'the OpenAI API Platform dashboard > API keys (admin keys: Admin keys)',
  createCall: '`POST /v1/organization/admin_api_keys` (admin keys only)',
  tokenHelp:
    'an OpenAI admin API key (sk-admin-…), which only organization owners can create (API Platform dashboard > Admin keys)',
  // An API key is never given the Administration API (admin keys cannot call anything else),
  // and nothing documents a key deleting itself: the admin key is always required.
  selfRevocation: false,
  probeDescription:
    '`GET /v1/models` (an admin key: `GET /v1/organization/admin_api_keys?limit=1`) with the leaked key must answer 401 "Incorrect API key provided"',
  // Prefixes that name OpenAI and no other provider here (Braintrust and CometAPI keys are
  // `sk-` and letters or digits; Anthropic's are `sk-ant-`).
  // Admin keys (`sk-admin-…`, ids `admin:<key id>`) manage the whole organization; the others
  // reach one project. The prefixes are those OpenAI issues (API keys page; Admin API keys).
  keyKind: ({ id, value }) => {
    if (value?.startsWith('sk-admin-') || parseKeyId(id ?? '')?.kind === 'admin') return 'admin'
    if (value?.startsWith('sk-svcacct-')) return 'service-account'
    if (value?.startsWith('sk-proj-') || parseKeyId(id ?? '')?.kind === 'project') return 'project'
    return undefined
  },
  ownsKeyFormat: (value) => /^sk-(?:proj|admin|svcacct)-[A-Za-z0-9_-]{8,}$/.test(value),
  keyShapes: [/(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}/],
  checkId: (id) =>
    parseKeyId(id)
      ? undefined
      : '`<project id>:<key id>` for a project key (proj_abc:key_abc) or `admin:<key id>` for an admin key (admin:key_abc)',
  checkValue: (value) => {
    if (/^sk-ant-/.test(value)) return 'an OpenAI key (sk-…); sk-ant-… is an Anthropic key'
    return /^sk-[A-Za-z0-9_-]{8,}$/.test(value)
      ? undefined
      : 'an OpenAI key: sk- followed by letters, digits, - or _ (sk-proj-…, sk-admin-…, sk-svcacct-… or a legacy sk-…)'
  },

  limits: { concurrency: 4 }
}

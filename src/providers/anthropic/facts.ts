import type { ProviderFacts } from '../types.js'

export const ID = /^apikey_[A-Za-z0-9]{1,64}$/

export const anthropicFacts: ProviderFacts = {
  id: 'anthropic',
  name: 'Anthropic',
  aliases: ['claude'],
  // GitHub's Anthropic Session ID is no API key: it is left to `secret-types` (and refused there).
  alertNames: /^(?!.*\bsession\b).*\banthropic\b/i,
  // The admin key type maps here too, so that a leaked admin key fails loudly (see checkValue).
  secretTypes: ['anthropic_api_key', 'anthropic_admin_api_key'],
  defaultBaseUrl: 'https://api.anthropic.com',
  // Every answer carries `request-id`, "a globally unique identifier for the request" (API overview,
  // "Response headers": https://docs.anthropic.com/en/api/overview).
  requestIdHeaders: ['request-id'],
  revocationWords: {
    done: "Deactivated (status inactive; Anthropic's Admin API does not delete keys)",
    verb: 'deactivate',
    noun: 'deactivation'
  },
  restoreHelp:
    'set its status back to active (the Admin API\'s update, `POST /v1/organizations/api_keys/{id}` with `{"status": "active"}`, or the Claude Console > API keys)',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'Claude Console > Settings > API keys',
  tokenHelp:
    'an Anthropic Admin API key (sk-ant-admin…; Claude Console > Settings > Admin keys, created by an organization admin), not an sk-ant-api key',
  // An API key cannot call the Admin API: only an Admin API key can deactivate it.
  selfRevocation: false,
  probeDescription:
    '`GET /v1/models?limit=1` with the leaked key as `x-api-key` must answer 401 (after the key was set to status `inactive`: the Admin API does not delete keys)',
  ownsKeyFormat: (value) => value.startsWith('sk-ant-'),
  keyShapes: [/(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,}/],
  checkId: (id) =>
    ID.test(id)
      ? undefined
      : 'the API key id: apikey_ and letters or digits (Claude Console > API keys, or the Admin API)',
  checkValue: (value) => {
    if (value.startsWith('sk-ant-admin'))
      return "an Anthropic API key (sk-ant-api…), and this is an Admin API key (sk-ant-admin…), which Anthropic's Admin API cannot deactivate: delete it by hand now in the Claude Console > Settings > Admin keys"
    if (!/^sk-ant-api/.test(value)) return 'an Anthropic API key (sk-ant-api…)'
    return /^sk-ant-api[A-Za-z0-9_-]+$/.test(value)
      ? undefined
      : 'an Anthropic API key: sk-ant-api followed only by letters, digits, - and _'
  },

  limits: { concurrency: 4 }
}

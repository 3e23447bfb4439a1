import type { ProviderFacts } from '../types.js'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const braintrustFacts: ProviderFacts = {
  id: 'braintrust',
  name: 'Braintrust',
  aliases: [],
  alertNames: /braintrust/i,
  defaultBaseUrl: 'https://api.braintrust.dev',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'braintrust.dev > Settings > API keys',
  tokenHelp:
    'a Braintrust API key of an organization owner or admin (braintrust.dev > Settings > API keys)',
  // Keys inherit their creator's permissions; self-deletion is undocumented.
  selfRevocation: false,
  probeDescription: '`GET /v1/project?limit=1` with the leaked key must answer 401',
  keyShapes: [/(?<![A-Za-z0-9])(?:sk|bt-st)-[A-Za-z0-9]{16,128}/],
  checkId: (id) => (UUID.test(id) ? undefined : 'the key uuid (8-4-4-4-12 hex digits)'),
  checkValue: (value) =>
    /^(sk-|bt-st-)[A-Za-z0-9]{16,128}$/.test(value)
      ? undefined
      : 'a Braintrust key (sk-… or bt-st-…)',

  limits: { concurrency: 4 }
}

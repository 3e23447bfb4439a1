import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'

export const cometapiFacts: ProviderFacts = {
  id: 'cometapi',
  name: 'CometAPI',
  aliases: ['comet', 'comet-api'],
  alertNames: /\bcomet(?:[\s._-]?api)?\b/i,
  defaultBaseUrl: 'https://api.cometapi.com',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'cometapi.com > Console > API keys',
  tokenHelp:
    'a CometAPI personal access token (cometapi.com > Console > Personal Settings), not an sk- key',
  // An sk- model key can never delete itself: only the access token can.
  selfRevocation: false,
  probeDescription: '`GET /v1/models` with the leaked key as a bearer token must answer 401',
  keyShapes: [/(?<![A-Za-z0-9])sk-[A-Za-z0-9]{48}/],
  checkId: (id) =>
    /^[1-9]\d{0,15}$/.test(id) ? undefined : 'the numeric key id (a whole number >= 1)',
  // sk- and 48 letters or digits (CometAPI's key format): anything else is not a whole key.
  checkValue: (value) => {
    if (!value.startsWith('sk-')) return 'a CometAPI key (sk- and 48 letters or digits)'
    const body = value.slice(3)
    return /^[A-Za-z0-9]{48}$/.test(body)
      ? undefined
      : wholeKey('sk- and 48 letters or digits', body.length, 'its numeric id')
  },

  limits: { concurrency: 4 }
}

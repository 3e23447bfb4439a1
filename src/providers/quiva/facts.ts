import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'

export const KEY = /^msr?-[0-9a-f]{32}$/

export const quivaFacts: ProviderFacts = {
  id: 'quiva',
  name: 'quiva.ai',
  aliases: ['quiva.ai', 'quivaai', 'quiva-ai'],
  alertNames: /quiva/i,
  defaultBaseUrl: 'https://api.quiva.ai',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'app.quiva.ai',
  tokenHelp:
    'a quiva.ai API key (ms-…) or session token of the account that owns the key (app.quiva.ai)',
  selfRevocation: true,
  probeDescription: '`GET /accounts/info` with the leaked key in `X-Api-Key` must answer 401',
  ownsKeyFormat: (value) => KEY.test(value),
  keyShapes: [/(?<![A-Za-z0-9])msr?-[0-9a-fA-F]{32}/],
  checkId: (id) =>
    /^[A-Za-z0-9_-]{1,128}$/.test(id)
      ? undefined
      : 'the key id from the key list (letters, digits, - or _)',
  // ms- or msr- and 32 hex characters (quiva.ai's docs): anything else is not a whole key.
  checkValue: (value) => {
    if (!/^msr?-/.test(value)) return 'a quiva.ai key (ms-… or msr-…)'
    const body = value.replace(/^msr?-/, '')
    return /^[0-9a-fA-F]{32}$/.test(body)
      ? undefined
      : wholeKey('ms- or msr- and 32 hex characters', body.length, 'its id from the key list')
  },

  limits: { concurrency: 4 }
}

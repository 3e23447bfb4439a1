import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'

export const KEY = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{8,256})$/

// Every key seen has an 8-character alphanumeric prefix and a 32-character secret (assumed:
// lengths are undocumented). A value of that family with a shorter or longer secret is a cut
// or wrapped copy, refused before it reaches Baseten.
const SEEN_FAMILY = /^[A-Za-z0-9]{8}\.[A-Za-z0-9]+$/

const SEEN_SECRET_LENGTH = 32

export const basetenFacts: ProviderFacts = {
  id: 'baseten',
  name: 'Baseten',
  aliases: [],
  alertNames: /baseten/i,
  defaultBaseUrl: 'https://api.baseten.co',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'app.baseten.co > Settings > API keys',
  createCall: "`POST /v1/api_keys` with the old key's type and models",
  tokenHelp:
    'a Baseten personal or workspace "manage all" API key (app.baseten.co > Settings > API keys)',
  selfRevocation: true,
  probeDescription: '`GET /v1/models` with the leaked key must answer 401',
  ownsKeyFormat: (value) => KEY.test(value),
  // The seen family: an 8-character prefix, a dot, a 32-character secret.
  keyShapes: [/(?<![A-Za-z0-9])[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}(?![A-Za-z0-9])/],
  checkId: (id) =>
    /^[A-Za-z0-9_-]{1,64}$/.test(id) ? undefined : 'the key prefix (letters, digits, - or _)',
  checkValue: (value) => {
    if (!KEY.test(value)) return 'a Baseten key of the form <prefix>.<secret>'
    const secret = value.length - value.indexOf('.') - 1
    return SEEN_FAMILY.test(value) && secret !== SEEN_SECRET_LENGTH
      ? wholeKey(
          `a ${SEEN_SECRET_LENGTH}-character secret after the dot`,
          secret,
          'its prefix (the part before the dot)'
        )
      : undefined
  },
  // 100 requests/s per key and endpoint: deletes with one management key share it, so they
  // start at most every 11 ms (91/s), leaving room for network jitter.
  // 100 requests a second per key and endpoint (src/providers/baseten/README.md): deletes with one
  // management key share it; the adapter keeps 1 ms of margin.

  limits: { concurrency: 8, minIntervalMs: { delete: 11 }, publishedSpacingMs: 10 }
}

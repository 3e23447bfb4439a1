import { wholeKey } from '../answers.js'
import type { ProviderFacts } from '../types.js'

const KEY_HEX_LENGTH = 64

export const vastaiFacts: ProviderFacts = {
  id: 'vastai',
  name: 'Vast.ai',
  aliases: ['vast', 'vast.ai', 'vast-ai'],
  alertNames: /\bvast(?:[\s._-]?ai)?\b/i,
  defaultBaseUrl: 'https://console.vast.ai',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'console.vast.ai > Keys',
  createCall: "`POST /api/v0/auth/apikeys/` with the old key's permissions",
  tokenHelp:
    'a Vast.ai API key with full access or the user_write permission (console.vast.ai > Keys)',
  selfRevocation: true,
  probeDescription: '`GET /api/v0/users/current/` with the leaked key must answer 401',
  // Every key seen is 64 hex characters (see checkValue).
  keyShapes: [/(?<![0-9A-Fa-f])[0-9a-fA-F]{64}(?![0-9A-Fa-f])/],
  checkId: (id) => (/^[1-9]\d{0,15}$/.test(id) ? undefined : 'a whole number >= 1'),
  // Undocumented; every key seen is 64 hex characters. Only an all-hex value of another
  // length is refused (a cut or wrapped copy); any other shape goes to Vast.ai to judge.
  checkValue: (value) =>
    /^[0-9a-fA-F]+$/.test(value) && value.length !== KEY_HEX_LENGTH
      ? wholeKey(`${KEY_HEX_LENGTH} hex characters`, value.length, 'its numeric id')
      : undefined,
  // Delete threshold 2.0 s and list 1.0 s between calls (Vast.ai rate-limit page), which
  // Vast.ai measures as calls arrive: counted from the previous call's answer.

  limits: {
    concurrency: 2,
    minIntervalMs: { delete: 2000, list: 1000 },
    // One delete per 2.0 s per identity (src/providers/vastai/README.md).
    publishedSpacingMs: 2000,
    fromAnswer: ['delete', 'list']
  }
}

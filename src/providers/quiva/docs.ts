import type { ProviderDocs } from '../types.js'

/** What the generated docs say about quiva (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'key id',
  ownFormat: '`ms-`/`msr-`',
  credential: {
    where: 'app.quiva.ai: an API key (`ms-…`), or a session token',
    allowed:
      'A full `ms-` key (not a restricted `msr-` key) or session token of the account that owns the leaked keys',
    without: 'The leaked `ms-` key deletes itself (not confirmed by quiva.ai); `msr-` keys may not'
  }
}

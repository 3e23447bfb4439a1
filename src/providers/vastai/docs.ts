import type { ProviderDocs } from '../types.js'

/** What the generated docs say about vastai (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'integer id',
  credential: {
    where: 'console.vast.ai > Keys: create an API key',
    allowed:
      'Full access, or a scoped key with the `user_write` permission; of the account that owns the leaked keys',
    without: 'A full-access leaked key deletes itself; a scoped one without `user_write` cannot'
  }
}

import type { ProviderDocs } from '../types.js'

/** What the generated docs say about braintrust (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'uuid',
  apiUrl: 'self-hosted data planes',
  credential: {
    where: 'braintrust.dev > Settings > API keys',
    allowed:
      "An API key of an organization owner or admin (a key carries its creator's permissions)",
    without:
      'Required: Braintrust does not document whether a key may delete itself, so the action never tries'
  }
}

import type { ProviderDocs } from '../types.js'

/** What the generated docs say about fastly (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  apiUrl: 'for the sandbox',
  secretTypes: {
    fastly_api_token: 'tokens revoke themselves with `DELETE /tokens/self`'
  }
}

import type { ProviderDocs } from '../types.js'

/** What the generated docs say about npm (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  ownFormat: '`npm_`',
  apiUrl: 'the registry; for the sandbox or a registry that serves the same API',
  secretTypes: {
    npm_access_token:
      'tokens revoke themselves with `DELETE /-/npm/v1/tokens/token/{token}`; npm may demand a one-time password, and then the run fails saying so'
  }
}

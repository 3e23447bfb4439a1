import type { ProviderDocs } from '../types.js'

/** What the generated docs say about heroku (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  ownFormat: '`HRKU-`',
  apiUrl: 'for the sandbox',
  secretTypes: {
    heroku_platform_api_oauth2_token:
      "the token lists its own account's OAuth authorizations, and the one whose `access_token.token` is the value exactly is deleted",
    heroku_postgres_connection_url: 'not a Platform API token: not mapped'
  }
}

import type { ProviderDocs } from '../types.js'

/** What the generated docs say about slack (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  ownFormat: '`xox…`',
  apiUrl: 'the methods are under `/api/`; for the sandbox',
  secretTypes: {
    slack_api_token: 'tokens revoke themselves with `auth.revoke`',
    slack_incoming_webhook_url:
      'mapped so that the alert fails loudly: a URL cannot be revoked by API',
    slack_workflow_webhook_url: 'as above'
  }
}

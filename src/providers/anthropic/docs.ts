import type { ProviderDocs } from '../types.js'

/** What the generated docs say about anthropic (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: '`apikey_…` id',
  ownFormat: '`sk-ant-`',
  credential: {
    where:
      'Claude Console > Settings > Admin keys: create an Admin API key (`sk-ant-admin01-…`); only organization admins can',
    allowed:
      'An Admin API key of the organization that owns the leaked keys (it has full Admin API access)',
    without:
      'Required: an `sk-ant-api` key cannot call the Admin API, so it cannot deactivate itself'
  },
  secretTypes: {
    anthropic_api_key: 'deactivated with an Admin API key',
    anthropic_admin_api_key:
      'mapped so that the alert fails loudly: revoke it in the Claude Console',
    anthropic_session_id: 'not an API key'
  }
}

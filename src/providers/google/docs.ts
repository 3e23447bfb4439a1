import type { ProviderDocs } from '../types.js'

/** What the generated docs say about google (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'API key resource name `projects/<project>/locations/global/keys/<key id>`',
  ownFormat: '`AIza` (39 characters)',
  apiUrl:
    'one origin for every Google endpoint the action calls; paths stay as Google documents them (`/v2/keys:lookupKey`, `/v2/projects/…`)',
  credential: {
    where:
      'google-github-actions/auth with Workload Identity Federation and `token_format: access_token` (no long-lived secret)',
    allowed:
      "`roles/serviceusage.apiKeysAdmin` on the key's project (or `apikeys.keys.lookup`, `apikeys.keys.get`, `apikeys.keys.delete` and `apikeys.operations.get`)",
    without: 'Required: an API key cannot manage API keys'
  },
  secretTypes: {
    google_api_key:
      'API keys (`AIza…`, 39 characters): found with `keys.lookupKey`, deleted (restorable for 30 days)',
    google_cloud_service_account_credentials:
      'service account key files (JSON): not mapped yet; disable and delete the key in IAM (see the provider page)',
    google_gcp_api_key_bound_service_account:
      'API keys bound to a service account: their format is not published, so not mapped',
    google_gemini_api_key: 'Gemini API keys: not confirmed to be API Keys API keys, so not mapped'
  }
}

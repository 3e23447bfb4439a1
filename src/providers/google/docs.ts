import type { ProviderDocs } from '../types.js'

/** What the generated docs say about google (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm:
    'API key `projects/<project>/locations/global/keys/<key id>`, or service account key `projects/<project id>/serviceAccounts/<email>/keys/<private_key_id>`',
  ownFormat: '`AIza` (39 characters), a service account key file (JSON, or base64 on one line)',
  apiUrl:
    'one origin for every Google endpoint the action calls (API Keys, IAM, OAuth token); paths stay as Google documents them (`/v2/keys:lookupKey`, `/v1/projects/…`, `/token`)',
  credential: {
    where:
      'google-github-actions/auth with Workload Identity Federation and `token_format: access_token` (no long-lived secret)',
    allowed:
      "`roles/serviceusage.apiKeysAdmin` (API keys) and `roles/iam.serviceAccountKeyAdmin` (service account keys) on the key's project",
    without: 'Required: neither an API key nor a service account key deletes itself here'
  },
  secretTypes: {
    google_api_key:
      'API keys (`AIza…`, 39 characters): found with `keys.lookupKey`, deleted (restorable for 30 days)',
    google_cloud_service_account_credentials:
      'service account key files (JSON): the file names its key; disabled, then deleted',
    google_gcp_api_key_bound_service_account:
      'API keys bound to a service account: their format is not published, so not mapped',
    google_gemini_api_key: 'Gemini API keys: not confirmed to be API Keys API keys, so not mapped',
    google_cloud_storage_access_key_secret:
      'Cloud Storage HMAC keys: another API (storage), not built, so not mapped'
  }
}

import type { ProviderDocs } from '../types.js'

/** What the generated docs say about huggingface (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  ownFormat: '`hf_`',
  apiUrl: 'for the sandbox',
  secretTypes: {
    hf_user_access_token:
      '`POST /api/credentials/revoke` takes the token itself, with no credential; proven dead by `GET /api/whoami-v2`',
    hf_org_api_key:
      'not mapped: organization API tokens (`api_org_`) are deprecated, and the revocation endpoint is documented for access tokens only'
  }
}

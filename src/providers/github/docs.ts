import type { ProviderDocs } from '../types.js'

/** What the generated docs say about github (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  ownFormat: '`ghp_`/`github_pat_`/`gho_`/`ghu_`/`ghr_`',
  secretTypes: {
    github_personal_access_token:
      '`POST /credentials/revoke` takes `ghp_` and `github_pat_` tokens',
    github_oauth_access_token: 'it takes `gho_` tokens',
    github_refresh_token: 'it takes `ghr_` tokens',
    github_app_installation_access_token:
      'not taken by that API (`ghs_`): refused, naming `DELETE /installation/token`',
    github_ssh_private_key: 'not a token',
    github_test_token: 'not a live token'
  }
}

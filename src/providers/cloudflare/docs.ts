import type { ProviderDocs } from '../types.js'

/** What the generated docs say about cloudflare (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: '32-hex user token id, or `account:<account id>:<token id>`',
  ownFormat: '`cfut_`/`cfat_`',
  apiUrl: 'the action adds `/client/v4`',
  credential: {
    where: 'Cloudflare dashboard > My Profile > API Tokens (or Manage Account > API Tokens)',
    allowed:
      '"API Tokens Write" (user tokens) and, for account-owned tokens, "Account API Tokens Write" on their account; listing the accounts it can see',
    without: 'Required: the delete needs a token-write permission that a leaked token rarely has'
  },
  secretTypes: {
    cloudflare_user_api_token: 'user API tokens (`cfut_…`, older 40-character tokens)',
    cloudflare_account_api_token: 'account-owned API tokens (`cfat_…`)',
    cloudflare_global_user_api_key:
      'Global API Key (`cfk_…`): no API revokes it (it is rolled in the dashboard), so not mapped'
  }
}

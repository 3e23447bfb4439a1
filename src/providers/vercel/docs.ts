import type { ProviderDocs } from '../types.js'

/** What the generated docs say about vercel (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  ownFormat: '`vcp_`/`vci_`',
  apiUrl: 'for the sandbox',
  secretTypes: {
    vercel_personal_access_token: 'tokens revoke themselves with `DELETE /v3/user/tokens/current`',
    vercel_integration_access_token: 'as above',
    vercel_api_key:
      'not mapped natively: `vck_` API keys are not access tokens, and this call is not documented to revoke them; an alert maps by name and a `vck_` value is refused, naming where to delete it',
    vercel_app_user_access_token:
      'not mapped: `vca_` tokens belong to a Sign in with Vercel app, revoked through the app (refused, naming the next step)',
    vercel_app_refresh_token:
      'not mapped: a `vcr_` refresh token cannot authenticate a call, so it cannot revoke itself',
    vercel_support_access_token:
      'not mapped: its format and how it is revoked are not documented; its alerts are left unmapped'
  }
}

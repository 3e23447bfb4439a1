import type { ProviderDocs } from '../types.js'

/** What the generated docs say about twilio (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'API key SID (`SK…`)',
  ownFormat: '`SK…:secret`',
  apiUrl: 'the REST API v2010 host',
  credential: {
    where: 'Twilio Console > Account info (Account SID, Auth Token) or API keys (a Main key)',
    allowed:
      '`ACCOUNT_SID:AUTH_TOKEN`, or `ACCOUNT_SID:MAIN_KEY_SID:MAIN_KEY_SECRET`: only these may use the Keys resource',
    without: 'Required: a Standard or Restricted key may not manage API keys'
  },
  secretTypes: {
    twilio_api_key: 'API keys (`SK…:secret`, or the SID alone), deleted by SID',
    twilio_account_sid: 'an identifier, not a credential: nothing to revoke',
    twilio_access_token:
      'an Access Token (a signed JWT that expires) or the auth token (rotated in the Console): the Keys API deletes neither'
  }
}

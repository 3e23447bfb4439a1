import type { ProviderDocs } from '../types.js'

/** What the generated docs say about sendgrid (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'API key id (the middle part of `SG.<id>.<secret>`)',
  ownFormat: '`SG.`',
  apiUrl: 'EU regional subusers: `https://api.eu.sendgrid.com`',
  credential: {
    where: 'SendGrid > Settings > API Keys',
    allowed: 'An API key with `api_keys.read` and `api_keys.delete` (or Full Access)',
    without: 'Required: a sending key rarely may manage API keys'
  },
  secretTypes: {
    sendgrid_api_key: 'API keys (`SG.…`, 69 characters), deleted by their API key id'
  }
}

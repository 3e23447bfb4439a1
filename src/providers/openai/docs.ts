import type { ProviderDocs } from '../types.js'

/** What the generated docs say about openai (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: '`<project id>:<key id>` or `admin:<key id>`',
  ownFormat: '`sk-proj-`/`sk-admin-`/`sk-svcacct-`',
  credential: {
    where: 'API Platform dashboard (platform.openai.com) > Admin keys (organization owners only)',
    allowed: 'An admin API key (`sk-admin-…`); a project key cannot call the Administration API',
    without: 'Required: no documented call lets a key delete itself'
  },
  secretTypes: {
    openai_api_key: 'project and admin keys, deleted with an admin key'
  }
}

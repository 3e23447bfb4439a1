import type { ProviderDocs } from '../types.js'

/** What the generated docs say about cometapi (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'integer id',
  credential: {
    where: 'cometapi.com > Console > Personal Settings: the personal access token',
    allowed: 'The access token itself, not an `sk-` key (it is sent raw in `Authorization`)',
    without: 'Required: an `sk-` key can never delete itself'
  }
}

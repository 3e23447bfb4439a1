import type { ProviderDocs } from '../types.js'

/** What the generated docs say about baseten (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'prefix (the part before the first dot)',
  ownFormat: '`<prefix>.<secret>`',
  credential: {
    where: 'app.baseten.co > Settings > API keys',
    allowed:
      'A personal API key, or a workspace key with "manage all"; invoke-only keys cannot manage keys',
    without: 'The leaked key deletes itself if it may manage keys (Baseten does not document this)'
  }
}

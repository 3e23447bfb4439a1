import type { ProviderDocs } from '../types.js'

/** What the generated docs say about gitlab (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: '`123`, `project:<project id>:<token id>` or `group:<group id>:<token id>`',
  ownFormat: '`glpat-`',
  apiUrl: 'self-managed or Dedicated instance; the action adds `/api/v4`',
  credential: {
    where: 'GitLab > User settings > Access tokens: a personal access token',
    allowed:
      "`api` scope: an admin's (any user's tokens), the token owner's, or a project/group token manager's",
    without: 'A token given by value revokes itself (`DELETE …/personal_access_tokens/self`)'
  },
  secretTypes: {
    gitlab_access_token: 'personal, project and group access tokens (`glpat-`)',
    'gitlab_ci_build_token and 10 others':
      'job, deploy, runner, trigger, feed, OAuth… tokens: not revoked this way'
  }
}

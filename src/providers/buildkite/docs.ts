import type { ProviderDocs } from '../types.js'

/** What the generated docs say about buildkite (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  apiUrl: 'for the sandbox',
  secretTypes: {
    buildkite_user_access_token: 'tokens revoke themselves with `DELETE /v2/access-token`',
    buildkite_agent_access_token:
      'not mapped: an agent token, which the access token API does not revoke; its alerts are left unmapped',
    buildkite_agent_job_token: 'as above',
    buildkite_agent_registration_token: 'as above',
    buildkite_cluster_token: 'not mapped: a cluster agent token, as above',
    buildkite_cluster_queue_token: 'as above',
    buildkite_packages_registry_token: 'not mapped: a Package Registries token, as above',
    buildkite_packages_temporary_token: 'as above',
    buildkite_portal_token: 'not mapped: a portal token, as above',
    buildkite_portal_secret: 'as above'
  }
}

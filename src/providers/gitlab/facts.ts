import { segment } from '../answers.js'
import type { ProviderFacts } from '../types.js'

export const API = '/api/v4'

export const NUMBER = '[1-9]\\d{0,15}'

export const PAT_ID = new RegExp(`^${NUMBER}$`)

export const SCOPED_ID = new RegExp(`^(project|group):(${NUMBER}):(${NUMBER})$`)

/**
 * GitLab's other token kinds, by their fixed prefixes (only access tokens may have a custom
 * prefix). None of them is revoked through the access token routes this adapter calls.
 */
const OTHER_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['gloas-', 'OAuth application secret'],
  ['gldt-', 'deploy token'],
  ['glrtr-', 'runner authentication token'],
  ['glrt-', 'runner authentication token'],
  ['glcbt-', 'CI/CD job token'],
  ['glptt-', 'pipeline trigger token'],
  ['glft-', 'feed token'],
  ['glimt-', 'incoming mail token'],
  ['glagent-', 'agent for Kubernetes token'],
  ['glwt-', 'workspace token'],
  ['glsoat-', 'SCIM token'],
  ['glffct-', 'feature flags client token'],
  ['_gitlab_session=', 'session cookie']
]

/** Where a key id points: a personal access token, or a project's or group's access token. */
export function revokePath(id: string): string | undefined {
  if (PAT_ID.test(id)) return `${API}/personal_access_tokens/${segment(id)}`
  const scoped = SCOPED_ID.exec(id)
  if (!scoped) return undefined
  const [, kind, owner, token] = scoped
  return `${API}/${kind === 'project' ? 'projects' : 'groups'}/${segment(owner ?? '')}/access_tokens/${segment(token ?? '')}`
}

export const gitlabFacts: ProviderFacts = {
  id: 'gitlab',
  name: 'GitLab',
  aliases: ['gitlab.com'],
  // Only access tokens: GitLab's other secret types (deploy, runner, job, trigger, feed tokens,
  // OAuth secrets, ...) are revoked elsewhere, so a name that says one of them never maps here.
  alertNames:
    /^(?!.*\b(?:ci|cd|job|build|deploy|feed|runner|registration|trigger|pipeline|oauth|app|application|scim|agent|kubernetes|incoming|e?mail|feature|flags?|workspace|session|cookie)\b).*\bgitlab\b/i,
  secretTypes: ['gitlab_access_token'],
  defaultBaseUrl: 'https://gitlab.com',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: 'GitLab > the token’s user, project or group settings > Access tokens',
  createCall:
    '`POST /api/v4/projects/:id/access_tokens` or `/groups/:id/access_tokens` (project and group access tokens only; never the rotate endpoint)',
  tokenHelp:
    'a GitLab personal access token with the `api` scope (User settings > Access tokens) of an administrator, of the leaked token’s owner, or of a member who may manage the project’s or group’s access tokens',
  // DELETE /personal_access_tokens/self: any personal access token can revoke itself (15.4+).
  selfRevocation: true,
  probeDescription:
    '`GET /api/v4/personal_access_tokens/self` with the leaked token in `PRIVATE-TOKEN` must answer 401',
  ownsKeyFormat: (value) => value.startsWith('glpat-'),
  // glpat- and GitLab's other token prefixes (gl + letters, a dash).
  keyShapes: [/(?<![A-Za-z0-9])gl[a-z]{2,6}-[A-Za-z0-9_-]{20,}/],
  checkId: (id) =>
    revokePath(id)
      ? undefined
      : 'a GitLab token id: `123` (personal access token), `project:<project id>:<token id>` or `group:<group id>:<token id>` (whole numbers)',
  checkValue: (value) => {
    if (/\s/.test(value))
      return 'a GitLab access token on one line, without spaces (is it wrapped onto two lines?)'
    const other = OTHER_KINDS.find(([prefix]) => value.startsWith(prefix))
    if (other)
      return `a GitLab personal, project or group access token (glpat-…, or the instance's own prefix); a ${other[1]} (${other[0]}…) is revoked elsewhere in GitLab, not by this action`
    return undefined
  },
  // GitLab.com: 2,000 authenticated API requests a minute per user, shared by the deletes made
  // with one token: at most one each 30 ms. A 429 carries Retry-After.
  // GitLab.com: 2,000 authenticated API requests a minute per user (src/providers/gitlab/README.md);
  // deletes with one token share it.

  limits: { concurrency: 4, minIntervalMs: { delete: 30 }, publishedSpacingMs: 30 }
}

import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { fingerprint } from '../../secrets.js'
import { expectBody, failure, segment } from '../answers.js'
import type { Credential, DeleteResult, Provider, ProviderContext } from '../types.js'
import { gitlabFacts, API, PAT_ID, SCOPED_ID, revokePath } from './facts.js'

// Contract: src/providers/gitlab/README.md and src/providers/gitlab/openapi.yaml (GitLab REST API v4).
// Every call authenticates with the `PRIVATE-TOKEN` header. Revocations answer 204 No Content.

const SELF = `${API}/personal_access_tokens/self`
const privateToken = (secret: string) => ({ 'private-token': secret })
const TokenInfo = z.looseObject({ id: z.int() })

const AccessToken = z.looseObject({
  id: z.int(),
  name: z.string(),
  scopes: z.array(z.string()),
  access_level: z.optional(z.int()),
  expires_at: z.nullish(z.string()),
  description: z.nullish(z.string()),
  active: z.optional(z.boolean()),
  revoked: z.optional(z.boolean())
})
const Created = z.looseObject({ id: z.int(), token: z.string().check(z.minLength(8)) })

/** A project's or group's access token id, as `key-id` gives it: where its routes are. */
function scopedOf(id: string): { base: string; kind: string; owner: string } | undefined {
  const match = SCOPED_ID.exec(id)
  if (!match) return undefined
  const [, kind = '', owner = ''] = match
  return {
    base: `${API}/${kind === 'project' ? 'projects' : 'groups'}/${segment(owner)}/access_tokens`,
    kind,
    owner
  }
}

const NEXT_STEP =
  'give `key-id` as the token id (`123`, `project:<project id>:<token id>` or `group:<group id>:<token id>`) with a `gitlab-token` allowed to revoke it, or leave `gitlab-token` empty so the leaked token revokes itself'

/**
 * `GET /personal_access_tokens/self` with the value itself, asked once per value and run:
 * it gives the id of the token the value is, and a 401 says the value authenticates nobody.
 */
function selfInfo(ctx: ProviderContext, value: string): Promise<HttpResponse> {
  return ctx.memo(`self:${fingerprint(value)}`, () =>
    ctx.http.send({ method: 'GET', path: SELF, headers: privateToken(value), pace: 'list' })
  )
}

/** The id in a 200 answer of `GET /personal_access_tokens/self`. */
function selfId(ctx: ProviderContext, res: HttpResponse): string {
  return String(expectBody(res, TokenInfo, ctx.redactor, 'GitLab token self-information').id)
}

/** DELETE answers: 204 is revoked, 404 is no such token; anything else fails. */
function readRevoke(ctx: ProviderContext, res: HttpResponse, what: string): DeleteResult {
  if (res.status === 204) return { answer: { kind: 'deleted' }, response: res }
  if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, 'provider-error')
  const error = failure(res, ctx.redactor, what)
  if (res.status === 401 || res.status === 403)
    error.message += ` (the token is invalid, lacks the \`api\` scope, or may not revoke this token: ${NEXT_STEP})`
  throw error
}

async function revokeSelf(
  ctx: ProviderContext,
  value: string,
  id: string | undefined
): Promise<DeleteResult> {
  if (id !== undefined && PAT_ID.test(id)) {
    // A key id given with the value: delete nothing unless the value is that token.
    const info = await selfInfo(ctx, value)
    if (info.status === 401) return { answer: { kind: 'key-rejected' }, response: info }
    if (info.status === 200 && selfId(ctx, info) !== id)
      throw new RevocationFailure(
        'invalid-input',
        `GitLab: the value given is the token with id ${selfId(ctx, info)}, not \`key-id\` ${id}; nothing was deleted. Give the id of this token, or the value alone.`,
        info.status,
        info.attempts
      )
  }
  const res = await ctx.http.send({
    method: 'DELETE',
    path: SELF,
    headers: privateToken(value),
    pace: 'delete'
  })
  if (res.status === 401)
    // After a lost answer, the retry finds the token refused: our first delete most likely
    // revoked it (the engine says so and probes). Otherwise the value authenticates nobody.
    return {
      answer: { kind: res.retriedAfterAmbiguous ? 'not-found' : 'key-rejected' },
      response: res
    }
  if (res.status === 404) throw failure(res, ctx.redactor, 'GitLab self-revoke')
  return readRevoke(ctx, res, 'GitLab self-revoke')
}

export const gitlab: Provider = {
  ...gitlabFacts,

  async resolve(ctx, value, auth) {
    const res = await selfInfo(ctx, value)
    if (res.status === 401) return { kind: 'key-rejected', httpStatus: 401 }
    if (res.status === 200) return { kind: 'found', id: selfId(ctx, res), authenticated: true }
    // Leak beats outage: a token that may not read itself can still revoke itself.
    if (auth.kind === 'self' && res.status === 403) return { kind: 'found', id: 'self' }
    const error = failure(res, ctx.redactor, 'GitLab token self-information')
    error.message += `; ${NEXT_STEP}`
    throw error
  },

  async delete(ctx, target, auth: Credential) {
    if (auth.kind === 'self') {
      if (target.value === undefined)
        throw new RevocationFailure('invalid-input', `GitLab: self-revocation needs the value`)
      return revokeSelf(ctx, target.value, target.id)
    }
    const path = revokePath(target.id ?? '')
    if (!path) throw new RevocationFailure('invalid-input', `GitLab: ${NEXT_STEP}`, null, 0)
    const res = await ctx.http.send({
      method: 'DELETE',
      path,
      headers: privateToken(auth.secret),
      pace: 'delete'
    })
    return readRevoke(ctx, res, 'GitLab revoke')
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({ method: 'GET', path: SELF, headers: privateToken(value) })
    if (res.status === 401) return { kind: 'dead' }
    if (res.status === 200) return { kind: 'alive' }
    if (res.status === 403)
      return {
        kind: 'inconclusive',
        note: 'GitLab answered 403 to the token reading itself, which a live token without the scope for it could also get'
      }
    throw failure(res, ctx.redactor, 'GitLab probe')
  },

  // Create, store, then revoke: GitLab's rotate endpoints revoke the old token the moment they
  // answer, before the new one could be stored, so they are never called.
  replacement: {
    unsupported(old) {
      return scopedOf(old.id)
        ? undefined
        : "GitLab creates a personal access token for its user only with an administrator's token (POST /users/:user_id/personal_access_tokens), which this action does not use; a project's or group's access token is replaced when `key-id` names it (project:<id>:<token id> or group:<id>:<token id>)"
    },

    async findEarlier(ctx, old, marker, auth) {
      const at = scopedOf(old.id)
      if (!at) return undefined
      const res = await ctx.http.send({
        method: 'GET',
        path: `${at.base}?state=active`,
        headers: privateToken(auth.secret),
        pace: 'list'
      })
      if (res.status !== 200) throw failure(res, ctx.redactor, 'GitLab list access tokens')
      const listed = expectBody(
        res,
        z.array(AccessToken),
        ctx.redactor,
        'GitLab list access tokens'
      )
      const found = listed.find(
        (t) => t.name === marker && t.active !== false && t.revoked !== true
      )
      return found ? { id: `${at.kind}:${at.owner}:${found.id}` } : undefined
    },

    async create(ctx, old, name, auth) {
      const at = scopedOf(old.id)
      if (!at)
        throw new RevocationFailure('invalid-input', 'GitLab: not a project or group access token')
      const token = old.id.slice(old.id.lastIndexOf(':') + 1)
      const got = await ctx.http.send({
        method: 'GET',
        path: `${at.base}/${segment(token)}`,
        headers: privateToken(auth.secret)
      })
      if (got.status !== 200) throw failure(got, ctx.redactor, 'GitLab get access token')
      const was = expectBody(got, AccessToken, ctx.redactor, 'GitLab get access token')
      // Same scopes, role and expiry as the leaked token.
      const res = await ctx.http.send({
        method: 'POST',
        path: at.base,
        headers: { ...privateToken(auth.secret), 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          scopes: was.scopes,
          ...(was.access_level !== undefined ? { access_level: was.access_level } : {}),
          ...(was.expires_at ? { expires_at: was.expires_at } : {}),
          description: `Replaces a leaked token (${name})`
        })
      })
      if (res.status !== 201) throw failure(res, ctx.redactor, 'GitLab create access token')
      // The new token is a secret from the moment it is read: masked before it is parsed further.
      const raw = /"token"\s*:\s*"([^"]+)"/.exec(res.text)?.[1]
      if (raw) ctx.redactor.add(raw)
      const body = expectBody(res, Created, ctx.redactor, 'GitLab create access token')
      ctx.redactor.add(body.token)
      return { id: `${at.kind}:${at.owner}:${body.id}`, value: body.token }
    }
  }
}

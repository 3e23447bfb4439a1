import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { sleep } from '../../http/deadline.js'
import { Limiter } from '../../http/limiter.js'
import { excerpt } from '../../secrets.js'
import { failure, providerMessage, readProbe } from '../answers.js'
import type { DeleteResult, DeleteTarget, Provider, ProviderContext } from '../types.js'
import { githubFacts } from './facts.js'

// Contract: src/providers/github/README.md and src/providers/github/openapi.yaml (from GitHub's REST
// description, as @octokit/openapi publishes it). `POST /credentials/revoke` takes the tokens
// themselves, at most 1,000 per request, and no credential: an authenticated request gets 403.

/** 60 requests an hour: one batch a minute keeps a run within it. */
export const REVOKE_SPACING_MS = 60_000
/** Probes (`GET /user`) in flight at once: GitHub allows 100 concurrent requests in all. */
const PROBES_AT_ONCE = 8

/**
 * GitHub Enterprise Server's API lives below `/api/v3`. GitHub's REST descriptions for GHES
 * (3.17 to 3.19) have no `/credentials/revoke`, so there is no contract to follow there.
 */
function refuseEnterpriseServer(ctx: ProviderContext): void {
  const url = ctx.http.url('/credentials/revoke')
  if (!/^\/api\/v3\//.test(url.pathname)) return
  throw new RevocationFailure(
    'invalid-input',
    `GitHub: GITHUB_API_URL (${url.origin}/api/v3) is a GitHub Enterprise Server, and GitHub's REST description for Enterprise Server has no credential revocation API (POST /credentials/revoke), so nothing was sent. Revoke the token on the server itself: its owner under Settings > Developer settings, or a site administrator.`
  )
}

/** The probes' own limit, within GitHub's 100 requests at once; one per run. */
function probes(ctx: ProviderContext): Promise<Limiter> {
  return ctx.memo('probes', () => Promise.resolve(new Limiter(PROBES_AT_ONCE)))
}

/** When this run's last revocation request went: requests are spaced by `REVOKE_SPACING_MS`. */
function lastSent(ctx: ProviderContext): Promise<{ at: number }> {
  return ctx.memo('last-revoke', () => Promise.resolve({ at: -Infinity }))
}

/** `POST /credentials/revoke` with the tokens, spaced within the hourly limit. */
async function revoke(ctx: ProviderContext, values: string[]): Promise<HttpResponse> {
  const last = await lastSent(ctx)
  const wait = last.at + REVOKE_SPACING_MS - Date.now()
  last.at = Date.now() + Math.max(0, wait)
  if (wait > 0) await sleep(wait)
  return ctx.http.send({
    method: 'POST',
    path: '/credentials/revoke',
    // No Authorization header: GitHub answers 403 to an authenticated request.
    headers: { 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    body: JSON.stringify({ credentials: [...new Set(values)] }),
    // Revoking the same tokens again changes nothing (a revoked token cannot come back), so an
    // attempt whose answer was lost may be repeated.
    idempotent: true
  })
}

/** Every token in one request: GitHub's one answer is each token's answer. */
async function revokeAll(ctx: ProviderContext, targets: DeleteTarget[]): Promise<DeleteResult[]> {
  refuseEnterpriseServer(ctx)
  const values = targets.map((target) => {
    if (target.value === undefined)
      throw new RevocationFailure(
        'invalid-input',
        'GitHub: a token is revoked by its value; give it in `key` (or `key-from-input`).'
      )
    return target.value
  })
  const answer = readRevoke(ctx, await revoke(ctx, values))
  return targets.map(() => answer)
}

/** When a rate limit lets requests through again, from GitHub's headers, in words. */
function retryWhen(res: HttpResponse): string | undefined {
  const reset = Number(res.headers['x-ratelimit-reset'])
  if (res.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset) && reset > 0)
    return `after ${new Date(reset * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}`
  const after = Number(res.headers['retry-after'])
  if (Number.isFinite(after) && after >= 0) return `in ${Math.ceil(after)} s`
  return undefined
}

/**
 * The revoke's answer: 202 is "accepted", and GitHub gives it to any list, live tokens or not,
 * so it confirms nothing about one token; everything else fails, rate limits naming when to retry.
 */
function readRevoke(ctx: ProviderContext, res: HttpResponse): DeleteResult {
  if (res.status === 202) return { answer: { kind: 'submitted' }, response: res }
  const what = 'GitHub revoke credentials'
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, 'provider-error')
  const when = retryWhen(res)
  if (res.status === 429 || (res.status === 403 && when)) {
    const said = excerpt(providerMessage({ text: ctx.redactor.scrub(res.text) }), ctx.redactor)
    throw new RevocationFailure(
      'rate-limited',
      `${what}: HTTP ${res.status}: ${said}. The token was not revoked: GitHub takes 60 revocation requests an hour; run again ${when ?? 'in an hour'}, or revoke it in its owner's settings now.`,
      res.status,
      res.attempts
    )
  }
  if (res.status === 403)
    throw failure(
      res,
      ctx.redactor,
      `${what} (GitHub refuses it when the request is authenticated)`,
      'forbidden'
    )
  if (res.status === 422)
    throw failure(
      res,
      ctx.redactor,
      `${what}: GitHub refused the list ("validation failed, or the endpoint has been spammed"); run again later`,
      'invalid-input'
    )
  throw failure(res, ctx.redactor, what)
}

export const github: Provider = {
  ...githubFacts,

  async delete(ctx, target) {
    const [result] = await revokeAll(ctx, [target])
    if (!result) throw new Error('one answer for one token')
    return result
  },

  deleteMany: revokeAll,

  async probe(ctx, value) {
    refuseEnterpriseServer(ctx)
    // A refresh token only buys new tokens from the app's OAuth endpoint; the API refuses it
    // alive or dead, so its refusal proves nothing.
    if (value.startsWith('ghr_'))
      return {
        kind: 'inconclusive',
        note: 'a ghr_ refresh token does not authenticate API calls, so no request can show it alive or dead'
      }
    const res = await (
      await probes(ctx)
    ).run(() =>
      ctx.http.send({
        method: 'GET',
        path: '/user',
        headers: { authorization: `Bearer ${value}`, accept: 'application/vnd.github+json' }
      })
    )
    return readProbe(ctx, res, 'GitHub probe')
  }
}

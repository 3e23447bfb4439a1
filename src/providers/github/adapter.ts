import { RevocationFailure } from '../../errors.js'
import type { HttpResponse } from '../../http/client.js'
import { sleep } from '../../http/deadline.js'
import { Limiter } from '../../http/limiter.js'
import { excerpt } from '../../secrets.js'
import { failure, providerMessage, readProbe } from '../answers.js'
import type { DeleteResult, DeleteTarget, Provider, ProviderContext } from '../types.js'

// Contract: src/providers/github/README.md and src/providers/github/openapi.yaml (from GitHub's REST
// description, as @octokit/openapi publishes it). `POST /credentials/revoke` takes the tokens
// themselves, at most 1,000 per request, and no credential: an authenticated request gets 403.

/** Most credentials one request may carry (the operation's `maxItems`). */
export const MAX_PER_REQUEST = 1000
/** 60 requests an hour: one batch a minute keeps a run within it. */
export const REVOKE_SPACING_MS = 60_000
/** Probes (`GET /user`) in flight at once: GitHub allows 100 concurrent requests in all. */
const PROBES_AT_ONCE = 8
const EXPECTED =
  'a GitHub token the credential revocation API takes: ghp_ (classic personal access token), github_pat_ (fine-grained), gho_ (OAuth app), ghu_ (GitHub App user-to-server) or ghr_ (GitHub App refresh token), then letters, digits or _, at most 255 characters in all'

/** Why a value cannot be one of the tokens `POST /credentials/revoke` takes, or undefined. */
function checkToken(value: string): string | undefined {
  if (value.startsWith('ghs_'))
    return `${EXPECTED}. This is a GitHub App installation token (ghs_), which that API does not take: it expires within an hour; to end it sooner, send \`DELETE /installation/token\` authenticated with the token itself, or suspend the app's installation`
  const prefix = /^(?:gh[pour]_|github_pat_)/.exec(value)?.[0]
  if (!prefix) return EXPECTED
  // GitHub's format: a type prefix, then [A-Za-z0-9_], up to 255 characters (2021 changelog).
  return /^[A-Za-z0-9_]{20,}$/.test(value.slice(prefix.length)) && value.length <= 255
    ? undefined
    : `${EXPECTED}; this has ${value.length} characters, ${value.length - prefix.length} after ${prefix}: is it cut short, or wrapped onto two lines?`
}

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
  id: 'github',
  name: 'GitHub',
  aliases: ['gh', 'github-token', 'github-pat'],
  // Native secret types cover GitHub's own token alerts. A custom pattern or type naming GitHub
  // maps here unless it names something the revocation API does not take (an installation
  // token, an SSH or private key, a test or sample token, a webhook or deploy key); a value
  // that is not one of its tokens then fails `checkValue`, saying what is expected.
  alertNames:
    /\bgithub\b(?!.*\b(?:installation|ssh|private key|test|sample|secret scanning|webhook|deploy)\b)/i,
  // The GitHub tokens `POST /credentials/revoke` takes (ghp_, github_pat_, gho_, ghu_, ghr_).
  // Not github_app_installation_access_token (ghs_), github_ssh_private_key, github_test_token.
  secretTypes: [
    'github_personal_access_token',
    'github_oauth_access_token',
    'github_refresh_token'
  ],
  defaultBaseUrl: 'https://api.github.com',
  revocationWords: { done: 'Revoked', verb: 'revoke', noun: 'revocation' },
  tokenHelp: 'nothing: GitHub revokes a leaked token given only the token itself',
  inputs: { token: false, apiUrl: 'GITHUB_API_URL' },
  // The revocation takes the leaked token itself (in the body) and no credential at all.
  selfRevocation: true,
  probeDescription:
    '`GET /user` with the leaked token as a bearer token must answer 401 (a ghr_ refresh token cannot call the API, so it is revoked unverified)',
  // Every GitHub token prefix names GitHub alone; ghs_ too, so its refusal names the next step.
  ownsKeyFormat: (value) => /^(?:gh[pousr]_|github_pat_)/.test(value),
  keyShapes: [/(?<![A-Za-z0-9])(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/],
  checkId: () =>
    'no id: GitHub revokes a token by its value; give the token in `key` (or `key-from-input`)',
  checkValue: checkToken,
  // The engine gathers every token of the run that reached its delete into one request.
  limits: { concurrency: MAX_PER_REQUEST, batch: MAX_PER_REQUEST },

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

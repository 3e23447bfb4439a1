import { RevocationFailure, type FailureReason } from '../errors.js'
import { parseJson, type HttpResponse } from '../http/client.js'
import { excerpt, type Redactor } from '../secrets.js'
import type * as z from 'zod/mini'
import type {
  Credential,
  DeleteResult,
  DeleteTarget,
  ProbeAnswer,
  ProviderContext
} from './types.js'

/**
 * Shared reading of provider answers: the failure reason for a status, and a
 * failure that quotes a short, redacted excerpt of what the provider said.
 */
export function reasonForStatus(status: number): FailureReason {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 429) return 'rate-limited'
  if (status === 400 || status === 422) return 'invalid-input'
  return 'provider-error'
}

/** A failure for an answer the adapter does not accept, quoting it safely. */
export function failure(
  res: HttpResponse,
  redactor: Redactor,
  what: string,
  reason: FailureReason = reasonForStatus(res.status)
): RevocationFailure {
  // A successful answer that is not understood may be a listing of keys cut short: a piece of
  // a key too short for any shape is text like any other, so such a body is never quoted.
  if (res.status >= 200 && res.status < 300)
    return new RevocationFailure(
      reason,
      `${what}: HTTP ${res.status}: ${res.text.length} characters${contentType(res)}, not quoted (a successful answer may hold keys)`,
      res.status,
      res.attempts
    )
  // Scrub the raw body first: taking HTML tags out could otherwise split a key that holds
  // '<' or '>' into pieces the redactor no longer recognizes.
  const said = excerpt(providerMessage({ text: redactor.scrub(res.text) }), redactor)
  return new RevocationFailure(
    reason,
    `${what}: HTTP ${res.status}: ${said}`,
    res.status,
    res.attempts
  )
}

/** ` of <media type>`, from the answer's `content-type`, when it has a plain one. */
function contentType(res: HttpResponse): string {
  const type =
    String(res.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? ''
  return /^[a-z]+\/[a-z0-9.+-]{1,60}$/i.test(type) ? ` of ${type}` : ''
}

/** The provider's own message from an error body (JSON `msg`/`message`/`error`/`detail`, or text). */
export function providerMessage(res: Pick<HttpResponse, 'text'>): string {
  const body = parseJson(res)
  if (typeof body === 'string') return body
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>
    for (const field of ['msg', 'message', 'error', 'detail']) {
      const value = record[field]
      if (typeof value === 'string' && value.trim()) return value
      if (
        value &&
        typeof value === 'object' &&
        typeof (value as { message?: unknown }).message === 'string'
      ) {
        return (value as { message: string }).message
      }
    }
  }
  // Plain text or an HTML page: strip tags so an excerpt says something readable.
  return res.text.replace(/<[^>]*>/g, ' ')
}

/** Parses a 2xx body with a schema, or fails with "unexpected answer". */
export function expectBody<T>(
  res: HttpResponse,
  schema: z.ZodMiniType<T>,
  redactor: Redactor,
  what: string
): T {
  const parsed = schema.safeParse(parseJson(res))
  if (!parsed.success) {
    throw failure(res, redactor, `${what}: unexpected answer`, 'provider-error')
  }
  return parsed.data
}

/**
 * The guard every answer about one key passes: it must name the key that was asked about (a
 * proxy or a provider bug answering for another key is no proof about this one).
 */
export function expectSameKey(
  res: HttpResponse,
  redactor: Redactor,
  what: string,
  asked: string,
  answered: string,
  same: (a: string, b: string) => boolean = (a, b) => a === b
): void {
  if (!same(asked, answered))
    throw failure(res, redactor, `${what}: answered for another key`, 'provider-error')
}

/** Encodes one path segment; ids are checked before, this is the second guard. */
export function segment(value: string): string {
  return encodeURIComponent(value)
}

/**
 * The reading most delete endpoints share: 200 is done once `accept` has
 * checked the body, a 404 is the documented "no such key", and a 401 to the
 * leaked key itself means it no longer authenticates. Anything else fails.
 */
export function readDelete(
  ctx: ProviderContext,
  res: HttpResponse,
  auth: Credential,
  what: string,
  accept: (res: HttpResponse) => void
): DeleteResult {
  if (res.status === 200) {
    accept(res)
    return { answer: { kind: 'deleted' }, response: res }
  }
  if (res.status === 404) return { answer: { kind: 'not-found' }, response: res }
  if (res.status === 401 && auth.kind === 'self')
    return { answer: { kind: 'key-rejected' }, response: res }
  throw failure(res, ctx.redactor, what)
}

/** A probe's answer: 401 is dead, `alive` statuses are alive, anything else fails. */
export function readProbe(
  ctx: ProviderContext,
  res: HttpResponse,
  what: string,
  alive: readonly number[] = [200]
): ProbeAnswer {
  if (res.status === 401) return { kind: 'dead' }
  if (alive.includes(res.status)) return { kind: 'alive' }
  throw failure(res, ctx.redactor, what)
}

/**
 * The expectation for a value that has the right shape but not the right length: a copy cut
 * short or wrapped onto two lines, most often. Gives the count, never any character of it.
 */
export function wholeKey(expected: string, length: number, id: string): string {
  return `${expected}, and this has ${length}: is it cut short, or wrapped onto two lines? If it is the whole key, give ${id} in \`key-id\` instead`
}

/**
 * The leaked value, for a call that revokes whichever token authenticates it: only the value
 * itself may authenticate such a call, never another credential of the run.
 */
export function ownValue(target: DeleteTarget, name: string): string {
  if (target.value !== undefined) return target.value
  throw new RevocationFailure(
    'invalid-input',
    `${name}: a token is revoked with its own value; give it in \`key\`.`
  )
}

/**
 * The answer to a call that revokes the token authenticating it. `done` is its documented
 * success status; `accept` checks a body that must name the token, where one does. A 401 says
 * the value does not authenticate: not revoked by this call, or, after a lost answer, most
 * likely by this run's first one (`not-found` lets the engine say so and verify). Another 2xx is
 * an answer the contract does not give, and every other status fails the key, quoted.
 */
export function readSelfRevoke(
  ctx: ProviderContext,
  res: HttpResponse,
  what: string,
  done: number,
  accept?: (res: HttpResponse) => void
): DeleteResult {
  if (res.status === done) {
    accept?.(res)
    return { answer: { kind: 'deleted' }, response: res }
  }
  if (res.status === 401)
    return {
      answer: { kind: res.retriedAfterAmbiguous ? 'not-found' : 'key-rejected' },
      response: res
    }
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, 'provider-error')
  throw failure(res, ctx.redactor, what)
}

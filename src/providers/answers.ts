import { RevocationFailure, type FailureReason } from '../errors.js'
import { parseJson, type HttpResponse } from '../http/client.js'
import { excerpt, type Redactor } from '../secrets.js'
import type { z } from 'zod'

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
  const said = excerpt(providerMessage(res), redactor)
  return new RevocationFailure(
    reason,
    `${what}: HTTP ${res.status}: ${said}`,
    res.status,
    res.attempts
  )
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
  schema: z.ZodType<T>,
  redactor: Redactor,
  what: string
): T {
  const parsed = schema.safeParse(parseJson(res))
  if (!parsed.success) {
    throw failure(res, redactor, `${what}: unexpected answer`, 'provider-error')
  }
  return parsed.data
}

/** Encodes one path segment; ids are checked before, this is the second guard. */
export function segment(value: string): string {
  return encodeURIComponent(value)
}

import * as z from 'zod/mini'
import { lazy } from '../../lazy.js'
import { isRepository } from './context.js'

// A repository_dispatch relayed from the secret_scanning_alert webhook (relay/ forwards it):
// the event names one alert, which the run then reads with its secret.

const WebhookBody = lazy(() =>
  z.looseObject({
    alert: z.looseObject({ number: z.int().check(z.positive()) }),
    repository: z.optional(z.looseObject({ full_name: z.string() }))
  })
)
const ShortBody = lazy(() =>
  z.looseObject({
    alert_number: z.union([
      z.int().check(z.positive()),
      z.pipe(z.string().check(z.regex(/^[1-9]\d{0,9}$/)), z.transform(Number))
    ]),
    repository: z.optional(z.union([z.string(), z.looseObject({ full_name: z.string() })]))
  })
)

/** What a relay may send as `client_payload`, for messages. */
export const RELAY_PAYLOADS =
  'the secret_scanning_alert webhook body as the relay received it ({"action": "created", "alert": {"number": 7, ...}, "repository": {"full_name": "owner/name"}, ...}), or {"alert_number": 7, "repository": "owner/name"}'

/**
 * The alert a `repository_dispatch` relays: a `secret_scanning_alert` webhook
 * body forwarded as is, or `{alert_number, repository?}`. Undefined when the
 * event is not such a relay; an error text when it looks like one but is bad.
 */
export function relayedAlert(
  eventName: string,
  event: unknown,
  defaultRepository: string
): { repository: string; number: number } | { error: string } | undefined {
  if (eventName !== 'repository_dispatch') return undefined
  const payload = (event as { client_payload?: unknown } | null)?.client_payload
  if (!payload || typeof payload !== 'object' || !('alert' in payload || 'alert_number' in payload))
    return undefined
  const webhook = WebhookBody().safeParse(payload)
  const short = ShortBody().safeParse(payload)
  let number: number
  let named: string | { full_name: string } | undefined
  if (webhook.success) {
    number = webhook.data.alert.number
    named = webhook.data.repository
  } else if (short.success) {
    number = short.data.alert_number
    named = short.data.repository
  } else {
    return {
      error: `The repository_dispatch client_payload names an alert, but not in a form the action reads. Expected client_payload: ${RELAY_PAYLOADS}.`
    }
  }
  const repo = typeof named === 'string' ? named : (named?.full_name ?? defaultRepository)
  if (!isRepository(repo))
    return {
      error:
        'The repository_dispatch client_payload names no valid repository (expected owner/name).'
    }
  return { repository: repo, number }
}

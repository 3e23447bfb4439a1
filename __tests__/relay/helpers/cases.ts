/**
 * The forged and malformed deliveries the relay suite sends to each runtime, and the
 * property runs: docs/relay.md quotes their numbers (checked by
 * __tests__/relay/figures.test.ts).
 */
import { createHmac } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import type { Outcome } from '../../../relay/relay.js'
import type { RelaySettings } from '../../../sandbox/relay.js'
import { eventBody, pingBody, secretScanningBody } from '../../../sandbox/webhooks.js'

export const SECRET = 'whsec_relayTestSecret_0123456789abcdef'
export const PREVIOUS = 'whsec_relayPreviousSecret_fedcba9876543210'
export const OTHER = 'whsec_notTheRelaysSecret_00000000000000'
/** The relay's secrets as a secret store may hold them: with white space around them. */
export const SPACED: RelaySettings = {
  WEBHOOK_SECRET: `${SECRET}\n`,
  WEBHOOK_SECRET_PREVIOUS: `\t${PREVIOUS} \r\n`
}

/** One request to the relay. */
export interface Delivery {
  method?: string
  path?: string
  headers: Record<string, string>
  /** A string, or bytes that need not be UTF-8. */
  body?: string | Uint8Array
  /** Sent as a stream of this many bytes, without a Content-Length. */
  streamBytes?: number
  /**
   * Declares a body of this many bytes in Content-Length but sends only its first 64 KiB,
   * then waits for the answer: a relay must refuse from the header, without reading it whole.
   */
  declaredBytes?: number
}

/** A refused delivery: what is sent, and the status it must get. Never forwarded. */
export interface RefusedCase {
  name: string
  status: number
  /** The log line's outcome, where the case is about it. */
  outcome?: Outcome
  /** A part of the log line's hint. A refused signature without one must have no hint. */
  hint?: string
  /** A part of the answer's text. */
  answer?: string
  /** Sent to a relay whose secrets are SPACED, not to the suite's. */
  spaced?: boolean
  make(valid: { body: string; headers: Record<string, string> }): Promise<Delivery> | Delivery
}

const hmac = (secret: string, data: string | Uint8Array) =>
  createHmac('sha256', secret).update(data).digest('hex')
const without = (headers: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name))
const resigned = async (body: string, headers: Record<string, string>, secret = SECRET) => ({
  body,
  headers: { ...headers, 'x-hub-signature-256': await sign(secret, body) }
})

/** Deliveries whose signature is missing, malformed or wrong: each must get 401. */
export const FORGED: RefusedCase[] = [
  {
    name: 'no signature header',
    status: 401,
    make: (v) => ({ body: v.body, headers: without(v.headers, 'x-hub-signature-256') })
  },
  {
    name: 'empty signature',
    status: 401,
    make: (v) => ({ body: v.body, headers: { ...v.headers, 'x-hub-signature-256': '' } })
  },
  {
    name: 'only the legacy SHA-1 header',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: {
        ...without(v.headers, 'x-hub-signature-256'),
        'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(v.body).digest('hex')}`
      }
    })
  },
  {
    name: 'signed with another secret',
    status: 401,
    make: (v) => resigned(v.body, v.headers, OTHER)
  },
  {
    name: "another delivery's signature",
    status: 401,
    make: async (v) => ({
      body: v.body.replace('"action":"created"', '"action":"reopened"'),
      headers: v.headers
    })
  },
  {
    name: 'body changed after signing (alert number)',
    status: 401,
    make: (v) => ({ body: v.body.replace(/"number":(\d+)/, '"number":1$1'), headers: v.headers })
  },
  {
    name: 'body with a trailing newline the signature does not cover',
    status: 401,
    make: (v) => ({ body: `${v.body}\n`, headers: v.headers })
  },
  {
    name: 'signature cut to 63 hex digits',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: {
        ...v.headers,
        'x-hub-signature-256': v.headers['x-hub-signature-256']!.slice(0, -1)
      }
    })
  },
  {
    name: 'signature in upper case',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: {
        ...v.headers,
        'x-hub-signature-256': `sha256=${hmac(SECRET, v.body).toUpperCase()}`
      }
    })
  },
  {
    name: 'right digest without the sha256= prefix',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: { ...v.headers, 'x-hub-signature-256': hmac(SECRET, v.body) }
    })
  },
  {
    name: 'right digest labelled sha1=',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: { ...v.headers, 'x-hub-signature-256': `sha1=${hmac(SECRET, v.body)}` }
    })
  },
  {
    name: 'right digest with junk between the hex digits',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: {
        ...v.headers,
        'x-hub-signature-256': `sha256=${hmac(SECRET, v.body).replace(/(..)/g, '$1-')}`
      }
    })
  },
  {
    name: '64 non-hex characters',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: { ...v.headers, 'x-hub-signature-256': `sha256=${'z'.repeat(64)}` }
    })
  },
  {
    name: 'the webhook secret as the signature',
    status: 401,
    make: (v) => ({ body: v.body, headers: { ...v.headers, 'x-hub-signature-256': SECRET } })
  },
  {
    name: 'a good and a bad signature header',
    status: 401,
    make: (v) => ({
      body: v.body,
      headers: {
        ...v.headers,
        'x-hub-signature-256': `${v.headers['x-hub-signature-256']}, sha256=${'0'.repeat(64)}`
      }
    })
  },
  {
    name: 'empty body, signed',
    status: 401,
    make: (v) => ({
      body: '',
      headers: { ...v.headers, 'x-hub-signature-256': `sha256=${hmac(SECRET, '')}` }
    })
  },
  {
    name: 'body that is not UTF-8, with an HMAC over its bytes',
    status: 401,
    make: (v) => {
      const bytes = Uint8Array.from([...Buffer.from(v.body.slice(0, -1)), 0xff, 0x7d])
      return {
        body: bytes,
        headers: { ...v.headers, 'x-hub-signature-256': `sha256=${hmac(SECRET, bytes)}` }
      }
    }
  },
  {
    name: 'unsigned ping',
    status: 401,
    make: (v) => ({
      body: '{"zen":"Keep it logically awesome."}',
      headers: { ...without(v.headers, 'x-hub-signature-256'), 'x-github-event': 'ping' }
    })
  },
  {
    name: 'form-encoded, signed with another secret (the signature comes first)',
    status: 401,
    outcome: 'unsigned',
    make: (v) => resigned(formEncoded(v.body), formHeaders(v.headers), OTHER)
  },
  {
    name: "WEBHOOK_SECRET with a trailing newline: GitHub's signature, without the newline",
    status: 401,
    outcome: 'unsigned',
    hint: 'WEBHOOK_SECRET has white space at its start or end',
    spaced: true,
    make: (v) => v
  },
  {
    name: "WEBHOOK_SECRET with a trailing newline: the webhook's first ping",
    status: 401,
    hint: 'WEBHOOK_SECRET has white space at its start or end',
    spaced: true,
    make: (v) => resigned(pingBody(), { ...v.headers, 'x-github-event': 'ping' })
  },
  {
    name: 'WEBHOOK_SECRET_PREVIOUS with white space around it: signed with it, without',
    status: 401,
    hint: 'WEBHOOK_SECRET_PREVIOUS has white space at its start or end',
    spaced: true,
    make: (v) => resigned(v.body, v.headers, PREVIOUS)
  },
  {
    name: 'secrets with white space around them: signed with another secret, no hint',
    status: 401,
    spaced: true,
    make: (v) => resigned(v.body, v.headers, OTHER)
  },
  {
    name: 'secrets with white space around them: signed with the secret and a space, no hint',
    status: 401,
    spaced: true,
    make: (v) => resigned(v.body, v.headers, `${SECRET} `)
  }
]

/** A body as a webhook of content type application/x-www-form-urlencoded sends it. */
const formEncoded = (json: string) => new URLSearchParams({ payload: json }).toString()
const formHeaders = (
  headers: Record<string, string>,
  type = 'application/x-www-form-urlencoded'
) => ({
  ...headers,
  'content-type': type
})

/** Signed bodies that are not a usable secret_scanning_alert: each must get 400. */
const signedMalformed = (
  name: string,
  hint: string,
  edit: (body: Record<string, unknown>) => unknown
): RefusedCase => ({
  name,
  status: 400,
  outcome: 'malformed',
  hint,
  answer: 'Not a secret_scanning_alert body',
  make: async (v: { body: string; headers: Record<string, string> }) => {
    const edited = edit(JSON.parse(v.body) as Record<string, unknown>)
    const body = typeof edited === 'string' ? edited : JSON.stringify(edited)
    return resigned(body, v.headers)
  }
})
const setAlert = (field: string, value: unknown) => (b: Record<string, unknown>) => ({
  ...b,
  alert: { ...(b.alert as object), [field]: value }
})
const setRepository = (value: unknown) => (b: Record<string, unknown>) => ({
  ...b,
  repository: { ...(b.repository as object), full_name: value }
})

const field = (path: string) => `${path} is missing or not what GitHub sends`
export const MALFORMED: RefusedCase[] = [
  signedMalformed('not JSON', 'the body is not JSON', (b) => `${JSON.stringify(b).slice(0, 40)}`),
  signedMalformed('a JSON array', 'not a JSON object', (b) => [b]),
  signedMalformed('a JSON string', 'not a JSON object', () => '"created"'),
  signedMalformed(
    'JSON nested 5,000 deep',
    'not a JSON object',
    () => `${'['.repeat(5000)}${']'.repeat(5000)}`
  ),
  signedMalformed('no alert', field('alert'), (b) => ({ ...b, alert: undefined })),
  signedMalformed('alert without number', field('alert.number'), setAlert('number', undefined)),
  signedMalformed('alert number 0', field('alert.number'), setAlert('number', 0)),
  signedMalformed('alert number -3', field('alert.number'), setAlert('number', -3)),
  signedMalformed('alert number 1.5', field('alert.number'), setAlert('number', 1.5)),
  signedMalformed('alert number as a string', field('alert.number'), setAlert('number', '7')),
  signedMalformed('alert number past 2^53', field('alert.number'), setAlert('number', 2 ** 60)),
  signedMalformed('no repository', field('repository'), (b) => ({ ...b, repository: undefined })),
  signedMalformed('repository ../x', field('repository.full_name'), setRepository('../x')),
  signedMalformed('repository without owner', field('repository.full_name'), setRepository('app')),
  signedMalformed(
    'repository with three parts',
    field('repository.full_name'),
    setRepository('acme/app/x')
  ),
  signedMalformed(
    'repository with a space',
    field('repository.full_name'),
    setRepository('acme/my app')
  ),
  signedMalformed(
    'repository as an object',
    field('repository.full_name'),
    setRepository({ name: 'app' })
  ),
  signedMalformed('no action', field('action'), (b) => ({ ...b, action: undefined })),
  signedMalformed('action as a number', field('action'), (b) => ({ ...b, action: 1 })),
  // Its number is a code scanning alert's: the action would read another alert by it.
  signedMalformed(
    'a code scanning alert under secret_scanning_alert',
    field('alert.secret_type'),
    (b) =>
      JSON.parse(
        eventBody('webhook-code-scanning-alert-created', {
          alert: { number: (b.alert as { number: number }).number },
          repository: { full_name: 'acme/app' }
        })
      )
  ),
  ...[
    ['form-encoded, signed', 'application/x-www-form-urlencoded', 'secret_scanning_alert'],
    ['form-encoded ping, signed', 'application/x-www-form-urlencoded', 'ping'],
    [
      'form-encoded, its type in capitals with a charset',
      'Application/X-WWW-Form-URLEncoded; charset=utf-8',
      'secret_scanning_alert'
    ]
  ].map(([name, type, event]): RefusedCase => ({
    name: name!,
    status: 400,
    outcome: 'form-encoded',
    hint: 'set its Content type to application/json',
    answer: "set the webhook's content type to application/json",
    make: (v) =>
      resigned(formEncoded(event === 'ping' ? pingBody() : v.body), {
        ...formHeaders(v.headers, type),
        'x-github-event': event!
      })
  })),
  ...[
    ['ping', 'is ping'],
    ['push', 'is push'],
    ['secret_scanning_alert_location', 'is secret_scanning_alert_location'],
    ['', 'is missing or not an event name'],
    ['Secret_Scanning_Alert', 'is missing or not an event name']
  ].map(([event, says]): RefusedCase => ({
    name: `an alert under X-GitHub-Event '${event}'`,
    status: 400,
    outcome: 'event-mismatch',
    hint: `X-GitHub-Event ${says}, but the signed body is a secret_scanning_alert`,
    answer: `X-GitHub-Event ${says}, but the body is a secret_scanning_alert`,
    make: (v) => ({
      body: v.body,
      headers: event
        ? { ...v.headers, 'x-github-event': event! }
        : without(v.headers, 'x-github-event')
    })
  })),
  {
    name: 'a ping under X-GitHub-Event secret_scanning_alert',
    status: 400,
    outcome: 'event-mismatch',
    hint: 'X-GitHub-Event is secret_scanning_alert, but the signed body is a ping',
    make: (v) => resigned(pingBody(), v.headers)
  },
  {
    name: "an alert's new location under X-GitHub-Event secret_scanning_alert",
    status: 400,
    outcome: 'event-mismatch',
    hint: 'but the signed body is a secret_scanning_alert_location',
    make: (v) => {
      const number = (JSON.parse(v.body) as { alert: { number: number } }).alert.number
      const body = secretScanningBody({ action: 'location', repository: 'acme/app', number })
      return resigned(body, v.headers)
    }
  }
]

/** Requests that are not a webhook delivery at all, or too big to be one. */
export const TRANSPORT: RefusedCase[] = [
  { name: 'GET', status: 405, make: (v) => ({ method: 'GET', headers: v.headers }) },
  { name: 'PUT', status: 405, make: (v) => ({ method: 'PUT', body: v.body, headers: v.headers }) },
  { name: 'DELETE', status: 405, make: (v) => ({ method: 'DELETE', headers: v.headers }) },
  { name: 'POST to another path', status: 404, make: (v) => ({ path: '/hook', ...v }) },
  {
    name: 'a body declared over the limit',
    status: 413,
    make: (v) => ({ headers: v.headers, declaredBytes: 2 * 1024 * 1024 })
  },
  {
    name: 'a streamed body over the limit (no Content-Length)',
    status: 413,
    make: (v) => ({ headers: v.headers, streamBytes: 2 * 1024 * 1024 })
  }
]

/** Property runs per runtime (__tests__/relay/property.test.ts). */
export const PROPERTY_RUNS = { node: 1000, workerd: 300 } as const

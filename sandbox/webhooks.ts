/**
 * `secret_scanning_alert` webhook deliveries as GitHub sends them, built from GitHub's own
 * webhook schemas (@octokit/openapi-webhooks), signed with the webhook's secret; and a
 * contract that checks a body against those schemas.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { randomUUID } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import { Contract } from './contract.js'

type Schema = Record<string, unknown>
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * The actions of the `secret_scanning_alert` event, and `location` for the separate
 * `secret_scanning_alert_location` event (action `created`), which GitHub sends alongside.
 */
export const SECRET_SCANNING_ACTIONS = [
  'created',
  'reopened',
  'publicly_leaked',
  'validated',
  'resolved',
  'assigned',
  'unassigned'
] as const
export type SecretScanningAction = (typeof SECRET_SCANNING_ACTIONS)[number]
export type WebhookKind = SecretScanningAction | 'location'

/** The event name (X-GitHub-Event) of each kind of body. */
export const eventOf = (kind: WebhookKind) =>
  kind === 'location' ? 'secret_scanning_alert_location' : 'secret_scanning_alert'

let doc: { components: { schemas: Record<string, Schema> } } | undefined
function webhooksDoc() {
  if (!doc) {
    const require = createRequire(import.meta.url)
    const file = require.resolve('@octokit/openapi-webhooks/generated/api.github.com.json')
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc
  }
  return doc!
}

const schemaName = (kind: WebhookKind) =>
  kind === 'location'
    ? 'webhook-secret-scanning-alert-location-created'
    : `webhook-secret-scanning-alert-${kind.replace(/_/g, '-')}`
const KINDS: WebhookKind[] = [...SECRET_SCANNING_ACTIONS, 'location']

let contract: Contract | undefined
/** Violations of GitHub's schema for this kind of body (empty: GitHub could send it). */
export function webhookViolations(kind: WebhookKind, body: string): string[] {
  contract ??= new Contract({
    openapi: '3.1.0',
    paths: Object.fromEntries(
      KINDS.map((a) => [
        `/${a}`,
        {
          post: {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${schemaName(a)}` } }
              }
            }
          }
        }
      ])
    ),
    components: webhooksDoc().components
  })
  return contract.check({
    method: 'POST',
    path: `/${kind}`,
    query: [],
    headers: { 'content-type': 'application/json' },
    body
  })
}

interface Fill {
  /** Fill optional properties too (the largest body), or only required ones (a typical one). */
  all: boolean
  /** Length of free strings (uri and date-time keep their shape). */
  text: number
  /** Items per array. */
  items: number
}

/** A value of the schema, by `fill`; references followed to a depth of 10. */
function fromSchema(raw: unknown, fill: Fill, depth = 0): Json {
  const schemas = webhooksDoc().components.schemas
  let schema = raw as Schema
  while (typeof schema.$ref === 'string') schema = schemas[schema.$ref.split('/').pop()!]!
  if (depth > 10) return null
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (alternatives) {
    const options = alternatives.filter((a) => a.type !== 'null')
    // The largest alternative when filling everything, else the first.
    const values = options.map((a) => fromSchema(a, fill, depth + 1))
    if (!fill.all) return values[0] ?? null
    return values.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a))
  }
  const types = ([] as unknown[]).concat(schema.type ?? 'object').filter((t) => t !== 'null')
  if (Array.isArray(schema.enum)) {
    const options = (schema.enum as Json[]).filter((v) => v !== null)
    return options.reduce((a, b) => (String(b).length > String(a).length ? b : a), options[0]!)
  }
  switch (types[0]) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const required = new Set((schema.required ?? []) as string[])
      const out: Record<string, Json> = {}
      for (const [name, sub] of Object.entries(properties))
        if (fill.all || required.has(name)) out[name] = fromSchema(sub, fill, depth + 1)
      return out
    }
    case 'array':
      return Array.from({ length: fill.all ? fill.items : 0 }, () =>
        fromSchema(schema.items ?? {}, fill, depth + 1)
      )
    case 'integer':
      return fill.all ? Number.MAX_SAFE_INTEGER : 1
    case 'number':
      return fill.all ? Number.MAX_VALUE : 1
    case 'boolean':
      return false
    default:
      if (schema.format === 'date-time') return '2026-11-23T10:00:00Z'
      if (schema.format === 'uri') return `https://github.test/${'u'.repeat(fill.text)}`
      return 'x'.repeat(fill.text)
  }
}

/** What a test says about the alert; the rest of the body comes from the schema. */
export interface AlertFacts {
  action: WebhookKind
  repository: string
  number: number
  secretType?: string
  displayName?: string
  validity?: 'active' | 'inactive' | 'unknown'
  /** A GitHub App's installation, present when the webhook is the App's. */
  installation?: number
}

function merge(base: Json, over: Json): Json {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return over
  if (typeof over !== 'object' || over === null || Array.isArray(over)) return over
  const out = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k]!, v) : v
  return out
}

/**
 * A webhook body for `facts`: the schema's required fields (a body of about the size GitHub
 * sends), or with `largest` every field the schema has, strings and arrays grown until the
 * body is `largest` bytes or just under.
 */
export function secretScanningBody(facts: AlertFacts, options: { largest?: number } = {}): string {
  const [owner = '', name = ''] = facts.repository.split('/')
  const facts_: Json = {
    action: facts.action === 'location' ? 'created' : facts.action,
    alert: {
      number: facts.number,
      html_url: `https://github.test/${facts.repository}/security/secret-scanning/${facts.number}`,
      secret_type: facts.secretType ?? 'baseten_api_key',
      secret_type_display_name: facts.displayName ?? 'Baseten API key',
      validity: facts.validity ?? 'unknown'
    },
    repository: { full_name: facts.repository, name, owner: { login: owner } },
    ...(facts.installation
      ? {
          installation: {
            id: facts.installation,
            node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ=='
          }
        }
      : {})
  }
  const build = (fill: Fill) => {
    const value = merge(fromSchema({ $ref: `#/${schemaName(facts.action)}` }, fill), facts_)
    if (fill.all) {
      // Long, but not what the relay forwards: those three must stay what the test said.
      const alert = (value as { alert: Record<string, Json> }).alert
      alert.secret_type = `${facts.secretType ?? 'baseten_api_key'}_${'t'.repeat(fill.text)}`
      alert.html_url = `https://github.test/${'h'.repeat(fill.text)}`
    }
    return JSON.stringify(value)
  }
  if (!options.largest) return build({ all: false, text: 8, items: 0 })
  // The body grows linearly with the strings' length: the longest that fits, from two sizes.
  const size = (text: number) => Buffer.byteLength(build({ all: true, text, items: 3 }))
  const [base, per100] = [size(1), size(101) - size(1)]
  let text = Math.floor(((options.largest - base) * 100) / per100)
  while (text > 1 && size(text) > options.largest) text--
  return build({ all: true, text, items: 3 })
}

/**
 * The body of any event GitHub sends, from its schema (`webhook-ping`, `webhook-push`,
 * `webhook-code-scanning-alert-created`, …): its required fields, or with `all` every field,
 * and `facts` over them.
 */
export function eventBody(schema: string, facts: Json = {}, options: { all?: boolean } = {}) {
  const fill: Fill = { all: options.all ?? false, text: 8, items: options.all ? 1 : 0 }
  return JSON.stringify(merge(fromSchema({ $ref: `#/${schema}` }, fill), facts))
}

/** A `ping`, as GitHub sends one when a webhook is created: every field of its schema. */
export const pingBody = (hookId = 1) =>
  eventBody('webhook-ping', { zen: 'Keep it logically awesome.', hook_id: hookId }, { all: true })

/** The headers GitHub sends with a delivery, signed with `secret`. */
export async function deliveryHeaders(
  body: string,
  secret: string,
  options: { event?: string; delivery?: string } = {}
): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/relaytest',
    'x-github-event': options.event ?? 'secret_scanning_alert',
    'x-github-delivery': options.delivery ?? randomUUID(),
    'x-github-hook-id': '1',
    'x-hub-signature-256': await sign(secret, body)
  }
}

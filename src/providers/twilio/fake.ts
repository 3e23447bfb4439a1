import { createHash } from 'node:crypto'
import type { ProviderSandbox } from '../../../sandbox/provider-sandbox.js'
import type { RateLimit, Reply, RecordedRequest } from '../../../sandbox/service.js'
import { KeyStore, alnum, hex, type Identity } from '../../../sandbox/store.js'

// Plays Twilio's REST API v2010 Key resource and usage records: src/providers/twilio/README.md,
// src/providers/twilio/openapi.yaml. Keys are Standard API keys `SK…:secret` of the account of
// their owner. A management token is `ACCOUNT_SID:AUTH_TOKEN` of its owner's account (or, given
// as such, `ACCOUNT_SID:MAIN_KEY_SID:SECRET`); one made without `canManage` plays a Standard key
// used as the credential, which Twilio refuses on the Keys resource with 401 (error 20003).
// The IAM v1 Key resource (`/v1/Keys`, on the same origin here as the sandbox gives one
// `twilio-api-url`) fetches, lists and creates the same keys; `restrict` makes a key Restricted
// with a policy, which v1 answers and a v2010 fetch does not.

/** The account SID of an owner: the same owner, the same SID. */
export function accountSid(owner: string): string {
  return `AC${createHash('sha256').update(owner).digest('hex').slice(0, 32)}`
}

class TwilioStore extends KeyStore {
  override addToken(options: { owner?: string; canManage?: boolean; value?: string } = {}): string {
    const owner = options.owner ?? 'alice'
    return super.addToken({
      ...options,
      owner,
      value: options.value ?? `${accountSid(owner)}:${alnum(32)}`
    })
  }
}

export function twilioFake() {
  const store = new TwilioStore(() => {
    const sid = `SK${hex(32)}`
    return { id: sid, value: `${sid}:${alnum(32)}` }
  })
  const error = (status: number, code: number, message: string): Reply => ({
    status,
    json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }
  })
  const authenticate = error(401, 20003, 'Authenticate')
  /** Restricted keys' policies, by SID; any other key is Standard (`policy: null`). */
  const policies = new Map<string, unknown>()
  const restrict = (sid: string, policy: unknown) => policies.set(sid, policy)
  /**
   * Not Twilio's documented behaviour: a create that makes a Standard key whatever `KeyType`
   * and `Policy` say, so a test sees the adapter refuse (and delete) a broader key.
   */
  const quirks = { createIgnoresPolicy: false }
  const date = 'Mon, 13 Jun 2016 22:50:08 +0000'
  const manages = (caller: Identity, account: string | undefined) =>
    !caller.key && caller.canManage && account === accountSid(caller.owner)
  const notFound = (path: string) =>
    error(404, 20404, `The requested resource ${path} was not found`)

  /** Who HTTP Basic names: a key (`SK…:secret`), or a token stored as `AC…:token` / `AC…:SK…:secret`. */
  const who = (req: RecordedRequest): Identity | undefined => {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '')
    if (!match?.[1]) return undefined
    const pair = Buffer.from(match[1], 'base64').toString('utf8')
    const token = store.tokens.find((t) => t.value === pair || t.value.endsWith(`:${pair}`))
    if (token) return { owner: token.owner, canManage: token.canManage }
    return store.authenticate(pair)
  }

  const route = (req: RecordedRequest): Reply => {
    const caller = who(req)
    if (!caller) return authenticate
    const usage = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Usage\/Records\.json$/.exec(req.path)
    if (req.method === 'GET' && usage) {
      // Another account's credential is refused alike (20003: "scoped to the wrong account").
      if (usage[1] !== accountSid(caller.owner)) return authenticate
      return {
        status: 200,
        json: {
          end: 0,
          first_page_uri: `${req.path}?PageSize=1&Page=0`,
          next_page_uri: null,
          page: 0,
          page_size: 1,
          previous_page_uri: null,
          start: 0,
          uri: `${req.path}?PageSize=1&Page=0`,
          usage_records: []
        }
      }
    }
    if (req.path === '/v1/Keys' && req.method === 'GET') {
      const q = new URLSearchParams(req.query)
      if (!manages(caller, q.get('AccountSid') ?? undefined)) return authenticate
      const size = Number(q.get('PageSize') ?? '50')
      const page = Number(q.get('Page') ?? '0')
      const all = store.listed(caller.owner)
      const keys = all.slice(page * size, (page + 1) * size)
      const url = (n: number) =>
        `https://iam.twilio.com/v1/Keys?AccountSid=${q.get('AccountSid') ?? ''}&PageSize=${size}&Page=${n}${n > 0 ? `&PageToken=PA${n}` : ''}`
      return {
        status: 200,
        json: {
          keys: keys.map((k) => ({
            sid: k.id,
            friendly_name: k.name,
            date_created: date,
            date_updated: date,
            flags: ['rest_api', 'signing']
          })),
          meta: {
            page,
            page_size: size,
            first_page_url: url(0),
            previous_page_url: page > 0 ? url(page - 1) : null,
            url: url(page),
            next_page_url: (page + 1) * size < all.length ? url(page + 1) : null,
            key: 'keys'
          }
        }
      }
    }
    if (req.path === '/v1/Keys' && req.method === 'POST') {
      const form = new URLSearchParams(req.body)
      if (!manages(caller, form.get('AccountSid') ?? undefined)) return authenticate
      const restricted = form.get('KeyType') === 'restricted'
      const policyText = form.get('Policy')
      if (restricted && !policyText)
        return error(400, 20001, 'Policy is required for a restricted key')
      let policy: unknown = null
      if (restricted) {
        try {
          policy = JSON.parse(policyText ?? '')
        } catch {
          return error(400, 20001, 'Policy is not valid JSON')
        }
      }
      const key = store.addKey({
        owner: caller.owner,
        name: form.get('FriendlyName') ?? '',
        canManage: false
      })
      if (quirks.createIgnoresPolicy) policy = null
      if (restricted && policy !== null) restrict(key.id, policy)
      const [sid, secret] = key.value.split(':')
      return {
        status: 201,
        json: {
          sid,
          friendly_name: key.name,
          date_created: date,
          date_updated: date,
          secret,
          policy
        }
      }
    }
    const v1Key = /^\/v1\/Keys\/(SK[0-9a-f]{32})$/.exec(req.path)
    if (v1Key && req.method === 'GET') {
      // The key's account is the credential's: v1 paths carry no account.
      if (caller.key || !caller.canManage) return authenticate
      const key = store.find((k) => k.id === v1Key[1] && k.owner === caller.owner)
      if (!key) return notFound(req.path)
      return {
        status: 200,
        json: {
          sid: key.id,
          friendly_name: key.name,
          date_created: date,
          date_updated: date,
          policy: policies.get(key.id) ?? null
        }
      }
    }
    const keyRoute =
      /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Keys\/(SK[0-9a-f]{32})\.json$/.exec(req.path)
    if (keyRoute && (req.method === 'GET' || req.method === 'DELETE')) {
      const [, account, sid] = keyRoute
      // A Standard key, or another account's credential: 20003.
      if (caller.key || !caller.canManage || account !== accountSid(caller.owner))
        return authenticate
      const key = store.find((k) => k.id === sid && accountSid(k.owner) === account)
      if (!key) return notFound(req.path)
      if (req.method === 'DELETE') {
        store.delete(key)
        return { status: 204 }
      }
      return {
        status: 200,
        json: { sid: key.id, friendly_name: key.name, date_created: date, date_updated: date }
      }
    }
    return notFound(req.path)
  }
  return { store, route, restrict, policies, quirks }
}

/**
 * Twilio publishes no request rate for the Keys resource; a 429 is error 20429 "Too Many
 * Requests". The fake plays an assumed 100 requests a second per credential.
 */
export function twilioRateLimits(): RateLimit[] {
  return [
    {
      name: 'Twilio (assumed): 100 requests/s per credential',
      bucket: (req) => req.headers.authorization ?? '',
      requests: 100,
      perMs: 1000,
      reply: () => ({
        status: 429,
        json: {
          code: 20429,
          message: 'Too Many Requests',
          more_info: 'https://www.twilio.com/docs/errors/20429',
          status: 429
        }
      })
    }
  ]
}

/** This provider in the sandbox, the bench and the shared suites. */
export const sandbox: ProviderSandbox<ReturnType<typeof twilioFake>> = {
  fake: twilioFake,
  rateLimits: () => twilioRateLimits(),
  alert: { type: 'twilio_api_key', name: 'Twilio API Key' },
  sample: {
    value: `SK${'0123456789abcdef'.repeat(2)}:${'Tw1'.repeat(10)}ab`,
    id: `SK${'0123456789abcdef'.repeat(2)}`
  },
  operations: [
    'DELETE /2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json',
    'GET /2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json',
    'GET /2010-04-01/Accounts/{AccountSid}/Usage/Records.json',
    'GET /v1/Keys',
    'GET /v1/Keys/{Sid}',
    'POST /v1/Keys'
  ],
  requests: (n) => 4 * n // fetch the key, probe, delete, probe (a replacement's calls aside)
}

import type { HttpClient, HttpResponse } from '../http/client.js'
import type { Redactor } from '../secrets.js'

/** The providers this action can revoke keys at: one a folder (`npm run generate` lists them). */
export const PROVIDER_IDS = [
  // generated: provider-ids
  'vastai',
  'baseten',
  'braintrust',
  'quiva',
  'cometapi',
  'openai',
  'github',
  'gitlab',
  'slack',
  'anthropic',
  'fastly',
  'buildkite',
  'vercel',
  'heroku',
  'huggingface',
  'npm',
  'cloudflare',
  'sendgrid',
  'twilio',
  'aws',
  'google'
  // end generated: provider-ids
] as const
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** What authenticates a management call. */
export interface Credential {
  /** `token`: the provider's management credential input; `self`: the leaked key itself. */
  kind: 'token' | 'self'
  secret: string
}

/** What a provider said about a leaked key value when asked for its id. */
export type Resolution =
  /**
   * The key, identified by an exact value match or the provider's own answer naming it.
   * `authenticated`: the value itself was accepted on the way, so it is a live key.
   */
  | { kind: 'found'; id: string; name?: string; authenticated?: boolean }
  /**
   * A listed key whose partial form (preview, redacted value, hint) could show this value, and
   * no other listed key's does. A candidate, never an identification: the engine deletes it only
   * once `owner` (the organization the listing comes from) is the organization the value itself
   * authenticates as (`Provider.ownerOf`).
   */
  | { kind: 'candidate'; id: string; name?: string; shown: string; owner?: string }
  /**
   * The credential's account has no such key (deleted, or another account's); `said`: the
   * provider's own words for it, where they say more (a key already Inactive).
   */
  | { kind: 'not-found'; said?: string }
  /** The leaked key itself was refused: it does not authenticate any more. */
  | { kind: 'key-rejected'; httpStatus: number }
  /** Several keys match; the id must be given. */
  | { kind: 'ambiguous'; matches: number }

/** A delete call's answer, when it is one of the understood ones. */
export type DeleteAnswer =
  /**
   * The provider's answer is about this key: it names it, or it was asked for this key alone.
   * `readBack`: where no value can be probed, the provider's own record of this key, read by its
   * exact id, showed it live before the delete and shows it dead after (AWS's ListAccessKeys:
   * Active, then Inactive); the words say so, and count as the proof.
   */
  | { kind: 'deleted'; readBack?: string }
  /**
   * Accepted, but the answer confirms nothing about this key (GitHub's 202 answers any list of
   * tokens alike): only the value seen alive before and refused after proves it dead.
   */
  | { kind: 'submitted' }
  /**
   * The provider says the key does not exist (a documented not-found), or that it was already
   * revoked before this run (`said` tells which).
   */
  | { kind: 'not-found'; said?: string }
  /** Self-revocation: the leaked key was refused, so it does not authenticate any more. */
  | { kind: 'key-rejected' }

/** A verification probe's answer. */
export type ProbeAnswer =
  | { kind: 'dead' }
  /** `owner`: the organization the answer says the value belongs to, when it says one. */
  | { kind: 'alive'; owner?: string }
  /** The answer proves neither (e.g. a 403 that a live key could also get). */
  | { kind: 'inconclusive'; note: string }

/** Which key to delete: its id, its value, or both. */
export interface DeleteTarget {
  id?: string
  value?: string
}

/** What an adapter call gets from the engine for one provider and run. */
export interface ProviderContext {
  http: HttpClient
  redactor: Redactor
  /** Per-run, per-provider memo: a key list fetched once serves every key of the run. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>
  /**
   * The run's management credential for this provider (`<id>-token`), when one was given: for
   * a probe whose request names the credential's account (Twilio's paths carry its account
   * SID). Never the leaked value.
   */
  token?: string
  /** The provider's `flags` as the inputs set them (`aws-delete`). */
  flags?: Readonly<Record<string, boolean>>
  /**
   * The client for one of the provider's services whose default origin is not `defaultBaseUrl`
   * (`ProviderFacts.serviceUrls`): that origin by default, the `<id>-api-url` origin when one is
   * given (one origin for every service), `http` for a service it does not list.
   */
  service?(name: string): HttpClient
}

/** The status, attempts and answer of the delete request, kept for the report. */
export interface DeleteResult {
  answer: DeleteAnswer
  response: HttpResponse
}

/**
 * One provider: its facts (static, small, read by the settings, reports and registry of every
 * run) and its adapter (the HTTP code, loaded only by a run with a key of this provider).
 */
export type Provider = ProviderFacts & ProviderAdapter

/** What every run may read about a provider without loading its HTTP code. */
export interface ProviderFacts {
  id: ProviderId
  /** Name for people: "Vast.ai". */
  name: string
  /** Other spellings accepted by the `provider` input. */
  aliases: readonly string[]
  defaultBaseUrl: string
  /**
   * The default origins of the provider's other services, by name (AWS's STS, Google's IAM and OAuth
   * token endpoints), for `ProviderContext.service`. A given `<id>-api-url` replaces all of them.
   */
  serviceUrls?: Readonly<Record<string, string>>
  /**
   * Where a run's credential and base URL for this provider come from. Default: an
   * `<id>-token` input (the management credential) and an `<id>-api-url` input (over
   * `defaultBaseUrl`). `token: false`: the delete needs no credential, so there is no token
   * input; `apiUrl: 'GITHUB_API_URL'`: the API is the runner's GitHub API, so no url input.
   */
  inputs?: { token: boolean; apiUrl: 'input' | 'GITHUB_API_URL' }
  /**
   * How results name what the delete call does, when it is not a deletion (Anthropic's Admin
   * API deactivates keys): `done` starts a sentence ("Deactivated (…)"), `verb` follows
   * "would", `noun` follows "the". Default: "Deleted" / "delete" / "delete".
   */
  revocationWords?: { done: string; verb: string; noun: string }
  /** Where the user creates the management credential. */
  tokenHelp: string
  /**
   * The environment variables the management credential is read from, where it comes from the
   * runner's environment rather than an input (AWS: the variables aws-actions/configure-aws-
   * credentials sets). `credentialFromEnv` makes the one string the adapter takes.
   */
  credentialEnv?: readonly string[]
  credentialFromEnv?(env: Record<string, string | undefined>): string | undefined
  /**
   * Yes/no inputs of this provider (`aws-delete`), false unless set: read with the other inputs
   * and handed to the adapter as `ProviderContext.flags`.
   */
  flags?: Readonly<Record<string, string>>
  /**
   * Lines of `key` as people paste this provider's keys (an AWS pair split by a space, or a
   * credentials file's lines), turned into the one form `checkValue` takes; undefined when the
   * lines are not such a paste.
   */
  pastedForms?(lines: readonly string[]): string[] | undefined
  /**
   * What an alert of one of `secretTypes` asks for, where the secret is not a whole key value:
   * an id to revoke by, or why it is left (for a person: `skipped`; loudly: `failed`).
   */
  fromAlert?(
    secretType: string,
    secret: string
  ): { id: string } | { value: string } | { left: string; outcome: 'skipped' | 'failed' }
  /**
   * Where a person creates a key of this provider by hand ("console.vast.ai > Keys"): what a
   * rotating run's report names when no replacement was made.
   */
  keysPage?: string
  /**
   * The provider's documented call that creates a key, where it has one (the adapter's
   * `replacement` holds it; its facts page cites it): rotate-then-revoke makes replacements only
   * with it.
   */
  createCall?: string
  /** Whether the leaked key may authenticate its own delete when no token is given. */
  selfRevocation: boolean
  /** What the leaked key is checked against to prove it dead, for the README and summary. */
  probeDescription: string
  /**
   * What a secret scanning alert's type or display name says when it names this provider
   * (custom patterns: "Baseten API key", vast_ai_api_key). Used only when it names no other.
   */
  alertNames: RegExp
  /**
   * GitHub's own secret scanning types (exact `secret_type` values, from GitHub's list of
   * supported secrets) whose secrets are this provider's keys. A provider with native types
   * needs no custom pattern and no `secret-types` line.
   */
  secretTypes?: readonly string[]
  /**
   * Every shape this provider's secrets take, to find inside any text: what matches is cut out
   * of everything the action writes, whether or not the run knows the value (a listing or an
   * error quoting another key). Unanchored; the `g` flag is added where they are used.
   */
  keyShapes: readonly RegExp[]
  /**
   * Response headers the provider documents as its own id of a request (`x-request-id`), in the
   * order tried: the receipt records it with each operation, so that the provider's support can
   * find the request. Only documented ones (its facts page cites where); none: no request id.
   */
  requestIdHeaders?: readonly string[]
  /** How to undo the revocation of a key that was not the leaked one (for the report). */
  restoreHelp?: string
  /**
   * The provider's own documented delay before a revocation takes effect, in words that follow
   * "documents" ("a delay of up to an hour before a token is revoked"), where it documents one
   * longer than the verify window. A key its own delete answered for that still works at the end
   * of the window is then reported sent, not proven (never revoked, never collateral): its facts
   * page cites the delay.
   */
  revocationDelay?: string
  /**
   * Values of this provider that are not a short line of printable characters (Google's
   * service account key file, JSON or its base64 of some 3 KB): taken whole by `key` and alerts.
   */
  takesLongValue?(value: string): boolean
  /**
   * The secret parts of a value in the forms they could be written in, where the value holds
   * more than itself (a key file's private key as PEM, its base64 lines, `\\n`-escaped):
   * registered with the value the moment it is read.
   */
  secretForms?(value: string): string[]
  /**
   * What kind of key this is, where the provider has kinds that differ in power (OpenAI's admin
   * keys): what `approval-required`'s `key-kind:` rules match. Undefined: no kind known.
   */
  keyKind?(key: { id?: string; value?: string }): string | undefined
  /** Key formats that name this provider and no other one. */
  ownsKeyFormat?(value: string): boolean
  /** An error text when `id` is not of this provider's id shape. */
  checkId(id: string): string | undefined
  /** An error text when `value` cannot be one of this provider's keys. */
  checkValue?(value: string): string | undefined
  /**
   * An error text when the management credential (`<id>-token`) is not of the form this
   * provider's adapter needs (Twilio's `ACCOUNT_SID:AUTH_TOKEN`): checked with the inputs,
   * before any request. Never quotes the token.
   */
  checkToken?(token: string): string | undefined
  /**
   * Concurrency per run and minimum spacing of calls per pacing class.
   * `fromAnswer` lists the classes whose spacing is a threshold the provider
   * measures between calls as they arrive: those go one at a time, each a full
   * interval after the previous one's answer.
   */
  limits: {
    concurrency: number
    /** Most keys one `deleteMany` request takes. */
    batch?: number
    /**
     * The provider's published spacing between calls that share a budget, in ms, where it
     * publishes one (its facts page cites it): the floor the bench holds a run to. The
     * adapter's own `minIntervalMs` may keep a margin above it.
     */
    publishedSpacingMs?: number
    minIntervalMs?: Record<string, number>
    fromAnswer?: readonly string[]
  }
}

/**
 * What `npm run generate` writes into action.yml, the README, the examples and the provider's
 * page: text for people, never read by a run. Each provider's `docs.ts` exports it as `docs`,
 * outside its facts, so no run parses it.
 */
export interface ProviderDocs {
  /** What `key-id` takes ("integer id", "`apikey_…` id"); absent when its keys have no id. */
  idForm?: string
  /** The key formats that name this provider and no other (markdown): `provider` may be omitted. */
  ownFormat?: string
  /** Where the `<id>-token` credential is created, what it must be allowed, what happens without. */
  credential?: { where: string; allowed: string; without: string }
  /** What else to know about the `<id>-api-url` input, after its default. */
  apiUrl?: string
  /**
   * GitHub's own secret types for this provider's secrets, mapped or not, each with why
   * (docs/secret-types.md). Where each maps is the registry's answer, not written here.
   */
  secretTypes?: Readonly<Record<string, string>>
}

/**
 * A provider's HTTP code. It follows the provider's published contract to the letter and throws
 * `RevocationFailure` for every answer it does not understand: it never guesses that a key is
 * gone.
 */
export interface ProviderAdapter {
  /**
   * The organization a live value belongs to, read from a documented signal of the provider's
   * answer to the value itself. Present where `resolve` can only offer a candidate: a
   * candidate is deleted only when this names the organization its listing comes from.
   */
  ownerOf?(ctx: ProviderContext, value: string): Promise<ProbeAnswer>
  /**
   * Whether an answer other than 429 is the provider's "slow down" (AWS's HTTP 400
   * `Throttling`): the client then waits and retries it as a 429.
   */
  throttled?(status: number, text: string): boolean
  /** A provider's own way of saying how long to wait in a 429 body, in seconds. */
  retryAfterFromBody?(text: string): number | undefined
  /**
   * Finds the id of a key from its value. Absent when `delete` takes the value
   * itself (quiva.ai), so no lookup is needed.
   */
  resolve?(ctx: ProviderContext, value: string, auth: Credential): Promise<Resolution>
  /** Deletes a key. `target.id` is set unless the adapter has no `resolve`. */
  delete(ctx: ProviderContext, target: DeleteTarget, auth: Credential): Promise<DeleteResult>
  /**
   * Deletes several keys with one request, where the provider's API takes a list (GitHub's
   * credential revocation). With it, the engine gathers the run's keys that reached their
   * delete, at most `limits.batch` at a time, and calls this instead of `delete`: one result
   * per target, in order. `auth` is the keys' shared credential (`self` for a list of keys
   * that needs no other).
   */
  deleteMany?(
    ctx: ProviderContext,
    targets: DeleteTarget[],
    auth: Credential
  ): Promise<DeleteResult[]>
  /** Asks the provider, with the leaked key itself, whether the key still works. */
  probe(ctx: ProviderContext, value: string): Promise<ProbeAnswer>
  /**
   * The provider's documented create call, for rotate-then-revoke (src/rotate/): present only
   * where one exists, cited on its facts page. A replacement is deleted with `delete`.
   */
  replacement?: Replacement
}

/** The key a replacement stands in for: its id and its (leaked) value. */
export interface OldKey {
  id: string
  value: string
}

/** How a provider makes a replacement key. */
export interface Replacement {
  /**
   * How many times the new key's own probe is asked before it counts as not working, where the
   * provider documents that a new key takes a while to be accepted everywhere; default 3.
   */
  probeTries?: number
  /**
   * Why this key cannot be replaced through the create call, where that depends on the key
   * (OpenAI creates admin keys, not project keys); undefined when it can.
   */
  unsupported?(old: OldKey): string | undefined
  /**
   * A live key an earlier run made to replace this one: a key whose name holds `marker`. A
   * re-run finds it and creates no second one.
   */
  findEarlier(
    ctx: ProviderContext,
    old: OldKey,
    marker: string,
    auth: Credential
  ): Promise<{ id: string } | undefined>
  /**
   * Creates a key with the old key's scope and permissions, named `name`. The new value is
   * registered with `ctx.redactor` the moment it is read, before anything else is done.
   */
  create(
    ctx: ProviderContext,
    old: OldKey,
    name: string,
    auth: Credential
  ): Promise<{ id: string; value: string }>
}

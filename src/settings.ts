import * as z from 'zod/mini'
import { InputError } from './errors.js'
import { RELAY_PAYLOADS } from './github/relayed-alert.js'
import { checkBaseUrl } from './http/url-policy.js'
import {
  PROVIDERS,
  apiUrlInput,
  findProvider,
  keyShapes,
  providerForValue,
  tokenInput,
  withArticle
} from './providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from './providers/types.js'
import type { Redactor } from './secrets.js'
import type { AlertSettings, KeyRequest, Settings } from './model.js'

/** Reads one input; empty string when unset (as `core.getInput`). */
export type InputReader = (name: string) => string

/** The run's event, as far as the inputs need it. */
export interface RunEvent {
  /** GITHUB_EVENT_NAME. */
  name: string
  /** The payload's `inputs` (a workflow_dispatch run's form), unchecked. */
  inputs?: unknown
}

/** What `readSettings` needs besides the inputs. */
export interface ReadOptions {
  /** The event relays a secret scanning alert (`repository_dispatch`). */
  relay?: boolean
  /** The run's event: `key-from-input` reads the key from its inputs. */
  event?: RunEvent
  /** The runner's environment (default: the process's), for GITHUB_API_URL. */
  env?: Record<string, string | undefined>
}

const ACCEPTED_PROVIDERS = PROVIDER_IDS.join(', ')
const MAX_KEYS = 1000

const booleanInput = z.pipe(
  z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['true', 'false'])),
  z.transform((v) => v === 'true')
)
const issueNumberInput = z.pipe(
  z.string().check(z.trim(), z.regex(/^[1-9]\d{0,9}$/)),
  z.transform(Number)
)
const timeoutInput = z.pipe(
  z.pipe(z.string().check(z.trim(), z.regex(/^\d{1,6}$/)), z.transform(Number)),
  z.int().check(z.minimum(10), z.maximum(21_600))
)
// Printable ASCII without spaces: what every supported key and id looks like.
const tokenText = z.string().check(z.regex(/^[\x21-\x7e]{8,4096}$/))

function parse<T>(
  name: string,
  schema: z.ZodMiniType<T>,
  raw: string,
  expected: string,
  secret = false
): T {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const shown = secret
    ? ''
    : ` ('${raw
        .trim()
        .slice(0, 40)
        .replace(/[^\x20-\x7e]/g, '?')}')`
  throw new InputError(
    name,
    `Input '${name}'${shown} is not valid: expected ${expected}.`,
    shown || undefined
  )
}

function optional<T>(
  read: InputReader,
  name: string,
  schema: z.ZodMiniType<T>,
  expected: string,
  fallback: T
): T {
  const raw = read(name)
  return raw.trim() === '' ? fallback : parse(name, schema, raw, expected)
}

/** Non-empty, trimmed lines, each once. */
function lines(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0)
    )
  ]
}

/**
 * Reads and checks every input. Secrets are registered with the redactor
 * (which masks them in the log) the moment they are read, before any check
 * that could fail on them. Throws `InputError` naming the input at fault.
 */
export function readSettings(
  read: InputReader,
  redactor: Redactor,
  options: ReadOptions = {}
): Settings {
  // Every secret input is masked first, before any check that could stop on one of them.
  const secrets = readSecrets(read, options.event)
  for (const secret of [
    ...secrets.tokens.map(([, raw]) => raw),
    secrets.githubToken,
    secrets.alertsToken,
    ...secrets.keyValues,
    ...secrets.fromInput.secrets
  ]) {
    if (secret) redactor.add(secret)
  }
  // A key pasted into an input that holds no secret (an id, a name, a number) is a secret too.
  for (const name of PLAIN_INPUTS)
    for (const found of read(name).match(anyKeyShape()) ?? []) redactor.add(found)
  const warnings: string[] = []
  const pasted = pastedIntoKeyId(
    read,
    secrets.keyValues.length > 0 || secrets.fromInput.name !== ''
  )
  if (pasted) {
    secrets.keyValues = pasted
    warnings.push(
      "Input 'key-id' holds a key value, not an id: it is revoked as the value it is. The runner printed every `with:` value in this step's log before the action started, so delete this workflow run's logs too; next time give the key in 'key-from-input' (or 'key' from a secret) and only an id in 'key-id'."
    )
  }
  const reader: InputReader = pasted ? (name) => (name === 'key-id' ? '' : read(name)) : read
  try {
    return {
      ...readChecked(reader, options, secrets),
      warnings
    }
  } catch (error) {
    // An error may quote the value of a plain input; if that value is (part of) a secret
    // pasted into the wrong input, say the same without the quote.
    if (error instanceof InputError && error.echo && redactor.scrub(error.echo) !== error.echo) {
      throw new InputError(error.input, error.message.replace(error.echo, ''))
    }
    throw error
  }
}

/** Inputs that hold no secret: a key pasted into one is masked all the same. */
const PLAIN_INPUTS = [
  'provider',
  'key-id',
  'key-from-input',
  'issue-number',
  'report-key',
  'org',
  'alert-number',
  'secret-types'
]

/** Any provider's key shape, anywhere in a text. */
function anyKeyShape(): RegExp {
  return new RegExp(
    keyShapes()
      .map((shape) => `(?:${shape.source})`)
      .join('|'),
    'g'
  )
}

/**
 * The lines of `key-id` when every one of them is a whole key value (already masked), to be
 * revoked as values; undefined when none is. A key value beside ids, or beside a key given
 * another way, cannot be told apart from them: refused, naming only line numbers.
 */
function pastedIntoKeyId(read: InputReader, valueGiven: boolean): string[] | undefined {
  const ids = lines(read('key-id'))
  const whole = new RegExp(`^(?:${anyKeyShape().source})$`)
  const keyLines = ids.flatMap((id, i) => (whole.test(id) ? [i + 1] : []))
  if (keyLines.length === 0) return undefined
  if (keyLines.length < ids.length || valueGiven)
    throw new InputError(
      'key-id',
      `Input 'key-id' line(s) ${keyLines.join(', ')} hold a key value, not an id. It is masked, and nothing was sent. Give key values in 'key-from-input' (or 'key' from a secret) and only ids in 'key-id'; the runner printed every \`with:\` value in this step's log, so delete this workflow run's logs too.`
    )
  return ids
}

/** What `key-from-input` found in the event, read before any check so it is masked first. */
interface KeyFromInput {
  /** The `key-from-input` input itself (a name), trimmed; empty when unset. */
  name: string
  /** Lines of the named workflow_dispatch input, when it holds text. */
  values: string[]
  /** Everything to mask: those lines, and the name itself when it is really a key value. */
  secrets: string[]
  /** The event's inputs, when this run is a workflow_dispatch run with an inputs object. */
  inputs: Record<string, unknown> | undefined
}

/** A workflow_dispatch input id: a letter or `_`, then letters, digits, `-` or `_`. */
const DISPATCH_INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/

function readKeyFromInput(read: InputReader, event: RunEvent | undefined): KeyFromInput {
  const name = read('key-from-input').trim()
  const raw = event?.inputs
  const inputs =
    event?.name === 'workflow_dispatch' && raw && typeof raw === 'object' && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : undefined
  if (!name) return { name, values: [], secrets: [], inputs }
  const held = inputs && Object.hasOwn(inputs, name) ? inputs[name] : undefined
  const values = typeof held === 'string' ? lines(held) : []
  // `key-from-input: ${{ inputs.leaked-key }}` passes the key instead of its input's name.
  const isValue =
    held === undefined &&
    Object.values(inputs ?? {}).some((v) => typeof v === 'string' && v.trim() === name)
  return { name, values, secrets: isValue ? [...values, name] : values, inputs }
}

/** Checks `key-from-input` and returns the key lines it names (or throws, naming it). */
function keyFromInputValues(
  fromInput: KeyFromInput,
  keyGiven: boolean,
  event: RunEvent | undefined,
  /** `key-id` or an alert gives the run something else to revoke: an empty form field is fine. */
  otherwise: boolean
): string[] {
  if (keyGiven)
    throw new InputError(
      'key-from-input',
      `Inputs 'key' and 'key-from-input' cannot be used together: give the key one way. Prefer 'key-from-input', which keeps the value out of the step's log.`
    )
  if (event?.name !== 'workflow_dispatch') {
    const started = /^[a-z_]{1,40}$/.test(event?.name ?? '') ? `'${event?.name}'` : 'another event'
    throw new InputError(
      'key-from-input',
      `Input 'key-from-input' reads the key from an input of the workflow_dispatch event, but this run was started by ${started}, which has none. Use it in a workflow that runs on workflow_dispatch; otherwise give 'key-id' or 'alert-number'.`
    )
  }
  if (fromInput.secrets.includes(fromInput.name))
    throw new InputError(
      'key-from-input',
      `Input 'key-from-input' holds the value of a workflow_dispatch input, not its name. Write the name (for example 'key-from-input: leaked-key'), never an expression such as \${{ inputs.leaked-key }}: the runner printed this value in the step's log before the action started. Revoke the key anyway, then delete this workflow run.`
    )
  if (!DISPATCH_INPUT_NAME.test(fromInput.name))
    throw new InputError(
      'key-from-input',
      `Input 'key-from-input' is not valid: expected the name of a workflow_dispatch input (a letter or _, then letters, digits, - or _), for example 'leaked-key'.`
    )
  const inputs = fromInput.inputs ?? {}
  if (!Object.hasOwn(inputs, fromInput.name)) {
    // A form field left empty may be missing from the payload (a run started through the API).
    if (otherwise) return []
    const names = Object.keys(inputs).filter((n) => DISPATCH_INPUT_NAME.test(n))
    throw new InputError(
      'key-from-input',
      `Input 'key-from-input' names the workflow_dispatch input '${fromInput.name}', but this run has no input of that name (${names.length > 0 ? `its inputs: ${names.slice(0, 25).join(', ')}` : 'it has no inputs'}). Declare it under on.workflow_dispatch.inputs, or correct the name.`,
      `'${fromInput.name}'`
    )
  }
  if (typeof inputs[fromInput.name] !== 'string')
    throw new InputError(
      'key-from-input',
      `Input 'key-from-input' names the workflow_dispatch input '${fromInput.name}', which does not hold text: declare it with type: string.`,
      `'${fromInput.name}'`
    )
  if (fromInput.values.length === 0 && !otherwise)
    throw new InputError(
      'key-from-input',
      `Input 'key-from-input' names the workflow_dispatch input '${fromInput.name}', which is empty: start the run again and type the leaked key into it (or give the key's id, or its alert's number).`,
      `'${fromInput.name}'`
    )
  return fromInput.values
}

/** Errors about key lines name `key-from-input` when the lines came from it. */
function fromDispatch<T>(used: boolean, name: string, readKeys: () => T): T {
  if (!used) return readKeys()
  try {
    return readKeys()
  } catch (error) {
    if (!(error instanceof InputError) || error.input !== 'key') throw error
    throw new InputError(
      'key-from-input',
      error.message.replaceAll("'key'", `'key-from-input' (input '${name}')`),
      error.echo
    )
  }
}

/** The inputs that hold secrets, as given: read before anything else, to be masked at once. */
interface SecretInputs {
  /** Each provider's management token input, by provider. */
  tokens: (readonly [ProviderId, string])[]
  githubToken: string
  alertsToken: string
  /** `key`, one value per line. */
  keyValues: string[]
  fromInput: KeyFromInput
}

function readSecrets(read: InputReader, event: RunEvent | undefined): SecretInputs {
  return {
    tokens: PROVIDER_IDS.flatMap((id) => {
      const input = tokenInput(PROVIDERS[id])
      return input ? [[id, read(input).trim()] as const] : []
    }),
    githubToken: read('github-token').trim(),
    alertsToken: read('alerts-token').trim(),
    keyValues: lines(read('key')),
    fromInput: readKeyFromInput(read, event)
  }
}

/** Each provider's management token, checked. */
function readTokens(given: SecretInputs['tokens']): Partial<Record<ProviderId, string>> {
  const tokens: Partial<Record<ProviderId, string>> = {}
  for (const [id, raw] of given) {
    if (raw)
      tokens[id] = parse(
        `${id}-token`,
        tokenText,
        raw,
        'a single-line token of 8 or more characters without spaces',
        true
      )
  }
  return tokens
}

function readChecked(
  read: InputReader,
  options: ReadOptions,
  secrets: SecretInputs
): Omit<Settings, 'warnings'> {
  const { githubToken: githubRaw, alertsToken: alertsTokenRaw, keyValues, fromInput } = secrets
  const tokens = readTokens(secrets.tokens)
  const ids = lines(read('key-id'))

  const baseUrls = {} as Record<ProviderId, URL>
  for (const id of PROVIDER_IDS) {
    const input = apiUrlInput(PROVIDERS[id])
    // No input: the runner's GitHub API (checked again, and refused if bad, by the run itself).
    const name = input ?? 'GITHUB_API_URL'
    const raw = input
      ? read(input).trim()
      : ((options.env ?? process.env).GITHUB_API_URL ?? '').trim()
    if (!raw) {
      baseUrls[id] = new URL(PROVIDERS[id].defaultBaseUrl)
      continue
    }
    const checked = checkBaseUrl(raw)
    if ('error' in checked)
      throw new InputError(name, `${input ? `Input '${name}'` : name} ${checked.error}.`)
    baseUrls[id] = checked.url
  }

  const alerts = readAlertSettings(read, alertsTokenRaw || githubRaw || undefined)
  const alertDriven = alerts.sweep || alerts.alertNumber !== undefined || options.relay === true
  const dispatched = fromInput.name !== ''
  const values = dispatched
    ? keyFromInputValues(
        fromInput,
        keyValues.length > 0,
        options.event,
        alertDriven || ids.length > 0
      )
    : keyValues
  if (
    !alertDriven &&
    values.length === 0 &&
    ids.length === 0 &&
    options.event?.name === 'repository_dispatch'
  )
    throw new InputError(
      'client_payload',
      `This run was started by repository_dispatch, but its client_payload carries no secret scanning alert. Expected client_payload: ${RELAY_PAYLOADS}. To revoke a key without an alert, give 'key-id' or 'alert-number'.`
    )
  const keys =
    alertDriven && values.length === 0 && ids.length === 0
      ? []
      : fromDispatch(dispatched, fromInput.name, () =>
          readKeys(read('provider'), values, ids).map((k) =>
            dispatched ? { ...k, source: k.source.replace(/^key line/, 'key-from-input line') } : k
          )
        )
  return {
    keys,
    tokens,
    baseUrls,
    verify: optional(read, 'verify', booleanInput, "'true' or 'false'", true),
    dryRun: optional(read, 'dry-run', booleanInput, "'true' or 'false'", false),
    githubToken: githubRaw || undefined,
    issueNumber: optional(
      read,
      'issue-number',
      issueNumberInput,
      'an issue or pull request number',
      undefined
    ),
    failOnError: optional(read, 'fail-on-error', booleanInput, "'true' or 'false'", true),
    timeoutMs:
      optional(
        read,
        'timeout-seconds',
        timeoutInput,
        'a whole number of seconds from 10 to 21600',
        600
      ) * 1000,
    alerts,
    createIssue: optional(read, 'create-issue', booleanInput, "'true' or 'false'", false),
    reportKey: optional(
      read,
      'report-key',
      z.string().check(z.trim(), z.regex(/^[A-Za-z0-9._-]{1,64}$/)),
      'up to 64 letters, digits, ., - or _ (for example ${{ strategy.job-index }})',
      undefined
    )
  }
}

function readAlertSettings(read: InputReader, token: string | undefined): AlertSettings {
  const mode = optional(
    read,
    'alerts',
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['none', 'open'])),
    "'none' or 'open'",
    'none'
  )
  const scope = optional(
    read,
    'alerts-scope',
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['repo', 'org'])),
    "'repo' or 'org'",
    'repo'
  )
  const org = optional(
    read,
    'org',
    z.string().check(z.trim(), z.regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/)),
    'an organization login',
    undefined
  )
  const alertNumber = optional(read, 'alert-number', issueNumberInput, 'an alert number', undefined)
  return {
    sweep: mode === 'open',
    scope,
    org,
    alertNumber,
    secretTypes: readSecretTypes(read('secret-types')),
    resolve: optional(read, 'resolve-alerts', booleanInput, "'true' or 'false'", true),
    resolveNotFound: optional(
      read,
      'resolve-not-found-alerts',
      booleanInput,
      "'true' or 'false'",
      false
    ),
    token
  }
}

/** `secret-types`: lines of `secret_type=provider`; blank lines and `#` comments are skipped. */
function readSecretTypes(raw: string): Map<string, ProviderId> {
  const mapping = new Map<string, ProviderId>()
  raw.split(/\r?\n/).forEach((text, i) => {
    const line = text.trim()
    if (!line || line.startsWith('#')) return
    const eq = line.lastIndexOf('=')
    const type = line.slice(0, eq).trim()
    const provider = findProvider(line.slice(eq + 1))
    if (eq < 1 || !type || !provider) {
      throw new InputError(
        'secret-types',
        `Input 'secret-types' line ${i + 1} is not valid: expected secret_type=provider, with provider one of ${ACCEPTED_PROVIDERS}.`
      )
    }
    mapping.set(type, provider.id)
  })
  return mapping
}

function readKeys(providerRaw: string, values: string[], ids: string[]): KeyRequest[] {
  if (values.length === 0 && ids.length === 0) {
    throw new InputError(
      'key',
      "Input 'key' or 'key-id' is required: the leaked key value, or its id at the provider. In a workflow_dispatch run, name the input that holds the key with 'key-from-input' instead of 'key'."
    )
  }
  if (values.length > 0 && ids.length > 0 && values.length !== ids.length) {
    throw new InputError(
      'key-id',
      `Input 'key-id' has ${ids.length} line(s) and 'key' has ${values.length}: when both are given, line N of 'key-id' must be the id of line N of 'key'.`
    )
  }
  if (Math.max(values.length, ids.length) > MAX_KEYS) {
    throw new InputError('key', `Inputs 'key' and 'key-id' take at most ${MAX_KEYS} keys per run.`)
  }
  values.forEach((value, i) => {
    if (!/^[\x21-\x7e]{8,1024}$/.test(value)) {
      throw new InputError(
        'key',
        `Input 'key' line ${i + 1} is not a key: expected 8 to 1024 printable characters without spaces.`
      )
    }
  })

  const provider = chooseProvider(providerRaw, values, ids)
  const adapter = PROVIDERS[provider]
  ids.forEach((id, i) => {
    const problem = adapter.checkId(id)
    if (problem)
      throw new InputError(
        'key-id',
        `Input 'key-id' line ${i + 1} is not ${withArticle(adapter.name)} key id: expected ${problem}.`
      )
  })
  // A key wrapped onto two lines reads as two keys: the second line lacks the key's prefix.
  const owns = adapter.ownsKeyFormat?.bind(adapter)
  values.forEach((value, i) => {
    const before = values[i - 1]
    if (owns && before !== undefined && owns(before) && !owns(value))
      throw new InputError(
        'key',
        `Input 'key' line ${i + 1} does not start like ${withArticle(adapter.name)} key, and line ${i} does: is one key cut short, or wrapped onto two lines? Put each key whole on one line; if line ${i + 1} is a key id, give it in \`key-id\` instead.`
      )
  })
  values.forEach((value, i) => {
    const problem = adapter.checkValue?.(value)
    if (problem)
      throw new InputError(
        'key',
        `Input 'key' line ${i + 1} is not ${withArticle(adapter.name)} key: expected ${problem}.`
      )
  })

  const count = Math.max(values.length, ids.length)
  return Array.from({ length: count }, (_, i) => {
    const request: KeyRequest = {
      provider,
      source: ids[i] !== undefined ? `key-id line ${i + 1}` : `key line ${i + 1}`
    }
    if (ids[i] !== undefined) request.id = ids[i]
    if (values[i] !== undefined) request.value = values[i]
    return request
  })
}

function chooseProvider(raw: string, values: string[], ids: string[]): ProviderId {
  if (raw.trim()) {
    const found = findProvider(raw)
    if (!found) {
      // Echo the value only when it reads like a mistyped name; `readSettings` drops the echo
      // if it overlaps a key or token (one pasted into the wrong input).
      const shown = raw.trim()
      const echo = /^[A-Za-z0-9. _-]{1,16}$/.test(shown) ? ` ('${shown}')` : ''
      throw new InputError(
        'provider',
        `Input 'provider'${echo} is not supported: expected one of ${ACCEPTED_PROVIDERS}.`,
        echo || undefined
      )
    }
    return found.id
  }
  if (ids.length > 0 && values.length === 0) {
    throw new InputError(
      'provider',
      `Input 'provider' is required with 'key-id': expected one of ${ACCEPTED_PROVIDERS}.`
    )
  }
  const inferred = new Set(values.map((v) => providerForValue(v)?.id))
  const only = [...inferred][0]
  if (inferred.size === 1 && only) return only
  if (inferred.size > 1 && !inferred.has(undefined)) {
    throw new InputError(
      'provider',
      "Input 'key' holds keys of different providers: run the action once per provider."
    )
  }
  throw new InputError(
    'provider',
    `Input 'provider' is required: the key's format does not name one provider (sk- keys fit both braintrust and cometapi; Vast.ai keys have no prefix). Expected one of ${ACCEPTED_PROVIDERS}.`
  )
}

import { InputError } from '../errors.js'
import {
  PROVIDERS,
  keyShapes,
  secretFormsOf,
  takesLongValue,
  tokenInput
} from '../providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../providers/types.js'
import type { Redactor } from '../secrets.js'
import { lines, parse, tokenText, type InputReader } from './inputs.js'
import { readKeyFromInput, type KeyFromInput, type RunEvent } from './key-from-input.js'

/**
 * Reads every input that holds a secret and masks each (registers it with the redactor) before
 * any check that could stop on one of them; a key pasted into an input that holds none is
 * masked too. Key values pasted into `key-id` become the values to revoke, with a warning, and
 * `read` then sees `key-id` empty.
 */
export function readSecretInputs(
  read: InputReader,
  redactor: Redactor,
  event: RunEvent | undefined,
  env: Record<string, string | undefined> = process.env
): { secrets: SecretInputs; read: InputReader; warnings: string[] } {
  const secrets = readSecrets(read, event, env)
  // A credential from the environment (`ProviderFacts.credentialEnv`) is masked variable by variable too.
  for (const p of Object.values(PROVIDERS))
    for (const name of p.credentialEnv ?? []) if (env[name]?.trim()) redactor.add(env[name].trim())
  // A pair pasted on one line or as a credentials file's lines holds secrets of its own (the
  // secret access key alone): masked before the lines are joined into the provider's form.
  for (const text of [read('key'), ...secrets.fromInput.values])
    for (const piece of secretFormsOf(text)) redactor.add(piece)
  secrets.keyValues = pastedForms(secrets.keyValues)
  secrets.fromInput = { ...secrets.fromInput, values: pastedForms(secrets.fromInput.values) }
  for (const secret of [
    ...secrets.tokens.map(([, raw]) => raw),
    secrets.githubToken,
    secrets.alertsToken,
    // Rotation's token (src/rotate/settings.ts reads and checks it).
    read('secrets-token').trim(),
    ...secrets.keyValues,
    ...secrets.fromInput.secrets
  ]) {
    if (secret) for (const form of [secret, ...secretFormsOf(secret)]) redactor.add(form)
  }
  // A key pasted into an input that holds no secret (an id, a name, a number) is a secret too.
  for (const name of PLAIN_INPUTS) {
    for (const found of read(name).match(anyKeyShape()) ?? []) redactor.add(found)
    // A key file (base64 on a line, or JSON) has no short shape: each such line is one whole.
    for (const line of [read(name), ...lines(read(name))])
      if (takesLongValue(line))
        for (const form of [line.trim(), ...secretFormsOf(line)]) redactor.add(form)
  }
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
  return { secrets, read: reader, warnings }
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
  'secret-types',
  'rotate-into',
  'rotate-secrets'
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
  const keyLines = ids.flatMap((id, i) => (whole.test(id) || takesLongValue(id) ? [i + 1] : []))
  if (keyLines.length === 0) return undefined
  if (keyLines.length < ids.length || valueGiven)
    throw new InputError(
      'key-id',
      `Input 'key-id' line(s) ${keyLines.join(', ')} hold a key value, not an id. It is masked, and nothing was sent. Give key values in 'key-from-input' (or 'key' from a secret) and only ids in 'key-id'; the runner printed every \`with:\` value in this step's log, so delete this workflow run's logs too.`
    )
  return ids
}

/** The inputs that hold secrets, as given: read before anything else, to be masked at once. */
export interface SecretInputs {
  /** Each provider's management token input, by provider. */
  tokens: (readonly [ProviderId, string])[]
  githubToken: string
  alertsToken: string
  /** `key`, one value per line. */
  keyValues: string[]
  fromInput: KeyFromInput
}

/** Key lines as people paste them, in the one form their provider takes (a pair split by a space). */
function pastedForms(values: string[]): string[] {
  for (const p of Object.values(PROVIDERS)) {
    const joined = p.pastedForms?.(values)
    if (joined) return joined
  }
  return values
}

function readSecrets(
  read: InputReader,
  event: RunEvent | undefined,
  env: Record<string, string | undefined>
): SecretInputs {
  return {
    tokens: PROVIDER_IDS.flatMap((id) => {
      const input = tokenInput(PROVIDERS[id])
      if (input) return [[id, read(input).trim()] as const]
      const fromEnv = PROVIDERS[id].credentialFromEnv?.(env)
      return fromEnv ? [[id, fromEnv] as const] : []
    }),
    githubToken: read('github-token').trim(),
    alertsToken: read('alerts-token').trim(),
    keyValues: lines(read('key')),
    fromInput: readKeyFromInput(read, event)
  }
}

/** Each provider's management token, checked. */
export function readTokens(given: SecretInputs['tokens']): Partial<Record<ProviderId, string>> {
  const tokens: Partial<Record<ProviderId, string>> = {}
  for (const [id, raw] of given) {
    if (!raw) continue
    const env = PROVIDERS[id].credentialEnv
    if (env) {
      // Named by its variables, never quoted.
      const problem = PROVIDERS[id].checkToken?.(raw)
      if (problem)
        throw new InputError(
          env[0] ?? `${id}-token`,
          `The ${PROVIDERS[id].name} credentials in the environment (${env.join(', ')}) are not valid: expected ${problem}.`
        )
      tokens[id] = raw
      continue
    }
    const token = parse(
      `${id}-token`,
      tokenText,
      raw,
      'a single-line token of 8 or more characters without spaces',
      true
    )
    const problem = PROVIDERS[id].checkToken?.(token)
    if (problem)
      throw new InputError(`${id}-token`, `Input '${id}-token' is not valid: expected ${problem}.`)
    tokens[id] = token
  }
  return tokens
}

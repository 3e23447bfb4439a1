import { InputError } from '../errors.js'
import { PROVIDERS, keyShapes, tokenInput } from '../providers/registry.js'
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
  event: RunEvent | undefined
): { secrets: SecretInputs; read: InputReader; warnings: string[] } {
  const secrets = readSecrets(read, event)
  for (const secret of [
    ...secrets.tokens.map(([, raw]) => raw),
    secrets.githubToken,
    secrets.alertsToken,
    // Rotation's token (src/rotate/settings.ts reads and checks it).
    read('secrets-token').trim(),
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
  const keyLines = ids.flatMap((id, i) => (whole.test(id) ? [i + 1] : []))
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
export function readTokens(given: SecretInputs['tokens']): Partial<Record<ProviderId, string>> {
  const tokens: Partial<Record<ProviderId, string>> = {}
  for (const [id, raw] of given) {
    if (!raw) continue
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

import { InputError } from '../errors.js'
import type { RotationSettings, SecretRef } from '../model.js'
import type { Redactor } from '../secrets.js'
import { lines, parse, tokenText, type InputReader } from './inputs.js'

// Rotate, then revoke: which secret holds which key is never guessed. A run names it
// (`rotate-into`, for its one key), or hands over the current values of the secrets that may
// hold a leaked key (`rotate-secrets`: each line a secret, its value in the step's `env:`), and a
// key is rotated into the one secret whose value is exactly the leaked key. README "Rotate,
// then revoke" documents both.

/** GitHub's rule for secret names: letters, digits and `_`, not a digit first, no GITHUB_. */
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]{0,199}$/i
/** An environment name as a path segment takes it: printable, no `/`. */
const ENVIRONMENT = /^[\x20-\x2e\x30-\x7e]{1,255}$/
/** An environment variable's name, as a workflow's `env:` writes one. */
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/

const EXPECTED =
  'repo:NAME, env:ENVIRONMENT/NAME or org:NAME (an Actions secret of this repository, one of its environments, or its organization)'

/** `repo:NAME`, `env:ENV/NAME` or `org:NAME`; undefined when the text is none of them. */
export function parseSecretRef(text: string): SecretRef | undefined {
  const match = /^(repo|env|org):(.+)$/.exec(text.trim())
  if (!match) return undefined
  const [, scope, rest = ''] = match
  if (scope === 'env') {
    const slash = rest.lastIndexOf('/')
    const environment = rest.slice(0, slash).trim()
    const name = rest.slice(slash + 1).trim()
    if (slash < 1 || !ENVIRONMENT.test(environment) || !SECRET_NAME.test(name)) return undefined
    return { scope: 'env', environment, name }
  }
  const name = rest.trim()
  if (!SECRET_NAME.test(name)) return undefined
  return scope === 'repo' ? { scope: 'repo', name } : { scope: 'org', name }
}

/**
 * The rotation inputs, checked before any request; undefined when the run rotates nothing.
 * Every value read from the environment is registered with the redactor before any check.
 * `keyCount`: the keys the inputs give (alert-driven runs learn theirs later: `rotate-into`
 * names one secret for one key, so it needs one given key and no alert).
 */
export function readRotation(
  read: InputReader,
  env: Record<string, string | undefined>,
  redactor: Redactor,
  run: { keyCount: number; alertDriven: boolean; dryRun: boolean }
): RotationSettings | undefined {
  const into = read('rotate-into').trim()
  const listed = lines(read('rotate-secrets'))
  const rawToken = read('secrets-token').trim()
  if (rawToken) redactor.add(rawToken)
  // The values first: masked before any check below could stop on one of them.
  const values = listed.map((line) => {
    const [, envVar = ''] = /=\s*(\S+)\s*$/.exec(line) ?? []
    const ref = parseSecretRef(line.replace(/=\s*\S+\s*$/, ''))
    const name = envVar || ref?.name || ''
    const value = ENV_VAR.test(name) ? (env[name] ?? '') : ''
    if (value) redactor.add(value)
    return { line, ref, name, value }
  })
  if (!into && listed.length === 0) {
    if (rawToken)
      throw new InputError(
        'secrets-token',
        "Input 'secrets-token' is given, but neither 'rotate-into' nor 'rotate-secrets' says which secret holds the key: give one of them, or leave 'secrets-token' out to revoke without a replacement."
      )
    return undefined
  }
  const using = into ? 'rotate-into' : 'rotate-secrets'
  if (into && listed.length > 0)
    throw new InputError(
      'rotate-into',
      "Give either 'rotate-into' (the secret that holds the run's one key) or 'rotate-secrets' (secrets to match by value), not both."
    )
  if (!rawToken)
    throw new InputError(
      'secrets-token',
      `Input '${using}' needs 'secrets-token': a token that may write Actions secrets (a GitHub App installation token with "Secrets: write", minted per run by actions/create-github-app-token; the workflow's GITHUB_TOKEN cannot write secrets).`
    )
  const token = parse(
    'secrets-token',
    tokenText,
    rawToken,
    'a single-line token of 8 or more characters without spaces',
    true
  )
  if (into) {
    const named = parseSecretRef(into)
    if (!named)
      throw new InputError('rotate-into', `Input 'rotate-into' is not valid: expected ${EXPECTED}.`)
    if (run.alertDriven || run.keyCount !== 1)
      throw new InputError(
        'rotate-into',
        `Input 'rotate-into' names one secret for one key, and this run ${run.alertDriven ? 'revokes the keys of alerts' : `gives ${run.keyCount} keys`}: give one key in 'key' (or 'key-from-input'), or match secrets by value with 'rotate-secrets'.`
      )
    return { token, named }
  }
  const candidates: NonNullable<RotationSettings['candidates']> = []
  const seen = new Map<string, number>()
  values.forEach(({ ref, name, value }, i) => {
    const where = `Input 'rotate-secrets' line ${i + 1}`
    if (!ref)
      throw new InputError(
        'rotate-secrets',
        `${where} is not valid: expected ${EXPECTED}, optionally followed by =ENV_VAR (the step's environment variable that holds its current value; default: the secret's name).`
      )
    if (!ENV_VAR.test(name))
      throw new InputError(
        'rotate-secrets',
        `${where}: '${name}' is not an environment variable name.`
      )
    const earlier = seen.get(name)
    if (earlier !== undefined)
      throw new InputError(
        'rotate-secrets',
        `${where} reads the same environment variable (${name}) as line ${earlier}: one value cannot tell two secrets apart. Name each line's variable with =ENV_VAR.`
      )
    seen.set(name, i + 1)
    if (!value)
      throw new InputError(
        'rotate-secrets',
        `${where}: the step's environment has no ${name}, or it is empty. Hand the secret's current value to the step: env: ${name}: \${{ secrets.${ref.name} }}.`
      )
    candidates.push({ secret: ref, value })
  })
  return { token, candidates }
}

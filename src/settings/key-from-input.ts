import { InputError } from '../errors.js'
import { lines, type InputReader } from './inputs.js'

/** The run's event, as far as the inputs need it. */
export interface RunEvent {
  /** GITHUB_EVENT_NAME. */
  name: string
  /** The payload's `inputs` (a workflow_dispatch run's form), unchecked. */
  inputs?: unknown
}

/** What `key-from-input` found in the event, read before any check so it is masked first. */
export interface KeyFromInput {
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

export function readKeyFromInput(read: InputReader, event: RunEvent | undefined): KeyFromInput {
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
export function keyFromInputValues(
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
export function fromDispatch<T>(used: boolean, name: string, readKeys: () => T): T {
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

import * as z from 'zod/mini'
import { InputError } from '../errors.js'
import { RELAY_PAYLOADS } from '../github/read/relayed-alert.js'
import type { Redactor } from '../secrets.js'
import type { Settings } from '../model.js'
import { readAlertSettings } from './alerts.js'
import { readBaseUrls } from './base-urls.js'
import {
  booleanInput,
  issueNumberInput,
  lines,
  optional,
  timeoutInput,
  type InputReader
} from './inputs.js'
import { fromDispatch, keyFromInputValues, type RunEvent } from './key-from-input.js'
import { readKeys } from './keys.js'
import { PROVIDERS } from '../providers/registry.js'
import type { ProviderId } from '../providers/types.js'
import { readPlanSettings } from './plan-inputs.js'
import { readSecretInputs, readTokens, type SecretInputs } from './secret-inputs.js'
import { readRotation } from './rotation.js'

export type { InputReader, RunEvent }

/** What `readSettings` needs besides the inputs. */
export interface ReadOptions {
  /** The event relays a secret scanning alert (`repository_dispatch`). */
  relay?: boolean
  /** The run's event: `key-from-input` reads the key from its inputs. */
  event?: RunEvent
  /** The runner's environment (default: the process's), for GITHUB_API_URL. */
  env?: Record<string, string | undefined>
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
  const {
    secrets,
    read: reader,
    warnings
  } = readSecretInputs(read, redactor, options.event, options.env ?? process.env)
  try {
    return {
      ...readChecked(reader, options, secrets, redactor),
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

function readChecked(
  read: InputReader,
  options: ReadOptions,
  secrets: SecretInputs,
  redactor: Redactor
): Omit<Settings, 'warnings'> {
  const { githubToken: githubRaw, alertsToken: alertsTokenRaw, keyValues, fromInput } = secrets
  const tokens = readTokens(secrets.tokens)
  const ids = lines(read('key-id'))

  const baseUrls = readBaseUrls(read, options.env ?? process.env)

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
  const dryRun = optional(read, 'dry-run', booleanInput, "'true' or 'false'", false)
  const rotation = readRotation(read, options.env ?? process.env, redactor, {
    keyCount: keys.length,
    alertDriven,
    dryRun
  })
  return {
    keys,
    tokens,
    flags: readFlags(read),
    baseUrls,
    ...readPlanSettings(read),
    verify: optional(read, 'verify', booleanInput, "'true' or 'false'", true),
    dryRun,
    ...(rotation ? { rotation } : {}),
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

/** Each provider's yes/no inputs (`ProviderFacts.flags`): false unless set to 'true'. */
function readFlags(read: InputReader): Settings['flags'] {
  const flags: Settings['flags'] = {}
  for (const p of Object.values(PROVIDERS)) {
    const names = Object.keys(p.flags ?? {})
    if (names.length === 0) continue
    flags[p.id as ProviderId] = Object.fromEntries(
      names.map((name) => [name, optional(read, name, booleanInput, "'true' or 'false'", false)])
    )
  }
  return flags
}

import { InputError } from '../errors.js'
import { PROVIDERS, findProvider, providerForValue } from '../providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../providers/types.js'

/** The `provider` input's values, for messages. */
export const ACCEPTED_PROVIDERS = PROVIDER_IDS.join(', ')

/**
 * The providers whose keys no format names (another provider's keys look the same, or they
 * have no prefix), so that a value alone cannot choose them: "a, b and c".
 */
const WITHOUT_OWN_FORMAT = PROVIDER_IDS.filter((id) => !PROVIDERS[id].ownsKeyFormat)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1')

/** The provider of the run's keys: the `provider` input, or the one the values' format names. */
export function chooseProvider(raw: string, values: string[], ids: string[]): ProviderId {
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
    `Input 'provider' is required: the key's format does not name one provider (${WITHOUT_OWN_FORMAT} keys have no format of their own). Expected one of ${ACCEPTED_PROVIDERS}.`
  )
}

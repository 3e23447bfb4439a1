import { InputError } from '../errors.js'
import { PROVIDERS, takesLongValue, withArticle } from '../providers/registry.js'
import type { KeyRequest } from '../model.js'
import { chooseProvider } from './provider.js'

/** Keys one run takes at most. */
const MAX_KEYS = 1000

/**
 * The keys to revoke from the lines of `key` and `key-id`: each value and id checked against
 * its provider's format, the provider given or told by the values.
 */
export function readKeys(providerRaw: string, values: string[], ids: string[]): KeyRequest[] {
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
    if (!/^[\x21-\x7e]{8,1024}$/.test(value) && !takesLongValue(value)) {
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

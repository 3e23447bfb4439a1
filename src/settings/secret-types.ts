import { InputError } from '../errors.js'
import { findProvider } from '../providers/registry.js'
import type { ProviderId } from '../providers/types.js'
import { ACCEPTED_PROVIDERS } from './provider.js'

/** `secret-types`: lines of `secret_type=provider`; blank lines and `#` comments are skipped. */
export function readSecretTypes(raw: string): Map<string, ProviderId> {
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

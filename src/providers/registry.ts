import { anthropic } from './anthropic/adapter.js'
import { baseten } from './baseten/adapter.js'
import { braintrust } from './braintrust/adapter.js'
import { cometapi } from './cometapi/adapter.js'
import { openai } from './openai/adapter.js'
import { github } from './github/adapter.js'
import { gitlab } from './gitlab/adapter.js'
import { quiva } from './quiva/adapter.js'
import { slack } from './slack/adapter.js'
import type { Provider, ProviderId } from './types.js'
import { vastai } from './vastai/adapter.js'

/** Every supported provider. Adding one: its module, its test, and one line here. */
export const PROVIDERS: Record<ProviderId, Provider> = {
  vastai,
  baseten,
  braintrust,
  quiva,
  cometapi,
  openai,
  github,
  gitlab,
  slack,
  anthropic
}

/** The provider named by a `provider` input value (id or alias, any case). */
export function findProvider(name: string): Provider | undefined {
  const wanted = name.trim().toLowerCase()
  return Object.values(PROVIDERS).find((p) => p.id === wanted || p.aliases.includes(wanted))
}

/**
 * The provider an alert's secret type maps to: the `secret-types` mapping (by type, then by
 * display name), else the provider whose native types list it, else the one provider its type
 * or display name names.
 */
export function providerForSecretType(
  secretType: string,
  displayName: string,
  mapping: ReadonlyMap<string, ProviderId>
): ProviderId | undefined {
  const mapped = mapping.get(secretType) ?? mapping.get(displayName)
  if (mapped) return mapped
  const native = Object.values(PROVIDERS).find((p) => p.secretTypes?.includes(secretType))
  if (native) return native.id
  const text = `${secretType} ${displayName}`.replace(/_/g, ' ')
  const named = Object.values(PROVIDERS).filter((p) => p.alertNames.test(text))
  return named.length === 1 ? named[0]?.id : undefined
}

/** The providers GitHub does not detect natively: each has a custom pattern to add. */
export function customPatternProviders(): ProviderId[] {
  return Object.values(PROVIDERS)
    .filter((p) => !p.secretTypes?.length)
    .map((p) => p.id)
}

/** The single provider whose key format this value has, if exactly one claims it. */
export function providerForValue(value: string): Provider | undefined {
  const owners = Object.values(PROVIDERS).filter((p) => p.ownsKeyFormat?.(value))
  return owners.length === 1 ? owners[0] : undefined
}

/** The provider's `<id>-token` input, or undefined when its delete needs no credential. */
export function tokenInput(provider: Provider): string | undefined {
  return provider.inputs?.token === false ? undefined : `${provider.id}-token`
}

/** The provider's `<id>-api-url` input, or undefined when its URL is the runner's GITHUB_API_URL. */
export function apiUrlInput(provider: Provider): string | undefined {
  return provider.inputs?.apiUrl === 'GITHUB_API_URL' ? undefined : `${provider.id}-api-url`
}

/** The shapes of every provider's secrets, for the redactor to cut out of any text. */
export function keyShapes(): RegExp[] {
  return Object.values(PROVIDERS).flatMap((p) => [...p.keyShapes])
}

/** "a Baseten", "an OpenAI": the provider's name with its article, for messages. */
export function withArticle(name: string): string {
  return `${/^[AEIOU]/i.test(name) ? 'an' : 'a'} ${name}`
}

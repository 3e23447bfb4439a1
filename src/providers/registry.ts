// generated: facts-imports
import { vastaiFacts } from './vastai/facts.js'
import { basetenFacts } from './baseten/facts.js'
import { braintrustFacts } from './braintrust/facts.js'
import { quivaFacts } from './quiva/facts.js'
import { cometapiFacts } from './cometapi/facts.js'
import { openaiFacts } from './openai/facts.js'
import { githubFacts } from './github/facts.js'
import { gitlabFacts } from './gitlab/facts.js'
import { slackFacts } from './slack/facts.js'
import { anthropicFacts } from './anthropic/facts.js'
import { fastlyFacts } from './fastly/facts.js'
import { buildkiteFacts } from './buildkite/facts.js'
import { vercelFacts } from './vercel/facts.js'
import { herokuFacts } from './heroku/facts.js'
import { huggingfaceFacts } from './huggingface/facts.js'
import { npmFacts } from './npm/facts.js'
import { cloudflareFacts } from './cloudflare/facts.js'
import { sendgridFacts } from './sendgrid/facts.js'
import { twilioFacts } from './twilio/facts.js'
import { awsFacts } from './aws/facts.js'
import { googleFacts } from './google/facts.js'
// end generated: facts-imports
import type { Provider, ProviderFacts, ProviderId } from './types.js'

/**
 * Every supported provider's facts. Adding one: its folder and its test, then `npm run generate`
 * lists it here, in `ADAPTERS` and in `PROVIDER_IDS`.
 */
export const PROVIDERS: Record<ProviderId, ProviderFacts> = {
  // generated: facts
  vastai: vastaiFacts,
  baseten: basetenFacts,
  braintrust: braintrustFacts,
  quiva: quivaFacts,
  cometapi: cometapiFacts,
  openai: openaiFacts,
  github: githubFacts,
  gitlab: gitlabFacts,
  slack: slackFacts,
  anthropic: anthropicFacts,
  fastly: fastlyFacts,
  buildkite: buildkiteFacts,
  vercel: vercelFacts,
  heroku: herokuFacts,
  huggingface: huggingfaceFacts,
  npm: npmFacts,
  cloudflare: cloudflareFacts,
  sendgrid: sendgridFacts,
  twilio: twilioFacts,
  aws: awsFacts,
  google: googleFacts
  // end generated: facts
}

// Each adapter is imported on first use, so the bundle puts it in a chunk of its own and a run
// parses only the HTTP code of the providers its keys belong to (scripts/bundle.mjs).
const ADAPTERS: Record<ProviderId, () => Promise<Provider>> = {
  // generated: adapters
  vastai: async () => (await import('./vastai/adapter.js')).vastai,
  baseten: async () => (await import('./baseten/adapter.js')).baseten,
  braintrust: async () => (await import('./braintrust/adapter.js')).braintrust,
  quiva: async () => (await import('./quiva/adapter.js')).quiva,
  cometapi: async () => (await import('./cometapi/adapter.js')).cometapi,
  openai: async () => (await import('./openai/adapter.js')).openai,
  github: async () => (await import('./github/adapter.js')).github,
  gitlab: async () => (await import('./gitlab/adapter.js')).gitlab,
  slack: async () => (await import('./slack/adapter.js')).slack,
  anthropic: async () => (await import('./anthropic/adapter.js')).anthropic,
  fastly: async () => (await import('./fastly/adapter.js')).fastly,
  buildkite: async () => (await import('./buildkite/adapter.js')).buildkite,
  vercel: async () => (await import('./vercel/adapter.js')).vercel,
  heroku: async () => (await import('./heroku/adapter.js')).heroku,
  huggingface: async () => (await import('./huggingface/adapter.js')).huggingface,
  npm: async () => (await import('./npm/adapter.js')).npm,
  cloudflare: async () => (await import('./cloudflare/adapter.js')).cloudflare,
  sendgrid: async () => (await import('./sendgrid/adapter.js')).sendgrid,
  twilio: async () => (await import('./twilio/adapter.js')).twilio,
  aws: async () => (await import('./aws/adapter.js')).aws,
  google: async () => (await import('./google/adapter.js')).google
  // end generated: adapters
}

/** The load in progress: the next waits for it. */
let loading: Promise<unknown> = Promise.resolve()

/**
 * A provider's facts and adapter together, loading its adapter on first use. Loads go one at a
 * time: Jest's ESM runtime fails two first imports that share a module ("not linked"), and
 * in Node a load is a local chunk of a few KB, so waiting for the one before costs nothing.
 */
export function loadProvider(id: ProviderId): Promise<Provider> {
  const load = loading.then(() => ADAPTERS[id]())
  loading = load.catch(() => undefined)
  return load
}

/** Every provider with its adapter, for tools and tests that call every one. */
export async function loadProviders(): Promise<Record<ProviderId, Provider>> {
  const ids = Object.keys(ADAPTERS) as ProviderId[]
  const loaded = await Promise.all(ids.map(loadProvider))
  return Object.fromEntries(ids.map((id, i) => [id, loaded[i]])) as Record<ProviderId, Provider>
}

/** The provider named by a `provider` input value (id or alias, any case). */
export function findProvider(name: string): ProviderFacts | undefined {
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
export function providerForValue(value: string): ProviderFacts | undefined {
  const owners = Object.values(PROVIDERS).filter((p) => p.ownsKeyFormat?.(value))
  return owners.length === 1 ? owners[0] : undefined
}

/** Whether some provider takes this value whole though it is long or has spaces (a key file). */
export function takesLongValue(value: string): boolean {
  return Object.values(PROVIDERS).some((p) => p.takesLongValue?.(value))
}

/** The secret parts a value holds besides itself, in every form (`ProviderFacts.secretForms`). */
export function secretFormsOf(value: string): string[] {
  return Object.values(PROVIDERS).flatMap((p) => p.secretForms?.(value) ?? [])
}

/** The provider's `<id>-token` input, or undefined when its delete needs no credential. */
export function tokenInput(provider: ProviderFacts): string | undefined {
  return provider.inputs?.token === false ? undefined : `${provider.id}-token`
}

/** The provider's `<id>-api-url` input, or undefined when its URL is the runner's GITHUB_API_URL. */
export function apiUrlInput(provider: ProviderFacts): string | undefined {
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

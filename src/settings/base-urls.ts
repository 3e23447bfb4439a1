import { InputError } from '../errors.js'
import { checkBaseUrl } from '../http/url-policy.js'
import { PROVIDERS, apiUrlInput } from '../providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../providers/types.js'
import type { InputReader } from './inputs.js'

/** Each provider's API base URL: its `<id>-api-url` input, checked, or its default. */
export function readBaseUrls(
  read: InputReader,
  env: Record<string, string | undefined>
): Record<ProviderId, URL> {
  const baseUrls = {} as Record<ProviderId, URL>
  for (const id of PROVIDER_IDS) {
    const input = apiUrlInput(PROVIDERS[id])
    // No input: the runner's GitHub API (checked again, and refused if bad, by the run itself).
    const name = input ?? 'GITHUB_API_URL'
    const raw = input ? read(input).trim() : (env.GITHUB_API_URL ?? '').trim()
    if (!raw) {
      baseUrls[id] = new URL(PROVIDERS[id].defaultBaseUrl)
      continue
    }
    const checked = checkBaseUrl(raw)
    if ('error' in checked)
      throw new InputError(name, `${input ? `Input '${name}'` : name} ${checked.error}.`)
    baseUrls[id] = checked.url
  }
  return baseUrls
}

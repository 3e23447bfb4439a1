import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { formatted } from '../scripts/generate/format.js'
import { openapiFromDiscovery, type DiscoveryDocument } from './discovery.js'

const HEADER = `# Google Cloud contract (test fixture for sandbox/contract.ts), DERIVED: do not edit. It is
# written by \`tsx scripts/google-contract.ts\` from the Discovery documents stored beside it, as
# sandbox/discovery.ts describes, and a test derives it again and compares. Facts and sources:
# src/providers/google/README.md. The documents:
# - apikeys-discovery.json, cut from
#   https://github.com/googleapis/google-api-go-client/blob/0dc9fc6bbed2234e547ed7a901581c2b3eebd597/apikeys/v2/apikeys-api.json
#   (Google serves the same document at https://apikeys.googleapis.com/$discovery/rest?version=v2)
`

/** The Discovery documents of the Google provider, as stored beside its adapter. */
export function googleDiscovery(): DiscoveryDocument[] {
  const read = (name: string) =>
    JSON.parse(
      readFileSync(new URL(`../src/providers/google/${name}`, import.meta.url), 'utf8')
    ) as DiscoveryDocument
  return [read('apikeys-discovery.json')]
}

/** The text of src/providers/google/openapi.yaml, formatted as the repository's files are. */
export function googleContract(): Promise<string> {
  return formatted(
    'src/providers/google/openapi.yaml',
    HEADER + stringify(openapiFromDiscovery(googleDiscovery()), { lineWidth: 0 })
  )
}

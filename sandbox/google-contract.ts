import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { formatted } from '../scripts/generate/format.js'
import { openapiFromDiscovery, type DiscoveryDocument } from './discovery.js'

const HEADER = `# Google Cloud contract (test fixture for sandbox/contract.ts), DERIVED: do not edit. It is
# written by \`tsx scripts/google-contract.ts\` from the Discovery documents beside it
# (apikeys-discovery.json: its \`_derivation\` says where it was cut from), as sandbox/discovery.ts
# describes; a test derives it again and compares. Facts and sources: README.md beside it.
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

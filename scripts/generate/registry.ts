import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fillBlock } from './markers.js'

// The registry is the list of provider folders: a folder `src/providers/<id>/` with a
// `facts.ts` is a provider. This writes the lists that name every provider in code (the ids,
// the registry's imports and records, the sandbox's fakes) from the folders alone, without
// importing the registry, so that a folder just added is listed before anything reads it.

const ROOT = new URL('../../', import.meta.url)
const read = (file: string) => readFileSync(new URL(file, ROOT), 'utf8')
const PROVIDERS_DIR = 'src/providers/'

/** One provider folder, with what its files export. */
interface Folder {
  id: string
  facts: string
  adapter: string
}

/** The name a file exports with the given type annotation, or an error naming the file. */
function exported(file: string, type: string): string {
  const found = new RegExp(`^export const (\\w+): ${type}\\b`, 'm').exec(read(file))?.[1]
  if (!found) throw new Error(`${file} must export its ${type}: \`export const …: ${type} = …\``)
  return found
}

/**
 * Every provider folder: in the order of today's `PROVIDER_IDS` (the order of the docs' tables),
 * then folders not yet listed, by name.
 */
export function providerFolders(): Folder[] {
  const ids = readdirSync(new URL(PROVIDERS_DIR, ROOT), { withFileTypes: true })
    .filter(
      (d) => d.isDirectory() && existsSync(new URL(`${PROVIDERS_DIR}${d.name}/facts.ts`, ROOT))
    )
    .map((d) => d.name)
  const listed = [...read(`${PROVIDERS_DIR}types.ts`).matchAll(/^ {2}'([a-z0-9]+)',?$/gm)].map(
    (m) => m[1] ?? ''
  )
  const ordered = [
    ...listed.filter((id) => ids.includes(id)),
    ...ids.filter((id) => !listed.includes(id)).sort()
  ]
  return ordered.map((id) => {
    const has = (file: string) => existsSync(new URL(`${PROVIDERS_DIR}${id}/${file}`, ROOT))
    // The published description: an OpenAPI document, or Smithy models (AWS).
    const contract = has('smithy.json') ? 'smithy.json' : 'openapi.yaml'
    for (const file of ['adapter.ts', 'docs.ts', 'fake.ts', contract, 'README.md'])
      if (!has(file))
        throw new Error(
          `${PROVIDERS_DIR}${id}/${file} is missing: a provider's folder holds facts.ts, adapter.ts, docs.ts, fake.ts, its published description (openapi.yaml, or smithy.json) and README.md (see docs/architecture.md, "Adding a provider")`
        )
    return {
      id,
      facts: exported(`${PROVIDERS_DIR}${id}/facts.ts`, 'ProviderFacts'),
      adapter: exported(`${PROVIDERS_DIR}${id}/adapter.ts`, 'Provider')
    }
  })
}

/** The registry's files with their generated blocks filled from the folders: `{ file: text }`. */
export function registryFiles(): Record<string, string> {
  const folders = providerFolders()
  const fill = (file: string, blocks: Record<string, string>) =>
    Object.entries(blocks).reduce(
      (text, [name, content]) => fillBlock(file, text, 'ts', name, content),
      read(file)
    )
  const lines = (each: (f: Folder) => string) => folders.map(each).join('\n')
  return {
    'src/providers/types.ts': fill('src/providers/types.ts', {
      'provider-ids': lines((f) => `'${f.id}',`)
    }),
    'src/providers/registry.ts': fill('src/providers/registry.ts', {
      'facts-imports': lines((f) => `import { ${f.facts} } from './${f.id}/facts.js'`),
      facts: lines((f) => `${f.id}: ${f.facts},`),
      adapters: lines(
        (f) => `${f.id}: async () => (await import('./${f.id}/adapter.js')).${f.adapter},`
      )
    }),
    'sandbox/providers/index.ts': fill('sandbox/providers/index.ts', {
      'sandbox-imports': lines(
        (f) => `import { sandbox as ${f.id} } from '../../src/providers/${f.id}/fake.js'`
      ),
      sandboxes: lines((f) => `${f.id},`)
    })
  }
}

// `npm run generate`: writes what is derived from the provider registry (src/providers/) into
// action.yml, the README, SECURITY.md, the examples, custom-patterns/README.md,
// docs/secret-types.md, package.json and each provider's page. `npm run generate -- --check`
// writes nothing and fails when a file differs from what it would write (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { formatted } from './generate/format.js'
import { registryFiles } from './generate/registry.js'

const { values: args } = parseArgs({ options: { check: { type: 'boolean', default: false } } })
const root = new URL('../', import.meta.url)

// The registry's lists first, from the folders alone: the docs are then written from the
// registry as it now is, so a provider folder just added appears in them in the same run.
if (!args.check) {
  for (const [file, text] of Object.entries(registryFiles()))
    writeFileSync(new URL(file, root), await formatted(file, text))
}
const { generatedFiles } = await import('./generate/files.js')

const stale: string[] = []
for (const [file, text] of Object.entries(await generatedFiles())) {
  const url = new URL(file, root)
  if (readFileSync(url, 'utf8') === text) continue
  stale.push(file)
  if (!args.check) writeFileSync(url, text)
}

if (args.check && stale.length) {
  console.error(
    `These files differ from what the provider registry generates: run 'npm run generate' and commit them.\n  ${stale.join('\n  ')}`
  )
  process.exit(1)
}
console.log(
  stale.length ? `Wrote ${stale.join(', ')}.` : 'Every generated file matches the registry.'
)

import { readFileSync } from 'node:fs'
import { PROVIDERS } from '../../src/providers/registry.js'
import { formatted } from './format.js'
import { blockNames, fillBlock, type Syntax } from './markers.js'
import { registryFiles } from './registry.js'
import * as render from './render.js'

/** A file's generated blocks, by name: what each holds. */
type Blocks = Record<string, () => string>

/** Every file `npm run generate` writes, with its blocks (or, for a whole file, its text). */
function targets(): Array<{ file: string; blocks?: Blocks; whole?: () => string }> {
  const pages = Object.values(PROVIDERS).map((p) => ({
    file: render.pagePath(p),
    blocks: { summary: () => render.providerSummary(p) }
  }))
  const tokens = { 'token-inputs': render.tokenLines }
  return [
    {
      file: 'action.yml',
      blocks: {
        description: render.actionYmlDescription,
        'provider-inputs': render.actionYmlProviderInputs
      }
    },
    {
      file: 'README.md',
      blocks: {
        supported: render.readmeSupported,
        'quick-start': render.readmeQuickStart,
        'own-formats': render.readmeOwnFormats,
        'provider-inputs': render.readmeProviderInputs,
        credentials: render.readmeCredentials,
        providers: render.readmeProviders,
        detection: render.detection
      }
    },
    { file: 'SECURITY.md', blocks: { 'self-revoking': render.securitySelfRevoking } },
    {
      file: 'custom-patterns/README.md',
      blocks: {
        detection: () => render.detection().replace('](docs/', '](../docs/'),
        patterns: render.customPatternsTable,
        'secret-types': render.secretTypesSample
      }
    },
    {
      file: 'examples/sweep.yml',
      blocks: {
        'provider-secrets': render.exampleSecretsHeader,
        'secret-types': render.exampleSecretTypes,
        ...tokens
      }
    },
    {
      file: 'examples/relay.yml',
      blocks: { 'secret-types': render.exampleSecretTypes, ...tokens }
    },
    {
      file: 'examples/manual.yml',
      blocks: {
        'provider-field': render.exampleProviderField,
        'secret-types': render.exampleSecretTypes,
        ...tokens
      }
    },
    { file: 'docs/secret-types.md', whole: render.secretTypesPage },
    { file: 'docs/reliability.md', blocks: { figures: render.reliabilityFigures } },
    { file: 'package.json', whole: packageJson },
    ...pages
  ]
}

const ROOT = new URL('../../', import.meta.url)
const read = (file: string) => readFileSync(new URL(file, ROOT), 'utf8')

function packageJson(): string {
  const pkg = JSON.parse(read('package.json')) as Record<string, unknown>
  pkg.description = render.actionDescription()
  return `${JSON.stringify(pkg, null, 2)}\n`
}

const syntaxOf = (file: string): Syntax => (/\.ya?ml$/.test(file) ? 'yaml' : 'markdown')

/**
 * What every generated file should hold, from the registry and the files as they are now:
 * `{ file: text }`. Fails naming the file for a block that is missing or that nothing fills.
 */
export async function generatedFiles(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [file, text] of Object.entries(registryFiles()))
    out[file] = await formatted(file, text)
  for (const target of targets()) {
    let text: string
    if (target.whole) text = target.whole()
    else {
      text = read(target.file)
      const syntax = syntaxOf(target.file)
      const blocks = target.blocks ?? {}
      const unknown = blockNames(text, syntax).filter((name) => !(name in blocks))
      if (unknown.length)
        throw new Error(`${target.file}: no generator fills the block(s) ${unknown.join(', ')}`)
      for (const [name, content] of Object.entries(blocks))
        text = fillBlock(target.file, text, syntax, name, content())
    }
    out[target.file] = await formatted(target.file, text)
  }
  return out
}

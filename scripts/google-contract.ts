// `tsx scripts/google-contract.ts [--check]`: derives src/providers/google/openapi.yaml from the
// Discovery documents stored beside the adapter (sandbox/discovery.ts says how), or with
// --check fails when the stored file differs from the derivation.
import { readFileSync, writeFileSync } from 'node:fs'
import { googleContract } from '../sandbox/google-contract.js'

const file = new URL('../src/providers/google/openapi.yaml', import.meta.url)
const text = await googleContract()
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== text) {
    console.error(
      'src/providers/google/openapi.yaml differs from its derivation: run tsx scripts/google-contract.ts'
    )
    process.exit(1)
  }
} else writeFileSync(file, text)

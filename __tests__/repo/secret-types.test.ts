import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'

// docs/secret-types.md lists GitHub's native secret types and where each goes; the adapters'
// `secretTypes` and name matching must say the same.
const rows = [
  ...readFileSync('docs/secret-types.md', 'utf8').matchAll(/^\| `([a-z0-9_]+)`[^|]*\| (\S+)\s*\|/gm)
].map((m) => ({ type: m[1] ?? '', provider: (m[2] ?? '').replace(/`/g, '') }))

describe('docs/secret-types.md', () => {
  it("lists every provider's native types, each as that provider's", () => {
    expect(rows.length).toBeGreaterThan(0)
    const problems = PROVIDER_IDS.flatMap((id) =>
      (PROVIDERS[id].secretTypes ?? [])
        .filter((type) => !rows.some((r) => r.type === type && r.provider === id))
        .map((type) => `docs/secret-types.md: add "| \`${type}\` | \`${id}\` | why |"`)
    )
    expect(problems).toEqual([])
  })

  it.each(rows)('$type goes where the table says', ({ type, provider }) => {
    expect(providerForSecretType(type, '', new Map()) ?? 'none').toBe(provider)
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { PROVIDERS, findProvider, providerForValue } from '../src/providers/registry.js'
import { PROVIDER_IDS } from '../src/providers/types.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { description: string }>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}
const readme = readFileSync('README.md', 'utf8')

describe('provider registry', () => {
  it('lists every provider id exactly once', () => {
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_IDS].sort())
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id)
  })

  it('action.yml has a token and an api-url input for each provider, and no others', () => {
    const providerInputs = Object.keys(action.inputs).filter(
      (n) => /-(token|api-url)$/.test(n) && !['github-token', 'alerts-token'].includes(n)
    )
    expect(providerInputs.sort()).toEqual(
      PROVIDER_IDS.flatMap((id) => [`${id}-token`, `${id}-api-url`]).sort()
    )
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' })
    expect(Object.keys(action.outputs).sort()).toEqual([
      'failed',
      'report-file',
      'result',
      'revoked',
      'status'
    ])
    for (const [name, spec] of Object.entries(action.inputs))
      expect([name, spec.description.length > 10]).toEqual([name, true])
  })

  it("the README's provider table names every provider and its token input", () => {
    for (const provider of Object.values(PROVIDERS)) {
      const name = provider.name.replace('.', '\\.')
      expect(readme).toMatch(
        new RegExp(
          `^\\|\\s*${name}\\s*\\|\\s*\`${provider.id}\`\\s*\\|\\s*\`${provider.id}-token\``,
          'm'
        )
      )
    }
  })

  it('aliases are unambiguous', () => {
    const names = Object.values(PROVIDERS).flatMap((p) => [p.id, ...p.aliases])
    expect(new Set(names).size).toBe(names.length)
    for (const p of Object.values(PROVIDERS))
      for (const a of p.aliases) expect(findProvider(a.toUpperCase())?.id).toBe(p.id)
  })

  it('no key format is claimed by two providers; sk- keys by none', () => {
    expect(providerForValue(`sk-${'a'.repeat(48)}`)).toBeUndefined()
    expect(providerForValue('f'.repeat(64))).toBeUndefined()
    expect(providerForValue('abcd1234.secretsecretsecretsecret')?.id).toBe('baseten')
    expect(providerForValue(`msr-${'a'.repeat(32)}`)?.id).toBe('quiva')
  })

  it.each(PROVIDER_IDS)('%s refuses ids with path tricks', (id) => {
    for (const bad of [
      '../1',
      '1/2',
      '1?x=2',
      '1#x',
      '%2F',
      ' 1',
      '1 ',
      '',
      'é',
      '1'.repeat(200)
    ]) {
      expect([bad, PROVIDERS[id].checkId(bad)]).not.toEqual([bad, undefined])
    }
  })
})

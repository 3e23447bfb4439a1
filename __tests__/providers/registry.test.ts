import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import {
  PROVIDERS,
  findProvider,
  providerForSecretType,
  providerForValue
} from '../../src/providers/registry.js'
import { PROVIDER_IDS, type ProviderDocs, type ProviderId } from '../../src/providers/types.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { description: string }>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}

describe('provider registry', () => {
  it('lists every provider id exactly once', () => {
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_IDS].sort())
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id)
  })

  it('action.yml runs dist/ on node24, with the outputs the action sets', () => {
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' })
    expect(Object.keys(action.outputs).sort()).toEqual([
      'failed',
      'not-found',
      'plan',
      'plan-keys',
      'plan-path',
      'plan-sha256',
      'receipt-path',
      'receipt-predicate-path',
      'receipt-sha256',
      'report-file',
      'result',
      'revoked',
      'status'
    ])
    for (const [name, spec] of Object.entries(action.inputs))
      expect([name, spec.description.length > 10]).toEqual([name, true])
  })

  it('gives every GitHub secret type it maps a reason, for docs/secret-types.md', async () => {
    const problems: string[] = []
    for (const p of Object.values(PROVIDERS)) {
      const { docs } = (await import(`../../src/providers/${p.id}/docs.js`)) as {
        docs: ProviderDocs
      }
      for (const type of p.secretTypes ?? [])
        if (!(type in (docs.secretTypes ?? {})))
          problems.push(
            `src/providers/${p.id}/docs.ts: secretTypes lacks '${type}': say why it maps here`
          )
    }
    expect(problems).toEqual([])
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

// A new provider's own files, which no compile error can ask for: each failure names the file
// to write.
describe("every provider's own files", () => {
  const conformanceCall = (id: string) => new RegExp(`\\bdescribeProvider\\(\\{\\s*id:\\s*'${id}'`)

  it('__tests__/providers/<id>.test.ts runs the shared conformance suite for it', () => {
    const problems = PROVIDER_IDS.flatMap((id) => {
      const file = `__tests__/providers/${id}.test.ts`
      const call = `describeProvider({ id: '${id}', … }) from ./conformance.js`
      if (!existsSync(file)) return [`${file} is missing: write it, calling ${call}`]
      if (!conformanceCall(id).test(readFileSync(file, 'utf8')))
        return [`${file} does not run the conformance suite: call ${call}`]
      return []
    })
    expect(problems).toEqual([])
    // And no test file for a provider the registry lacks.
    // (Besides this file, which tests src/providers/registry.ts.)
    const files = readdirSync('__tests__/providers').filter(
      (f) => f.endsWith('.test.ts') && f !== 'registry.test.ts'
    )
    expect(files.sort()).toEqual(PROVIDER_IDS.map((id) => `${id}.test.ts`).sort())
  })

  it('the check would catch a test file that skips the suite', () => {
    expect(conformanceCall('vastai').test("describeProvider({\n  id: 'vastai',")).toBe(true)
    expect(conformanceCall('vastai').test("describeProvider({ id: 'baseten' })")).toBe(false)
    expect(conformanceCall('vast').test("describeProvider({ id: 'vastai' })")).toBe(false)
  })

  it('src/providers/<id>/README.md holds its facts, under its display name', () => {
    const problems = Object.values(PROVIDERS).flatMap((p) => {
      const file = `src/providers/${p.id}/README.md`
      const what =
        'the facts the adapter relies on, with their sources (see docs/providers/README.md)'
      if (!existsSync(file)) return [`${file} is missing: write ${what}`]
      const heading = `# ${p.name}`
      if (readFileSync(file, 'utf8').split('\n')[0] !== heading)
        return [`${file} must start with the heading "${heading}"`]
      return []
    })
    expect(problems).toEqual([])
  })
})

describe('every adapter', () => {
  it.each(PROVIDER_IDS)(
    '%s: its alert names match its own name and id, and no other provider names',
    (id) => {
      const own = PROVIDERS[id]
      for (const text of [own.name, `${own.name} API key`, id])
        expect([text, own.alertNames.test(text)]).toEqual([text, true])
      for (const other of Object.values(PROVIDERS)) {
        if (other.id === id) continue
        expect([other.name, own.alertNames.test(other.name)]).toEqual([other.name, false])
        expect([other.id, own.alertNames.test(other.id)]).toEqual([other.id, false])
      }
    }
  )
})

describe('providerForSecretType', () => {
  // Each case as { secretType, displayName, provider }: a failure shows which name went where.
  const cases: Array<[secretType: string, displayName: string, provider: ProviderId | undefined]> =
    [
      ['x', 'Baseten API key', 'baseten'],
      ['vast_ai_api_key', '', 'vastai'],
      ['x', 'CometAPI key', 'cometapi'],
      ['x', 'Baseten or Braintrust key', undefined],
      ['x', 'Vastly important token', undefined],
      ['x', 'Acme token', undefined]
    ]

  it('prefers the mapping, then a name that names one provider', () => {
    const mapping = new Map([['custom_1', 'cometapi' as const]])
    const mapped = { secretType: 'custom_1', displayName: 'Braintrust key' }
    expect({
      ...mapped,
      provider: providerForSecretType(mapped.secretType, mapped.displayName, mapping)
    }).toEqual({
      ...mapped,
      provider: 'cometapi'
    })
    for (const [secretType, displayName, provider] of cases)
      expect({
        secretType,
        displayName,
        provider: providerForSecretType(secretType, displayName, new Map())
      }).toEqual({ secretType, displayName, provider })
  })
})

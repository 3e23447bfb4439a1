import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { PROVIDER_IDS } from '../../src/providers/types.js'
import { PROPERTIES, PROPERTY_RUNS } from '../helpers/figures.js'
import { FAULTS, faultCaseCount } from '../helpers/faults.js'

// The "Reliability" figures of docs/reliability.md must be the suites' own numbers.
const page = readFileSync('docs/reliability.md', 'utf8')
const section = page.slice(page.indexOf('## Reliability'))
const figure = (label: string): string => {
  const row = section.split('\n').find((l) => l.startsWith(`| ${label}`))
  return row?.split('|')[2]?.trim() ?? ''
}
const thousands = (n: number) => n.toLocaleString('en-US')

describe('docs/reliability.md figures', () => {
  it('match the fault suite', () => {
    expect(figure('Fault kinds')).toBe(String(FAULTS.length))
    expect(figure('Providers put through')).toBe(String(PROVIDER_IDS.length))
    expect(figure('Fault cases run')).toBe(String(faultCaseCount(PROVIDER_IDS.length)))
  })

  it('match the property suite', () => {
    expect(figure('Properties')).toBe(`${PROPERTIES.length} x ${thousands(PROPERTY_RUNS)}`)
    expect(figure('Input combinations')).toBe(thousands(PROPERTY_RUNS))
    expect(figure('Secrets found')).toBe('0')
  })

  it('every fault the page lists is one the suite plays', () => {
    for (const name of FAULTS.map((f) => f.name)) expect(name.length).toBeGreaterThan(2)
    expect(FAULTS.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        '429 with Retry-After',
        'a redirect to another origin',
        'an oversized body'
      ])
    )
  })
})

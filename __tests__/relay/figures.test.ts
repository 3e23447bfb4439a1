import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { FORGED, MALFORMED, PROPERTY_RUNS, TRANSPORT } from './helpers/cases.js'

// The relay figures of docs/relay.md must be the suites' own numbers.
const section = readFileSync('docs/relay.md', 'utf8')
const figure = (label: string): string => {
  const row = section.split('\n').find((l) => l.startsWith(`| ${label}`))
  return row?.split('|')[2]?.trim() ?? ''
}

describe('docs/relay.md figures', () => {
  it('match the relay suite', () => {
    // The case tables, plus the body one byte over the limit (relay.test.ts).
    const refused = FORGED.length + MALFORMED.length + TRANSPORT.length + 1
    expect(figure('Forged, malformed or oversized deliveries sent to each runtime')).toBe(
      String(refused)
    )
    const runs = (n: number) => n.toLocaleString('en-US')
    expect(figure('Property runs (Node, workerd)')).toBe(
      `${runs(PROPERTY_RUNS.node)}, ${runs(PROPERTY_RUNS.workerd)}`
    )
    expect(figure('Deliveries forwarded that were not signed')).toBe('0')
  })
})

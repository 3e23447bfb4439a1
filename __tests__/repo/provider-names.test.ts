import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { PROVIDERS } from '../../src/providers/registry.js'

// A provider's facts live in its folder under src/providers/; the rest of src/ builds what it
// says of a provider from the registry, so adding or changing one touches its folder only.
// GitHub is also the platform the action runs on: its name is everyone's.

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src')

/** Every provider's id and display name, but GitHub's. */
const NAMES = [
  ...new Set(
    Object.values(PROVIDERS)
      .filter((p) => p.id !== 'github')
      .flatMap((p) => [p.id, p.name])
  )
]
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** Whole words only: `openai` is a name, `openaiish` would not be. */
const NAMED = new RegExp(`(?<![A-Za-z0-9])(?:${NAMES.map(escape).join('|')})(?![A-Za-z0-9])`, 'i')

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return relative(SRC, path) === 'providers' ? [] : sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** `src/<file>:<line>: <text>` for each line of `text` that names a provider. */
function namings(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const found = NAMED.exec(line)?.[0]
    return found ? [`src/${file}:${i + 1}: ${found}`] : []
  })
}

describe('provider names outside src/providers/', () => {
  it('no module of src/ outside src/providers/ names a provider (but GitHub)', () => {
    const found = sources().flatMap((path) =>
      namings(relative(SRC, path), readFileSync(path, 'utf8'))
    )
    expect(found).toEqual([])
  })

  it('the check sees an id or a name, in any case, as a whole word only', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['vastai', 'Vast.ai', 'quiva', 'quiva.ai']))
    expect(NAMES).not.toContain('github')
    expect(namings('x.ts', "a\n// (Vast.ai's threshold)\nVASTAI\nvastaish GitHub github")).toEqual([
      'src/x.ts:2: Vast.ai',
      'src/x.ts:3: VASTAI'
    ])
    expect(sources().some((path) => path.endsWith(join('revoke', 'engine.ts')))).toBe(true)
    expect(sources().some((path) => path.includes(`${join(SRC, 'providers')}/`))).toBe(false)
  })
})

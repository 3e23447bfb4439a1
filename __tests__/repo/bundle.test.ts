import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { PROVIDER_IDS } from '../../src/providers/types.js'

// `npm test` builds dist/ first (pretest), so this reads the bundle of this very source.

/** Every file the entry loads before running: itself and its static imports, transitively. */
function staticallyLoaded(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*["'](\.[^"']+)["']/gm))
      visit(join(dirname(file), m[1]!))
  }
  visit(entry)
  return [...seen]
}

describe('dist/', () => {
  it('a run that calls no GitHub API never loads Octokit: it is only in a dynamic chunk', () => {
    const loaded = staticallyLoaded('dist/index.js')
    for (const file of loaded)
      expect([file, readFileSync(file, 'utf8').includes('octokit-core.js')]).toEqual([file, false])
    const entry = readFileSync('dist/index.js', 'utf8')
    const lazy = /import\(["'](\.\/chunks\/octokit-[^"']+)["']\)/.exec(entry)?.[1]
    expect(lazy).toBeDefined()
    expect(readFileSync(join('dist', lazy!), 'utf8')).toContain('octokit-core.js')
  })

  it("a run parses a provider's HTTP code only when it has a key of that provider", () => {
    // esbuild marks where each module starts (`// build/providers/vastai/adapter.js`).
    const adapterIn = (file: string) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^\/\/ build\/providers\/([a-z0-9]+)\/adapter\.js$/gm
        )
      ].map((m) => m[1])
    expect(staticallyLoaded('dist/index.js').flatMap(adapterIn)).toEqual([])
    const entry = readFileSync('dist/index.js', 'utf8')
    const lazy = [...entry.matchAll(/import\(["'](\.\/chunks\/adapter-[^"']+)["']\)/g)].map(
      (m) => m[1]!
    )
    expect(lazy.flatMap((chunk) => adapterIn(join('dist', chunk))).sort()).toEqual(
      [...PROVIDER_IDS].sort()
    )
  })
})

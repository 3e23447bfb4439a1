import { readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
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

/**
 * The files `import()`ed by the files a run loads at start whose name starts with `prefix`
 * (`octokit-`, `adapter-`), as paths. The entry itself only starts the run: the code that
 * imports them is in the chunk it loads (scripts/bundle.mjs).
 */
function lazilyLoaded(prefix: string): string[] {
  return staticallyLoaded('dist/index.js').flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/import\(["'](\.[^"']+)["']\)/g)]
      .map((m) => join(dirname(file), m[1]!))
      .filter((path) => basename(path).startsWith(prefix))
  )
}

describe('dist/', () => {
  it('a run loads two files before it starts: the entry, and one chunk with all it imports', () => {
    // Each file more is resolved and linked on its own (scripts/bundle.mjs).
    expect(staticallyLoaded('dist/index.js')).toHaveLength(2)
  })

  it('a run that calls no GitHub API never loads Octokit: it is only in a dynamic chunk', () => {
    const loaded = staticallyLoaded('dist/index.js')
    for (const file of loaded)
      expect([file, readFileSync(file, 'utf8').includes('octokit-core.js')]).toEqual([file, false])
    const lazy = lazilyLoaded('octokit-')
    expect(lazy).toHaveLength(1)
    expect(readFileSync(lazy[0]!, 'utf8')).toContain('octokit-core.js')
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
    expect(lazilyLoaded('adapter-').flatMap(adapterIn).sort()).toEqual([...PROVIDER_IDS].sort())
  })
})

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from '@jest/globals'

// __tests__/README.md says where each module of src/ is tested: in its own file at the same
// path, or in the suites its table names. This keeps that true as modules come and go.

const map = readFileSync('__tests__/README.md', 'utf8')
const covered = new Map(
  [...map.matchAll(/^\| `(src\/[^`]+\.ts)`\s*\|(.*)\|\s*$/gm)].map((m) => [
    m[1] ?? '',
    [...(m[2] ?? '').matchAll(/`([^`]+\.test\.ts)`/g)].map((s) => s[1] ?? '')
  ])
)

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? modules(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [relative('.', join(dir, e.name))]
        : []
  )
}

describe('the test map', () => {
  it('each module of src/ has its own test file, or is listed with the suites that cover it', () => {
    const problems = modules('src').flatMap((file) => {
      // A provider's folder is tested as one, by its conformance file: registry.test.ts names
      // that file when it is missing, so a new provider fails one test, not one per file.
      if (/^src\/providers\/[a-z0-9]+\//.test(file)) return []
      const own = file.replace(/^src\//, '__tests__/').replace(/\.ts$/, '.test.ts')
      if (existsSync(own)) return covered.has(file) ? [`${file}: has ${own}; drop its row`] : []
      return covered.has(file)
        ? []
        : [`${file}: add ${own}, or a row in __tests__/README.md naming the suites that test it`]
    })
    expect(problems).toEqual([])
  })

  it('every row names a module that exists and suites that exist', () => {
    expect(covered.size).toBeGreaterThan(0)
    const problems = [...covered].flatMap(([file, suites]) => [
      ...(existsSync(file) ? [] : [`${file}: no such module; drop its row`]),
      ...(suites.length > 0 ? [] : [`${file}: names no suite`]),
      ...suites
        .filter((s) => !existsSync(join('__tests__', s)))
        .map((s) => `${file}: no such suite __tests__/${s}`)
    ])
    expect(problems).toEqual([])
  })
})

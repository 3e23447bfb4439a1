import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src')

/**
 * The floors of `src/`, lowest first: a module imports only from its own floor or below, so
 * each layer can be read (and changed) without the ones above it.
 */
const FLOORS: string[][] = [
  // A key's operation log sits with the HTTP client that writes it; the receipt built from it
  // is a report.
  ['errors.ts', 'secrets.ts', 'heap.ts', 'lazy.ts', 'http/', 'receipt/operations.ts'],
  ['providers/'],
  ['model.ts'],
  // GitHub's plumbing, then what a run reads there, then what it posts there (which may use what
  // was read: the run's context, the evidence marker's format, never the reverse).
  ['github/octokit.ts', 'github/api-error.ts', 'github/rate-limits.ts'],
  ['github/read/'],
  ['github/publish/'],
  // The plan is read with the settings (its digest checked before any request).
  ['settings/', 'plan/'],
  ['revoke/'],
  // Rotate, then revoke: the engine's hook, the secrets store, the report's part.
  ['rotate/'],
  ['report/', 'resources.ts', 'receipt/'],
  ['main.ts', 'index.ts']
]

function floorOf(file: string): number {
  const at = FLOORS.findIndex((floor) =>
    floor.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry))
  )
  if (at < 0) throw new Error(`src/${file} is on no floor: add it to FLOORS`)
  return at
}

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : // A provider's fake is the sandbox's, kept out of the build (tsconfig.build.json).
        entry.name.endsWith('.ts') && entry.name !== 'fake.ts'
        ? [relative(SRC, join(dir, entry.name))]
        : []
  )
}

/** Every relative import of a module (type-only ones too: they tie the layers as much). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8')
  return [...text.matchAll(/\bfrom '(\.[^']+)'|\bimport\('(\.[^']+)'\)/g)].map((m) =>
    normalize(join(dirname(file), (m[1] ?? m[2] ?? '').replace(/\.js$/, '.ts')))
  )
}

describe('the floors of src/', () => {
  it('no import runs back up a floor', () => {
    const upward = sources().flatMap((file) =>
      importsOf(file)
        .filter((target) => floorOf(target) > floorOf(file))
        .map((target) => `src/${file} -> src/${target}`)
    )
    expect(upward).toEqual([])
  })

  it('the check sees an import that runs up', () => {
    expect(floorOf('github/publish/comments.ts')).toBeLessThan(floorOf('settings/settings.ts'))
    expect(floorOf('github/read/evidence.ts')).toBeLessThan(floorOf('github/publish/comments.ts'))
    expect(importsOf('github/publish/post-report.ts')).toContain('github/read/context.ts')
    expect(importsOf('main.ts')).toContain('settings/settings.ts')
  })
})

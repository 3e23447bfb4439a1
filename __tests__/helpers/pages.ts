import { readdirSync } from 'node:fs'

const ROOT = new URL('../../', import.meta.url)

/**
 * Every markdown page of the project a user reads, besides the providers' own pages: the README,
 * SECURITY.md, the custom patterns' how-to and docs/ (paths from the repository's root).
 */
export const DOC_PAGES: readonly string[] = [
  'README.md',
  'SECURITY.md',
  'custom-patterns/README.md',
  ...readdirSync(new URL('docs/', ROOT))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`)
]

import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { generatedFiles } from '../../scripts/generate/files.js'
import { blockNames, fillBlock } from '../../scripts/generate/markers.js'
import { list, wrap } from '../../scripts/generate/render.js'

// What `npm run generate` writes from the provider registry must be what is committed, as
// dist/ must be what the source builds: a provider added, renamed or changed in its facts
// fails here until the generated files are written again.

describe('the generated files', () => {
  it('match what the registry generates (run `npm run generate` and commit)', async () => {
    const files = await generatedFiles()
    expect(Object.keys(files).length).toBeGreaterThan(10)
    const stale = Object.entries(files)
      .filter(([file, text]) => readFileSync(file, 'utf8') !== text)
      .map(([file]) => `${file} differs from what the registry generates: run 'npm run generate'`)
    expect(stale).toEqual([])
  })
})

describe('generated blocks', () => {
  const markdown = 'a\n<!-- generated: x -->\nold\n<!-- end generated: x -->\nb\n'
  const yaml = 'with:\n  # generated: t\n  old: 1\n  # end generated: t\n  keep: 2\n'

  it('fill only what is between the markers', () => {
    expect(fillBlock('f.md', markdown, 'markdown', 'x', 'new\n\nlines\n')).toBe(
      'a\n<!-- generated: x -->\nnew\n\nlines\n<!-- end generated: x -->\nb\n'
    )
  })

  it('indent YAML content as deep as its start marker', () => {
    expect(fillBlock('f.yml', yaml, 'yaml', 't', 'a: 1\nb: 2')).toBe(
      'with:\n  # generated: t\n  a: 1\n  b: 2\n  # end generated: t\n  keep: 2\n'
    )
  })

  it('fail naming the file when a marker is missing', () => {
    expect(() => fillBlock('f.md', markdown, 'markdown', 'y', '')).toThrow(
      /f\.md: no "<!-- generated: y -->" line/
    )
    expect(() => fillBlock('f.md', 'a\n<!-- generated: y -->\nb\n', 'markdown', 'y', '')).toThrow(
      /f\.md: the block "y" has no end line/
    )
  })

  it('are found by name, so a block nothing fills is an error', () => {
    expect(blockNames(markdown, 'markdown')).toEqual(['x'])
    expect(blockNames(yaml, 'yaml')).toEqual(['t'])
  })
})

describe('generated prose', () => {
  it('lists as people write lists', () => {
    expect(list(['a'])).toBe('a')
    expect(list(['a', 'b'])).toBe('a and b')
    expect(list(['a', 'b', 'c'], 'or')).toBe('a, b or c')
  })

  it('wraps at the width, never cutting a word', () => {
    const text = 'one two three four five six seven eight nine ten'
    const lines = wrap(text, 12)
    expect(lines.join(' ')).toBe(text)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(12)
  })
})

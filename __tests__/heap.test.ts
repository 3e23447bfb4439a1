import { spawnSync } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import { HEAP_FLAGS } from '../src/heap.js'

/**
 * A fresh process that sets `flags` from inside (as the action does), then allocates much as a
 * long run does: short-lived garbage, with some of it alive across many young collections.
 * Its young generation's largest size (MB) and what V8 said on stderr.
 */
function youngGeneration(flags: readonly string[]): { mb: number; stderr: string } {
  const script = `
    import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
    for (const flag of JSON.parse(process.argv[1])) setFlagsFromString(flag)
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size
    let largest = young()
    let alive = []
    for (let i = 0; i < 3e6; i++) {
      const o = { text: 'x' + i, list: [i, i + 1] }
      if (i % 4 === 0) alive.push(o)
      if (alive.length > 100000) alive = alive.slice(50000)
      if (i % 50000 === 0) largest = Math.max(largest, young())
    }
    console.log(largest / 2 ** 20)
  `
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(flags)],
    { encoding: 'utf8' }
  )
  expect(child.status).toBe(0)
  return { mb: Number(child.stdout.trim()), stderr: child.stderr }
}

describe('heap sizing', () => {
  it('holds the young generation at its first size when set from inside the process', () => {
    const sized = youngGeneration(HEAP_FLAGS)
    // V8 names a flag it does not know on stderr rather than failing.
    expect(sized.stderr).toBe('')
    // A few MB (1 MB a semi-space at first; measured 2 to 2.5 MB on a quiet machine, up to
    // 9.25 MB while the whole suite ran on two cores) …
    expect(sized.mb).toBeLessThanOrEqual(24)
    // … where the same allocation without the flags grows it to 128 MB: the flags hold it.
    expect(youngGeneration([]).mb).toBeGreaterThanOrEqual(64)
  })
})

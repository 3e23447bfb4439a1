import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'

// scripts/require-node.mjs (Jest's globalSetup, and the first step of `npm run demo` and
// `npm run sandbox`): on a Node older than 24 it stops with what to do. It is plain JavaScript
// so that it runs on any Node; here it is loaded in a child process on this one.
const ROOT = new URL('../..', import.meta.url).pathname

function problemFor(version: string): string {
  return execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { nodeProblem } from './scripts/require-node.mjs'
       console.log(nodeProblem(${JSON.stringify(version)}, 'node') ?? 'none')`
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
  ).trim()
}

describe('require-node', () => {
  it('says what to do on Node 20 (what npm ci --ignore-scripts leaves)', () => {
    const text = problemFor('20.20.2')
    expect(text).toContain('needs Node.js 24 or later; this is Node.js 20.20.2')
    expect(text).toContain('--ignore-scripts')
    expect(text).toContain('npm rebuild node')
  })

  it('lets Node 24 and later through', () => {
    expect(problemFor('24.0.0')).toBe('none')
    expect(problemFor('25.1.0')).toBe('none')
  })

  it('run directly on this Node, exits 0 and prints nothing', () => {
    const run = spawnSync(process.execPath, ['scripts/require-node.mjs'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', ''])
  })
})

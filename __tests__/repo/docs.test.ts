import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { PROVIDERS, tokenInput } from '../../src/providers/registry.js'
import { ALERTS_SECRET, secretName } from '../../scripts/generate/render.js'
import { DOC_PAGES } from '../helpers/pages.js'

// What the docs, the examples and the shipped workflows promise, checked against the source.
// What they say of each provider is generated from the registry (npm run generate) and checked
// by __tests__/repo/generated.test.ts instead.
const ROOT = new URL('../..', import.meta.url)
const read = (file: string) => readFileSync(new URL(file, ROOT), 'utf8')
const troubleshooting = read('docs/troubleshooting.md')

/** Every .ts file under src/, as one text, with escapes in string literals undone. */
function sourceText(): string {
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(new URL(dir, ROOT), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}${entry.name}/`)
      else if (entry.name.endsWith('.ts')) files.push(`${dir}${entry.name}`)
    }
  }
  walk('src/')
  return files
    .map(read)
    .join('\n')
    .replace(/(['"`])\s*\+\s*(['"`])/g, '') // 'one' + 'two' -> 'onetwo'
    .replace(/\\([`'"$])/g, '$1')
}

/** The messages docs/troubleshooting.md quotes (its ```text blocks, a line each). */
function troubleshootingMessages(): string[] {
  return [...troubleshooting.matchAll(/^```text\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    (m[1] ?? '').split('\n').filter((l) => l.trim())
  )
}

/** The fixed parts of a quoted message (`…` stands for what varies), each worth looking for. */
function fragments(message: string): string[] {
  return message
    .split('…')
    .map((f) => f.replace(/^[\s'.:,()]+|[\s'.:,()]+$/g, ''))
    .filter((f) => f.length >= 8)
}

describe('docs/troubleshooting.md', () => {
  const messages = troubleshootingMessages()
  const source = sourceText()

  it('quotes the messages users meet', () => {
    expect(messages.length).toBeGreaterThanOrEqual(20)
    for (const words of [
      "Input 'key-from-input'",
      'client_payload',
      'Secret scanning alerts',
      'cannot delete itself',
      'Could not post the report comment'
    ])
      expect(messages.join('\n')).toContain(words)
  })

  it.each(messages)('quotes a message that is still in src/: %s', (message) => {
    const parts = fragments(message)
    expect(parts.length).toBeGreaterThan(0)
    for (const part of parts) expect([part, source.includes(part)]).toEqual([part, true])
  })

  it('the check would catch a reworded message', () => {
    const reworded = "Input 'key' or 'key-id' is needed: the leaked key value."
    expect(fragments(reworded).every((p) => source.includes(p))).toBe(false)
  })
})

/** The secrets the generated examples pass: each provider's `<id>-token`, and the alert token. */
const SECRET_NAMES = [
  ...Object.values(PROVIDERS)
    .filter((p) => tokenInput(p) !== undefined)
    .map(secretName),
  ALERTS_SECRET,
  // README "Rotate, then revoke": the App's private key, and the secrets its examples rotate.
  'ROTATION_APP_PRIVATE_KEY',
  'VASTAI_API_KEY',
  'BASETEN_API_KEY',
  'PROD_BASETEN_KEY'
]

describe('secret names', () => {
  const files = [
    ...DOC_PAGES,
    'action.yml',
    ...['examples/', '.github/workflows/'].flatMap((dir) =>
      readdirSync(new URL(dir, ROOT))
        .filter((f) => f.endsWith('.yml'))
        .map((f) => `${dir}${f}`)
    )
  ]

  it.each(files)('%s uses only the one set of secret names', (file) => {
    // Inside expressions only: `secrets.ts` in prose is a file name.
    const expressions = [...read(file).matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1])
    const used = expressions.flatMap((e) =>
      [...(e ?? '').matchAll(/\bsecrets\s*(?:\.\s*([\w-]+)|\[\s*'([^']*)'\s*\])/g)].map(
        (m) => m[1] ?? m[2]
      )
    )
    expect(used.filter((name) => !SECRET_NAMES.includes(name ?? ''))).toEqual([])
  })
})

interface Step {
  name?: string
  id?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, { steps: Step[] }>
}
const workflow = (file: string) => parse(read(`.github/workflows/${file}`)) as Workflow

describe('release.yml', () => {
  const release = workflow('release.yml')
  const steps = Object.values(release.jobs).flatMap((j) => j.steps)
  const script = steps.map((s) => s.run ?? '').join('\n')

  it('runs on a pushed vX.Y.Z tag, and may push the major tag', () => {
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } })
    expect(release.permissions).toEqual({ contents: 'write' })
  })

  it("checks that dist/ is built from the tag's source before anything is published", () => {
    const order = ['npm ci', 'npm run bundle', 'git diff --exit-code', 'gh release', 'git push']
    const at = order.map((words) => script.indexOf(words))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(script).toMatch(/git diff --exit-code[^\n]*-- dist/)
  })

  it('moves vX to the tag only when it is the newest vX release', () => {
    expect(script).toContain('major="${GITHUB_REF_NAME%%.*}"')
    expect(script).toContain('sort -V')
    expect(script).toContain('git push -f origin "refs/tags/$major"')
  })
})

describe("ci.yml's self-test", () => {
  const ci = workflow('ci.yml')
  const steps = ci.jobs['self-test']?.steps ?? []
  const self = steps.findIndex((s) => s.uses === './')

  it('starts the sandbox, then revokes one of its keys through uses: ./ by id', () => {
    const started = steps.findIndex((s) => /npm run sandbox/.test(s.run ?? ''))
    expect(started).toBeGreaterThanOrEqual(0)
    expect(self).toBeGreaterThan(started)
    expect(steps[self]?.with).toMatchObject({
      provider: 'baseten',
      'key-id': '${{ env.SANDBOX_BASETEN_KEY_ID }}',
      'baseten-api-url': '${{ env.SANDBOX_BASETEN_URL }}'
    })
    expect(steps[self]?.with).not.toHaveProperty('key')
    expect(steps[self]?.with).not.toHaveProperty('dry-run')
    expect(steps[self]?.with).not.toHaveProperty('fail-on-error')
  })

  it('asserts the outputs read through env:, with no expression inlined into a script', () => {
    const check = steps[self + 1]
    expect(check?.env).toMatchObject({
      STATUS: `\${{ steps.${steps[self]?.id}.outputs.status }}`,
      RESULT: `\${{ steps.${steps[self]?.id}.outputs.result }}`
    })
    expect(check?.run).toContain('test "$STATUS" = revoked')
    for (const step of steps) expect(step.run ?? '').not.toContain('${{')
  })
})

describe('the prose', () => {
  // No count of providers in prose: "the five providers" goes stale when a provider is added,
  // while "every provider" does not. So a spelled-out number before "providers" (at most one
  // word between, as in "five supported providers"; a line break counts as a space) fails
  // here, whatever the count. Digits are left alone: the Performance table's "5 providers" is
  // a measured scenario.
  const COUNT =
    /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:[\w-]+\s+)?providers\b/gi
  const proseFiles = [
    ...DOC_PAGES,
    'action.yml',
    'package.json',
    'docs/providers/README.md',
    'sandbox/cli.ts',
    'sandbox/demo.ts',
    ...['examples/', '.github/workflows/'].flatMap((dir) =>
      readdirSync(new URL(dir, ROOT))
        .filter((f) => f.endsWith('.yml'))
        .map((f) => `${dir}${f}`)
    )
  ]

  it.each(proseFiles)('%s counts no providers in words', (file) => {
    const text = read(file)
    const counts = [...text.matchAll(COUNT)].map((m) => {
      const line = text.slice(0, m.index).split('\n').length
      const words = m[0].replace(/\s+/g, ' ')
      return `${file}:${line}: "${words}": write "every provider" or "the providers" instead`
    })
    expect(counts).toEqual([])
  })

  it('the count check catches the usual wordings', () => {
    for (const text of [
      'the five providers',
      'at all six providers',
      'None of the Seven providers',
      'five supported providers',
      'the five\nproviders'
    ])
      expect([text, text.match(COUNT)?.length]).toEqual([text, 1])
    for (const text of [
      'names one provider',
      'every provider',
      '1,000 keys, 5 providers',
      'the action reads all three'
    ])
      expect([text, text.match(COUNT)]).toEqual([text, null])
  })
})

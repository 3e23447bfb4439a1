import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { DOC_PAGES } from '../helpers/pages.js'

// No README snippet, example or shipped workflow may pass a value typed into a
// workflow_dispatch form in a `with:` line, a `run:` script or any `${{ }}` expression: the
// runner prints those in the step's log before the action can mask anything (actions/runner
// issues 475 and 643). The key comes in through `key-from-input` (a field's name) instead.

const ROOT = new URL('../..', import.meta.url)

const YAML_DIRS = ['examples/', '.github/workflows/']

interface Doc {
  source: string
  yaml: unknown
}

/** Every ```yaml block of a markdown file, parsed. */
function markdownBlocks(file: string): Doc[] {
  const text = readFileSync(new URL(file, ROOT), 'utf8')
  return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m, i) => ({
    source: `${file} yaml block ${i + 1}`,
    yaml: parse(m[1] ?? '')
  }))
}

function shippedDocs(): Doc[] {
  const files = YAML_DIRS.flatMap((dir) =>
    readdirSync(new URL(dir, ROOT))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => `${dir}${f}`)
  )
  return [
    ...DOC_PAGES.flatMap(markdownBlocks),
    ...files.map((f) => ({ source: f, yaml: parse(readFileSync(new URL(f, ROOT), 'utf8')) }))
  ]
}

type Spec = { type?: string } | null

/** The form fields a workflow declares (workflow_dispatch and workflow_call inputs). */
function declaredInputs(yaml: unknown): Map<string, Spec> {
  const on = (yaml as { on?: unknown } | null)?.on
  const found = new Map<string, Spec>()
  if (!on || typeof on !== 'object') return found
  for (const trigger of ['workflow_dispatch', 'workflow_call']) {
    const inputs = (on as Record<string, { inputs?: Record<string, Spec> } | null>)[trigger]?.inputs
    for (const [name, spec] of Object.entries(inputs ?? {})) found.set(name, spec)
  }
  return found
}

/** Could this form field hold a key? Anything free-text named like a secret. */
function couldHoldAKey(name: string, spec: Spec | undefined): boolean {
  if (spec?.type && ['boolean', 'choice', 'number', 'environment'].includes(spec.type)) return false
  if (/(^|[-_])(id|number)$/i.test(name)) return false
  return /key|secret|token|value|password|credential/i.test(name)
}

/** The references in one `${{ }}` expression: form fields by name, and whole objects. */
function references(expression: string): { fields: string[]; whole: string[] } {
  const fields: string[] = []
  const bracket = /\b(?:github\s*\.\s*event\s*\.\s*)?inputs\s*\[\s*'([^']*)'\s*\]/g
  for (const m of expression.matchAll(bracket)) fields.push(m[1] ?? '')
  const bare = expression.replace(bracket, ' ').replace(/'[^']*'/g, "''")
  const whole: string[] = []
  for (const m of bare.matchAll(/[A-Za-z_][\w-]*(?:\s*\.\s*[A-Za-z_*][\w-]*)*/g)) {
    const chain = m[0].replace(/\s+/g, '')
    const field = /^(?:github\.event\.)?inputs\.([\w-]+)/.exec(chain)?.[1]
    if (field) fields.push(field)
    else if (['github', 'github.event', 'github.event.inputs', 'inputs'].includes(chain))
      whole.push(chain)
  }
  return { fields, whole }
}

/** Everything a document does with typed-in values that could put one in the log. */
function typedInValues(doc: Doc): string[] {
  const declared = declaredInputs(doc.yaml)
  const problems: string[] = []
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node === 'string') {
      const where = `${doc.source}: ${path.join('.')}`
      const intoKey = path.at(-1) === 'key' && path.at(-2) === 'with'
      if (intoKey) problems.push(`${where}: a key in a with: line (use key-from-input)`)
      for (const m of node.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
        const { fields, whole } = references(m[1] ?? '')
        for (const name of whole)
          problems.push(`${where}: \${{ ${name} }} as a whole can print every typed-in value`)
        for (const name of fields)
          if (couldHoldAKey(name, declared.get(name)))
            problems.push(`${where}: the typed-in value of '${name}' in an expression`)
      }
      if (path.at(-1) === 'run' && /GITHUB_EVENT_PATH/.test(node) && /inputs/.test(node))
        problems.push(`${where}: a run: script reads the form from the event payload`)
      return
    }
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, String(i)]))
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k])
  }
  walk(doc.yaml, [])
  return problems
}

const check = (text: string) => typedInValues({ source: 'snippet', yaml: parse(text) })
const FORM = `
on:
  workflow_dispatch:
    inputs:
      leaked-key: { type: string }
      alert-number: { type: string }
      key-id: { type: string }
      provider: { type: string }
      dry-run: { type: boolean }
`

describe('the typed-in value check', () => {
  const step = (yaml: string) => `jobs: { j: { steps: [${yaml}] } }`
  it.each([
    ['key: from the form', step('{ uses: a/b@c, with: { key: "${{ inputs.leaked-key }}" } }')],
    ['key: any form field', step('{ uses: a/b@c, with: { key: "${{ inputs.provider }}" } }')],
    ['a with: line', step('{ uses: a/b@c, with: { x: "${{ github.event.inputs.leaked-key }}" } }')],
    ['a run: script', step('{ run: "echo ${{ inputs.leaked-key }}" }')],
    ['env:', step(`{ run: "true", env: { K: "\${{ inputs['leaked-key'] }}" } }`)],
    ['run-name', 'run-name: "Revoke ${{ inputs.leaked-key }}"'],
    ['the whole event', step(`{ run: "echo '\${{ toJSON(github.event) }}'" }`)],
    ['every input', step(`{ run: "echo '\${{ toJSON(inputs) }}'" }`)],
    ['a script reading the payload', step('{ run: "jq -r .inputs.x $GITHUB_EVENT_PATH" }')],
    ['an undeclared secret-like field', step('{ run: "echo ${{ inputs.api-token }}" }')]
  ])('catches %s', (_, yaml) => {
    expect(check(`${FORM}\n${yaml}\n`)).not.toEqual([])
  })

  it('lets through field names, ids, alert numbers and switches', () => {
    expect(
      check(`${FORM}
jobs:
  j:
    steps:
      - name: Revoke alert \${{ inputs.alert-number }}
        uses: a/b@c
        with:
          key-from-input: leaked-key
          key-id: \${{ inputs.key-id }}
          alert-number: \${{ inputs.alert-number }}
          provider: \${{ inputs.provider }}
          dry-run: \${{ inputs.dry-run }}
          vastai-token: \${{ secrets.VASTAI_TOKEN }}
          baseten-api-url: \${{ env.SANDBOX_BASETEN_URL }}
      - env: { STATUS: "\${{ steps.x.outputs.status }}" }
        run: echo "$STATUS" "\${{ github.event.client_payload.alert.number }}"
`)
    ).toEqual([])
  })
})

describe('README snippets, examples and shipped workflows', () => {
  const docs = shippedDocs()

  it('are all found and parsed', () => {
    const sources = docs.map((d) => d.source)
    expect(sources).toEqual(
      expect.arrayContaining([
        'README.md yaml block 1',
        'examples/manual.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml'
      ])
    )
  })

  it.each(docs.map((d) => [d.source, d] as const))(
    '%s passes no typed-in value in with:, run: or an expression',
    (_, doc) => {
      expect(typedInValues(doc)).toEqual([])
    }
  )

  it('the Quick start and examples/manual.yml take the key through key-from-input', () => {
    for (const doc of docs.filter((d) =>
      ['README.md yaml block 1', 'examples/manual.yml'].includes(d.source)
    )) {
      const text = JSON.stringify(doc.yaml)
      expect([doc.source, text]).toEqual([
        doc.source,
        expect.stringContaining('"key-from-input":"leaked-key"')
      ])
      expect(declaredInputs(doc.yaml).has('leaked-key')).toBe(true)
    }
  })
})

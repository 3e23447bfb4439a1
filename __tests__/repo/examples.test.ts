import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { PROVIDERS, customPatternProviders, tokenInput } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'

// The ready-to-copy workflows in examples/: every input they pass to the action must exist.

const DIR = new URL('../../examples/', import.meta.url)
// Pinned to a commit, the version in a comment (see the README, "Versions").
const USES = /^OWNER\/REPO@COMMIT_SHA$/

/** The action's input names, written out so that a renamed input fails here too. */
const ACTION_INPUTS = [
  'provider',
  'key',
  'key-from-input',
  'key-id',
  'vastai-token',
  'baseten-token',
  'braintrust-token',
  'quiva-token',
  'cometapi-token',
  'openai-token',
  'gitlab-token',
  'anthropic-token',
  'vastai-api-url',
  'baseten-api-url',
  'braintrust-api-url',
  'quiva-api-url',
  'cometapi-api-url',
  'openai-api-url',
  'gitlab-api-url',
  'slack-api-url',
  'anthropic-api-url',
  'alerts',
  'alerts-scope',
  'org',
  'alert-number',
  'alerts-token',
  'secret-types',
  'resolve-alerts',
  'resolve-not-found-alerts',
  'create-issue',
  'issue-number',
  'report-key',
  'github-token',
  'dry-run',
  'verify',
  'fail-on-error',
  'timeout-seconds'
]
// From the registry: a provider added to PROVIDER_IDS must be passed its token, and mapped in
// `secret-types`, in every example.
const PROVIDER_TOKENS = PROVIDER_IDS.flatMap((id) => tokenInput(PROVIDERS[id]) ?? [])
const SECRET_TYPE_LINE = new RegExp(`^\\w+=(${PROVIDER_IDS.join('|')})$`)

type With = Record<string, unknown>
interface Step {
  uses?: string
  with?: With
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  jobs: Record<string, { steps: Step[] }>
}

function load(file: string): Workflow {
  return parse(readFileSync(new URL(file, DIR), 'utf8')) as Workflow
}

/** The `with:` blocks of every step that runs this action. */
function actionInputs(workflow: Workflow): With[] {
  return Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .filter((step) => USES.test(step.uses ?? ''))
    .map((step) => step.with ?? {})
}

describe('the fixed input list', () => {
  it('is exactly the inputs action.yml declares', () => {
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
    expect([...ACTION_INPUTS].sort()).toEqual(Object.keys(action.inputs).sort())
  })
})

function unknownInputs(inputs: With): string[] {
  return Object.keys(inputs).filter((name) => !ACTION_INPUTS.includes(name))
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()

describe('example workflows', () => {
  it('are the sweep, relay and manual workflows', () => {
    expect(files).toEqual(['manual.yml', 'relay.yml', 'sweep.yml'])
  })

  it('the input check catches a misspelt input', () => {
    expect(unknownInputs({ 'alert-numbr': '1', alerts: 'open', 'vast-token': 'x' })).toEqual([
      'alert-numbr',
      'vast-token'
    ])
  })

  it.each(files)('%s: runs the action, with input names the action has', (file) => {
    const steps = actionInputs(load(file))
    expect(steps.length).toBeGreaterThan(0)
    for (const inputs of steps) {
      expect(unknownInputs(inputs)).toEqual([])
      if ('alerts' in inputs) expect(['none', 'open']).toContain(inputs.alerts)
      if ('alerts-scope' in inputs) expect(['repo', 'org']).toContain(inputs['alerts-scope'])
      // Credentials come from secrets, never written into the workflow.
      for (const name of [...PROVIDER_TOKENS, 'alerts-token'])
        expect({
          file,
          input: name,
          value: inputs[name] ?? `missing: add ${name}, from a secret`
        }).toEqual({
          file,
          input: name,
          value: expect.stringMatching(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/)
        })
      const lines = String(inputs['secret-types'] ?? '')
        .split('\n')
        .filter(Boolean)
      for (const line of lines) expect(line).toMatch(SECRET_TYPE_LINE)
      // A secret-types block maps a type to every provider, as a sample to edit.
      if (lines.length > 0) {
        const unmapped = customPatternProviders().filter(
          (id) => !lines.some((l) => l.endsWith(`=${id}`))
        )
        expect(
          unmapped.map((id) => `${file}: secret-types lacks a line "my_org_${id}_key=${id}"`)
        ).toEqual([])
      }
    }
  })

  it('sweep.yml: every 15 minutes and on demand, never overlapping, reporting in an issue', () => {
    const workflow = load('sweep.yml')
    expect(workflow.on).toEqual({
      schedule: [{ cron: '*/15 * * * *' }],
      workflow_dispatch: null
    })
    expect(workflow.permissions).toMatchObject({ issues: 'write' })
    expect(workflow.concurrency).toEqual({
      group: expect.stringMatching(/\S/),
      'cancel-in-progress': false
    })
    expect(actionInputs(workflow)).toEqual([
      expect.objectContaining({ alerts: 'open', 'create-issue': true })
    ])
  })

  it('sweep.yml: keeps the report file as an artifact, even when the sweep fails', () => {
    const steps = Object.values(load('sweep.yml').jobs).flatMap((job) => job.steps) as Array<
      Step & { id?: string; if?: string }
    >
    const action = steps.find((step) => USES.test(step.uses ?? ''))
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))
    expect(action?.id).toBe('revoke')
    expect(upload?.if).toMatch(/always\(\)/)
    expect(upload?.with?.path).toBe('${{ steps.revoke.outputs.report-file }}')
  })

  it('relay.yml: runs on the relayed secret_scanning_alert dispatch', () => {
    const workflow = load('relay.yml')
    expect(workflow.on).toEqual({ repository_dispatch: { types: ['secret_scanning_alert'] } })
    const [inputs] = actionInputs(workflow)
    // The alert comes from client_payload: no alert list, no alert number.
    expect(inputs).not.toHaveProperty('alerts')
    expect(inputs).not.toHaveProperty('alert-number')
  })

  it('manual.yml: an alert number, a key id or the key typed in; dry-run first', () => {
    const workflow = load('manual.yml')
    expect(workflow.on).toEqual({
      workflow_dispatch: {
        inputs: {
          'alert-number': expect.objectContaining({ type: 'string' }),
          provider: expect.objectContaining({ type: 'string' }),
          'key-id': expect.objectContaining({ type: 'string' }),
          'leaked-key': expect.objectContaining({ type: 'string' }),
          'dry-run': expect.objectContaining({ type: 'boolean', default: true })
        }
      }
    })
    const [inputs] = actionInputs(workflow)
    expect(inputs).toMatchObject({
      'alert-number': '${{ inputs.alert-number }}',
      provider: '${{ inputs.provider }}',
      'key-id': '${{ inputs.key-id }}',
      // The field's name: the action reads its value from the event payload.
      'key-from-input': 'leaked-key',
      'dry-run': '${{ inputs.dry-run }}'
    })
    expect(inputs).not.toHaveProperty('key')
  })
})

/** The rows of the README's Inputs table: input name -> default cell (backticks taken off). */
function readmeInputs(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('\n## Inputs\n'), readme.indexOf('\n## Outputs\n'))
  const rows = new Map<string, string>()
  for (const line of section.split('\n')) {
    const cells = /^\|\s*`([a-z-]+)`\s*\|([^|]*)\|/.exec(line)
    if (cells) rows.set(cells[1]!, cells[2]!.trim().replace(/^`(.*)`$/, '$1'))
  }
  return rows
}

/**
 * Inputs the README documents ahead of this branch's action.yml: they land from a branch
 * merged in parallel. Each is checked like any other as soon as action.yml declares it.
 */
describe("the README's Inputs table", () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const rows = readmeInputs()

  it('lists every input of action.yml, with its default', () => {
    for (const [name, spec] of Object.entries(action.inputs))
      expect([name, rows.get(name)]).toEqual([name, spec.default ?? ''])
  })

  it('lists no input that action.yml lacks', () => {
    const extra = [...rows.keys()].filter((n) => !(n in action.inputs))
    expect(extra).toEqual([])
  })
})

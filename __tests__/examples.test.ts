import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'

// The ready-to-copy workflows in examples/: every input they pass to the action must exist.

const DIR = new URL('../examples/', import.meta.url)
const USES = /^OWNER\/REPO@v1$/

/** The action's input names, written out so that a renamed input fails here too. */
const ACTION_INPUTS = [
  'provider',
  'key',
  'key-id',
  'vastai-token',
  'baseten-token',
  'braintrust-token',
  'quiva-token',
  'cometapi-token',
  'vastai-api-url',
  'baseten-api-url',
  'braintrust-api-url',
  'quiva-api-url',
  'cometapi-api-url',
  'alerts',
  'alerts-scope',
  'org',
  'alert-number',
  'alerts-token',
  'secret-types',
  'resolve-alerts',
  'create-issue',
  'issue-number',
  'github-token',
  'dry-run',
  'verify',
  'fail-on-error',
  'timeout-seconds'
]
const PROVIDER_TOKENS = ['vastai', 'baseten', 'braintrust', 'quiva', 'cometapi'].map(
  (id) => `${id}-token`
)

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
    const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
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
        expect([name, inputs[name]]).toEqual([
          name,
          expect.stringMatching(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/)
        ])
      for (const line of String(inputs['secret-types'] ?? '')
        .split('\n')
        .filter(Boolean))
        expect(line).toMatch(/^\w+=(vastai|baseten|braintrust|quiva|cometapi)$/)
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

  it('manual.yml: asks for the alert number and dry-run, and passes them on', () => {
    const workflow = load('manual.yml')
    expect(workflow.on).toEqual({
      workflow_dispatch: {
        inputs: {
          'alert-number': expect.objectContaining({ required: true }),
          'dry-run': expect.objectContaining({ type: 'boolean' })
        }
      }
    })
    expect(actionInputs(workflow)).toEqual([
      expect.objectContaining({
        'alert-number': '${{ inputs.alert-number }}',
        'dry-run': '${{ inputs.dry-run }}'
      })
    ])
  })
})

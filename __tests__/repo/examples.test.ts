import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { PROVIDERS, apiUrlInput, tokenInput } from '../../src/providers/registry.js'
import { PREDICATE_TYPE } from '../../src/receipt/receipt.js'

// The ready-to-copy workflows in examples/: every input they pass to the action must exist.

const DIR = new URL('../../examples/', import.meta.url)
// Pinned to a commit, the version in a comment (see the README, "Versions").
const USES = /^OWNER\/REPO@COMMIT_SHA$/

/** The action's input names, as action.yml declares them. */
const ACTION_INPUTS = Object.keys(
  (
    parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
  ).inputs
)

/** The inputs `npm run generate` writes into action.yml from the registry. */
const PROVIDER_INPUTS = [
  'provider',
  'key-id',
  ...Object.values(PROVIDERS).flatMap((p) => [
    ...[tokenInput(p) ?? [], apiUrlInput(p) ?? []].flat(),
    ...Object.keys(p.flags ?? {})
  ])
]

type With = Record<string, unknown>
interface Step {
  uses?: string
  with?: With
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  jobs: Record<
    string,
    {
      steps: Step[]
      needs?: string
      environment?: string
      outputs?: Record<string, string>
      if?: string
    }
  >
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

function unknownInputs(inputs: With): string[] {
  return Object.keys(inputs).filter((name) => !ACTION_INPUTS.includes(name))
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()

describe('example workflows', () => {
  it('are the sweep, relay, manual, signed-receipt and approval workflows', () => {
    expect(files).toEqual(['approval.yml', 'manual.yml', 'receipt.yml', 'relay.yml', 'sweep.yml'])
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
      for (const [name, value] of Object.entries(inputs))
        if (name.endsWith('-token') && name !== 'github-token')
          expect({ file, input: name, value }).toEqual({
            file,
            input: name,
            value: expect.stringMatching(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/)
          })
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

  it('receipt.yml: signs the receipt with its own predicate type, even when the run fails', () => {
    const workflow = load('receipt.yml')
    expect(workflow.permissions).toMatchObject({
      'id-token': 'write',
      attestations: 'write'
    })
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps) as Array<
      Step & { id?: string; if?: string }
    >
    const action = steps.find((step) => USES.test(step.uses ?? ''))
    const attest = steps.find((step) => step.uses?.startsWith('actions/attest@'))
    expect(steps.indexOf(attest!)).toBeGreaterThan(steps.indexOf(action!))
    expect(attest?.if).toMatch(/always\(\)/)
    expect(attest?.with).toEqual({
      'subject-path': `\${{ steps.${action?.id}.outputs.receipt-path }}`,
      'predicate-type': PREDICATE_TYPE,
      'predicate-path': `\${{ steps.${action?.id}.outputs.receipt-predicate-path }}`
    })
    const text = readFileSync(new URL('receipt.yml', DIR), 'utf8')
    expect(text).toContain(`--predicate-type ${PREDICATE_TYPE}`)
  })

  it('approval.yml: a plan job, then an apply job in an Environment with the plan and its digest', () => {
    const { jobs } = load('approval.yml')
    const plan = jobs.plan!
    const apply = jobs.apply!
    const planStep = plan.steps.find((step) => USES.test(step.uses ?? '')) as Step & { id?: string }
    expect(planStep.with).toMatchObject({
      mode: 'plan',
      'approval-required': expect.stringMatching(/\S/)
    })
    expect(plan.outputs).toMatchObject({
      plan: `\${{ steps.${planStep.id}.outputs.plan }}`,
      'plan-sha256': `\${{ steps.${planStep.id}.outputs.plan-sha256 }}`
    })
    expect(apply.needs).toBe('plan')
    expect(apply.environment).toMatch(/\S/)
    const [applyInputs] = actionInputs({ on: {}, jobs: { apply } })
    expect(applyInputs).toMatchObject({
      mode: 'apply',
      plan: '${{ needs.plan.outputs.plan }}',
      'plan-sha256': '${{ needs.plan.outputs.plan-sha256 }}'
    })
    // The apply job reads the secrets again from the same alerts.
    expect(applyInputs).toMatchObject({ alerts: 'open' })
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
  // The hand-written table, after the generated one of the provider inputs.
  const section = readme.slice(
    readme.indexOf('<!-- end generated: provider-inputs -->'),
    readme.indexOf('\n## Outputs\n')
  )
  const rows = new Map<string, string>()
  for (const line of section.split('\n')) {
    const cells = /^\|\s*`([a-z0-9-]+)`\s*\|([^|]*)\|/.exec(line)
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

  // The provider inputs are generated into a table of their own (npm run generate).
  const generated = new Set(PROVIDER_INPUTS)

  it('lists every input of action.yml, with its default', () => {
    for (const [name, spec] of Object.entries(action.inputs))
      if (!generated.has(name)) expect([name, rows.get(name)]).toEqual([name, spec.default ?? ''])
  })

  it('lists no input that action.yml lacks', () => {
    const extra = [...rows.keys()].filter((n) => !(n in action.inputs) || generated.has(n))
    expect(extra).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'

// The manual path of dist/index.js: the key typed into a workflow_dispatch form reaches the
// action through the event payload (GITHUB_EVENT_PATH), never through an input variable.
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await Sandbox.start()
})
afterAll(async () => {
  await sandbox.close()
})

/** Everything the action wrote: its output, and every file but the runner's event payload. */
function written(run: ActionRun): string {
  const files = Object.entries(run.files).filter(([name]) => name !== 'event.json')
  return [
    run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    ...files.map(([, text]) => text)
  ].join('\n')
}

describe('key-from-input end to end', () => {
  it('revokes the key typed into the form, masking it before anything else is written', async () => {
    const key = sandbox.providers.vastai.store.addKey()
    const run = await runAction({
      inputs: { provider: 'vastai', 'key-from-input': 'leaked-key' },
      event: { inputs: { 'leaked-key': key.value, issue: '' }, ref: 'refs/heads/main' },
      env: { ...sandbox.inputEnv(), GITHUB_EVENT_NAME: 'workflow_dispatch' }
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'revoked', revoked: '1', failed: '0' })
    expect(JSON.parse(run.outputs.result ?? '[]')[0]).toMatchObject({
      outcome: 'revoked',
      verified: true
    })
    expect(key.deletedAt).toBeDefined()
    // The first thing the action writes is the mask.
    expect(run.stdout.split('\n').find((l) => l.startsWith('::'))).toBe(`::add-mask::${key.value}`)
    expect(written(run)).not.toContain(key.value)
    expect(sandbox.violations()).toEqual([])
  })

  it('refuses to run outside workflow_dispatch, before any request', async () => {
    const key = sandbox.providers.vastai.store.addKey()
    sandbox.resetRequests()
    const run = await runAction({
      inputs: { provider: 'vastai', 'key-from-input': 'leaked-key' },
      event: { inputs: { 'leaked-key': key.value } },
      env: { ...sandbox.inputEnv(), GITHUB_EVENT_NAME: 'push' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::Input 'key-from-input' reads the key from an input of the workflow_dispatch event, but this run was started by 'push'"
    )
    expect(sandbox.providers.vastai.service.requests).toHaveLength(0)
    expect(key.deletedAt).toBeUndefined()
    expect(written(run)).not.toContain(key.value)
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'

// Plan, approve, apply, with dist/index.js against the sandbox: the plan job revokes at once
// what needs no approval and deletes nothing else; the apply job deletes exactly the planned
// keys, re-reading their secrets from the alerts; a changed plan is refused before any request.

let sandbox: Sandbox
const ALERTS_TOKEN = 'github_pat_alertsTokenForTheApprovals0000000000'
const GITHUB_TOKEN = 'ghs_workflowTokenForTheApprovals000000000'
let repoSeq = 0
let repo: string

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(ALERTS_TOKEN, { alerts: true })
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
})
afterAll(async () => {
  await sandbox.close()
})
beforeEach(() => {
  repo = `acme/approvals${++repoSeq}`
  sandbox.resetRequests()
})

async function act(inputs: Record<string, string>): Promise<ActionRun> {
  const run = await runAction({
    githubToken: GITHUB_TOKEN,
    inputs: { alerts: 'open', 'alerts-token': ALERTS_TOKEN, ...inputs },
    env: {
      ...sandbox.inputEnv(),
      GITHUB_API_URL: sandbox.githubService.url,
      GITHUB_REPOSITORY: repo,
      GITHUB_REPOSITORY_OWNER: repo.split('/')[0]!
    }
  })
  expect(run.stderr).toBe('')
  expect(sandbox.violations()).toEqual([])
  return run
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const deletes = (id: 'baseten' | 'quiva') =>
  sandbox.providers[id].service.requests.filter((r) => r.method === 'DELETE')

/** Every request any fake (providers and GitHub) has seen since the last reset. */
const allRequests = () =>
  PROVIDER_IDS.reduce((n, id) => n + sandbox.providers[id].service.requests.length, 0) +
  sandbox.githubService.requests.length

interface PlanShape {
  keys: Array<{ provider: string; fingerprint: string | null; because: string }>
}

/** Two Baseten keys (which need approval) and a quiva.ai key (which does not), each alerted. */
function world() {
  const baseten = [
    sandbox.providers.baseten.store.addKey(),
    sandbox.providers.baseten.store.addKey()
  ]
  const quiva = sandbox.providers.quiva.store.addKey()
  for (const k of baseten) sandbox.github.addAlert(repo, k.value, 'Baseten API key')
  sandbox.github.addAlert(repo, quiva.value, 'quiva.ai API key')
  return { baseten, quiva }
}

async function planRun() {
  const w = world()
  const run = await act({ mode: 'plan', 'approval-required': 'provider:baseten' })
  return { ...w, run }
}

describe('plan, approve, apply', () => {
  it('plan: revokes the approval-free key at once, deletes nothing else, plans the rest', async () => {
    const { baseten, quiva, run } = await planRun()
    expect(run.exitCode).toBe(0)
    // Approval-free: revoked in this first job.
    expect(quiva.deletedAt).toBeDefined()
    // Held: identified, never deleted; no delete request reached Baseten at all.
    for (const k of baseten) expect(k.deletedAt).toBeUndefined()
    expect(deletes('baseten')).toEqual([])
    const plan = JSON.parse(run.outputs.plan!) as PlanShape
    expect(plan.keys.map((k) => k.fingerprint).sort()).toEqual(
      baseten.map((k) => `sha256:${sha256(k.value)}`).sort()
    )
    expect(
      plan.keys.every((k) => k.provider === 'baseten' && k.because === 'provider:baseten')
    ).toBe(true)
    expect(run.outputs['plan-sha256']).toBe(sha256(run.outputs.plan!))
    expect(run.outputs['plan-keys']).toBe('2')
    expect(run.files['revocation-plan.json']).toBe(run.outputs.plan)
    // The plan carries no secret: a job output would drop it, and an artifact would keep it.
    for (const k of [...baseten, quiva]) {
      expect(run.outputs.plan).not.toContain(k.value)
      expect(run.outputs.plan).not.toContain(k.value.slice(0, 12))
    }
    const result = JSON.parse(run.outputs.result!) as Array<{ provider: string; outcome: string }>
    expect(result.filter((r) => r.provider === 'baseten').map((r) => r.outcome)).toEqual([
      'dry-run',
      'dry-run'
    ])
    expect(run.outputs.status).toBe('partial')
    const receipt = JSON.parse(run.files['revocation-receipt.json']!) as {
      predicate: { run: { mode: string } }
    }
    expect(receipt.predicate.run.mode).toBe('plan')
  })

  it('apply: deletes exactly the planned keys, re-reading their secrets from the alerts', async () => {
    const { baseten, run: plan } = await planRun()
    // A key alerted after the plan was approved is not in it: apply leaves it alone.
    const late = sandbox.providers.baseten.store.addKey()
    sandbox.github.addAlert(repo, late.value, 'Baseten API key')
    sandbox.resetRequests()
    const run = await act({
      mode: 'apply',
      plan: plan.outputs.plan!,
      'plan-sha256': plan.outputs['plan-sha256']!
    })
    expect(run.exitCode).toBe(0)
    for (const k of baseten) expect(k.deletedAt).toBeDefined()
    expect(late.deletedAt).toBeUndefined()
    expect(deletes('baseten')).toHaveLength(2)
    const result = JSON.parse(run.outputs.result!) as Array<{ outcome: string; message?: string }>
    expect(result.filter((r) => r.outcome === 'revoked')).toHaveLength(2)
    expect(result.filter((r) => r.outcome === 'skipped').map((r) => r.message)).toEqual([
      expect.stringContaining('Not in the approved plan')
    ])
  })

  it('apply from the plan file (an artifact) works the same', async () => {
    const { baseten, run: plan } = await planRun()
    const dir = await mkdtemp(join(tmpdir(), 'plan-'))
    const file = join(dir, 'revocation-plan.json')
    await writeFile(file, plan.files['revocation-plan.json']!)
    const run = await act({
      mode: 'apply',
      'plan-file': file,
      'plan-sha256': plan.outputs['plan-sha256']!
    })
    expect(run.exitCode).toBe(0)
    for (const k of baseten) expect(k.deletedAt).toBeDefined()
  })

  it.each([
    [
      'a key added',
      (p: string) =>
        p.replace(
          '"keys":[',
          '"keys":[{"provider":"baseten","fingerprint":null,"id":"abcdefgh","alerts":[],"because":"*"},'
        )
    ],
    [
      'a key removed',
      (p: string) => {
        const plan = JSON.parse(p) as PlanShape
        plan.keys.pop()
        return JSON.stringify(plan)
      }
    ],
    [
      'one character changed',
      (p: string) =>
        p.replace(/sha256:([0-9a-f])/, (_, c: string) => `sha256:${c === '0' ? '1' : '0'}`)
    ]
  ])('a plan with %s is refused before any request', async (_, tamper) => {
    const { baseten, run: plan } = await planRun()
    sandbox.resetRequests()
    const run = await act({
      mode: 'apply',
      plan: tamper(plan.outputs.plan!),
      'plan-sha256': plan.outputs['plan-sha256']!
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::.*plan-sha256/)
    expect(run.outputs.status).toBe('error')
    expect(allRequests()).toBe(0)
    for (const k of baseten) expect(k.deletedAt).toBeUndefined()
  })

  it('bad approval inputs are refused before any request, naming the input', async () => {
    world()
    for (const [inputs, name] of [
      [{ mode: 'revoke', 'approval-required': 'provider:baseten' }, 'approval-required'],
      [{ mode: 'plan', 'approval-required': 'provider:nosuch' }, 'approval-required'],
      [{ mode: 'apply', 'plan-sha256': 'a'.repeat(64) }, 'plan'],
      [{ mode: 'apply', plan: '{}' }, 'plan-sha256'],
      [{ mode: 'often' }, 'mode']
    ] as Array<[Record<string, string>, string]>) {
      sandbox.resetRequests()
      const run = await act(inputs)
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toContain(name)
      expect(allRequests()).toBe(0)
    }
  })
})

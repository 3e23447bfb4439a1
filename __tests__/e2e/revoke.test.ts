import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { PROVIDERS } from '../../src/providers/registry.js'
import { Sandbox } from '../../sandbox/index.js'
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/types.js'
import { credentialInput, runAction, type ActionRun } from '../../sandbox/run-action.js'
import { deleteOperationOf } from '../helpers/contracts.js'
import { nearMiss } from '../helpers/values.js'

// Runs the committed bundle, dist/index.js, exactly as the runner does.
let sandbox: Sandbox
const GITHUB_TOKEN = 'ghs_e2eTokenForTheFakeGitHub000000000000'

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
})
afterAll(async () => {
  await sandbox.close()
})

/** A provider's credential input with its fake token (none where its delete takes none). */
const tokenInputs = (id: ProviderId, token: string): Record<string, string> => {
  const input = credentialInput(PROVIDERS[id])
  return input ? { [input]: token } : {}
}

function env(): Record<string, string> {
  return { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url }
}

/** Everything the process wrote, except the runner's own `::add-mask::` commands. */
function everything(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  return [
    stdout,
    run.stderr,
    ...Object.values(run.files),
    ...sandbox.github.state.comments.map((c) => c.body)
  ].join('\n')
}

function expectNoSecret(run: ActionRun, secrets: string[]): void {
  const text = everything(run)
  for (const secret of secrets) {
    expect(text.includes(secret)).toBe(false)
    expect(text.includes(encodeURIComponent(secret))).toBe(false)
    // …and the runner was told to mask it.
    expect(run.stdout).toContain(`::add-mask::${secret}`)
  }
}

describe('dist/index.js end to end', () => {
  it.each(PROVIDER_IDS)(
    '%s: revokes a leaked key by value, verifies it dead, reports it',
    async (id: ProviderId) => {
      const { store } = sandbox.providers[id]
      const key = store.addKey()
      const token = store.addToken()
      const run = await runAction({
        inputs: { provider: id, key: key.value, ...tokenInputs(id, token) },
        env: env(),
        githubToken: GITHUB_TOKEN
      })
      expect(run.stderr).toBe('')
      expect(run.exitCode).toBe(0)
      expect(run.outputs.status).toBe('revoked')
      expect(run.outputs.revoked).toBe('1')
      expect(run.outputs.failed).toBe('0')
      const result = JSON.parse(run.outputs.result ?? '[]') as Array<Record<string, unknown>>
      expect(result).toHaveLength(1)
      expect(result[0]).toMatchObject({
        provider: id,
        outcome: 'revoked',
        verified: true,
        httpStatus: deleteOperationOf(id).status,
        attempts: 1
      })
      expect(result[0]?.keyRef).toMatch(/^sha256:[0-9a-f]{12}$/)
      expect(run.summary).toContain('## 🔑 Leaked key revocation: revoked')
      expect(run.summary).toContain('| Provider | Key | Outcome | Verified |')
      expect(run.stdout).toContain('::notice title=Leaked key revoked::')
      expect(key.deletedAt).toBeDefined()
      expectNoSecret(run, [key.value, ...Object.values(tokenInputs(id, token)), GITHUB_TOKEN])
      expect(sandbox.violations()).toEqual([])
    }
  )

  it.each(PROVIDER_IDS)(
    '%s: a value one character off is NOT FOUND: exit 1, no green, the real key untouched',
    async (id: ProviderId) => {
      const { store } = sandbox.providers[id]
      const key = store.addKey()
      const token = store.addToken()
      const wrong = nearMiss(key.value)
      const sentBefore = sandbox.providers[id].service.requests.length
      const run = await runAction({
        inputs: { provider: id, key: wrong, ...tokenInputs(id, token) },
        env: env(),
        githubToken: GITHUB_TOKEN
      })
      expect(run.exitCode).toBe(1)
      if (PROVIDERS[id].checkValue?.(wrong)) {
        // A value whose own format shows the change (a Google key file's exact base64) is
        // refused as input, before any request.
        expect(run.stdout).toContain("Input 'key'")
        expect(sandbox.providers[id].service.requests).toHaveLength(sentBefore)
        expect(key.deletedAt).toBeUndefined()
        expectNoSecret(run, [wrong, ...Object.values(tokenInputs(id, token)), GITHUB_TOKEN])
        return
      }
      expect(run.outputs).toMatchObject({ status: 'not-found', revoked: '0', 'not-found': '1' })
      const [result] = JSON.parse(run.outputs.result ?? '[]') as Array<Record<string, unknown>>
      expect(result).toMatchObject({ outcome: 'not-found', verified: null })
      const summary = run.summary
      expect(summary).toContain('## 🔑 Leaked key revocation: not-found')
      expect(summary).toContain('The leaked key may still be alive')
      expect(summary).not.toMatch(/Every key is revoked|✅/)
      expect(run.stdout).toContain('::error title=Leaked key NOT revoked')
      expect(run.stdout).not.toContain('::notice title=Leaked key revoked::')
      expect(key.deletedAt).toBeUndefined()
      expectNoSecret(run, [wrong, ...Object.values(tokenInputs(id, token)), GITHUB_TOKEN])
      expect(everything(run)).not.toContain(key.value.slice(0, -1))
      expect(sandbox.violations()).toEqual([])
    }
  )

  it('an id the account does not have is NOT FOUND, not revoked', async () => {
    const token = sandbox.providers.vastai.store.addToken()
    const run = await runAction({
      inputs: { provider: 'vastai', 'key-id': '999', 'vastai-token': token },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'not-found', revoked: '0', 'not-found': '1' })
    expect(run.summary).toContain('No live key with this id')
    expect(run.summary).not.toContain('Every key is revoked')
  })

  it('several keys in one run, and the comment is updated in place on a re-run', async () => {
    const { store } = sandbox.providers.baseten
    const keys = [store.addKey(), store.addKey(), store.addKey()]
    const inputs = { key: keys.map((k) => k.value).join('\n'), 'issue-number': '12' }
    const first = await runAction({ inputs, env: env(), githubToken: GITHUB_TOKEN })
    expect(first.exitCode).toBe(0)
    expect(first.outputs.status).toBe('revoked')
    expect(JSON.parse(first.outputs.result ?? '[]')).toHaveLength(3)
    const comments = () => sandbox.github.state.comments.filter((c) => c.issue === 'acme/app#12')
    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toMatch(
      /^<!-- revoke-leaked-keys run:4242 job:revoke leg:baseten-[0-9a-f]{12} -->\n/
    )
    expect(comments()[0]?.body).toContain('Every key is revoked')

    // The re-run deletes nothing: the keys are not found, which is not a revocation.
    const again = await runAction({ inputs, env: env(), githubToken: GITHUB_TOKEN })
    expect(again.exitCode).toBe(1)
    expect(again.outputs.status).toBe('not-found')
    expect(again.outputs['not-found']).toBe('3')
    expect(again.outputs.revoked).toBe('0')
    expect(
      JSON.parse(again.outputs.result ?? '[]').map((r: { outcome: string }) => r.outcome)
    ).toEqual(['not-found', 'not-found', 'not-found'])
    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toContain('NOT FOUND')
    expect(comments()[0]?.body).not.toContain('Every key is revoked')
    const posts = sandbox.githubService.requests.filter(
      (r) => r.method === 'POST' && r.path.startsWith('/repos/')
    )
    const patches = sandbox.githubService.requests.filter((r) => r.method === 'PATCH')
    expect(posts).toHaveLength(1)
    expect(patches).toHaveLength(1)
    expect(patches[0]?.headers.authorization).toMatch(
      new RegExp(`^(token|Bearer) ${GITHUB_TOKEN}$`, 'i')
    )
    expectNoSecret(again, [...keys.map((k) => k.value), GITHUB_TOKEN])
  })

  it('fails the step with the next step named when a key cannot be revoked', async () => {
    const key = sandbox.providers.cometapi.store.addKey()
    const run = await runAction({
      inputs: { provider: 'comet', key: key.value },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.outputs.failed).toBe('1')
    expect(JSON.parse(run.outputs.result ?? '[]')[0]).toMatchObject({
      outcome: 'failed',
      reason: 'invalid-input',
      verified: null,
      httpStatus: null
    })
    expect(run.summary).toContain('Set `cometapi-token`')
    expect(run.stdout).toContain('::error title=Leaked key NOT revoked::')
    expect(key.deletedAt).toBeUndefined()
    expectNoSecret(run, [key.value])

    const lenient = await runAction({
      inputs: { provider: 'comet', key: key.value, 'fail-on-error': 'false' },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    expect(lenient.exitCode).toBe(0)
    expect(lenient.outputs.status).toBe('failed')
  })

  it('refuses bad input before sending anything, naming the input', async () => {
    const key = sandbox.providers.baseten.store.addKey()
    sandbox.resetRequests()
    const run = await runAction({
      inputs: { key: key.value, verify: 'maybe' },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::Input 'verify' ('maybe') is not valid: expected 'true' or 'false'."
    )
    expect(run.summary).toContain('Nothing was deleted')
    // Not `failed` (which counts keys that failed): the run stopped before any key.
    expect(run.outputs.status).toBe('error')
    expect(run.outputs.failed).toBe('0')
    expect(run.outputs.result).toBe('[]')
    // The report file exists, empty: a following upload step finds what the output names.
    expect(run.files['revoke-leaked-keys-self.jsonl']).toBe('')
    expect(run.outputs['report-file']).toMatch(/revoke-leaked-keys-self\.jsonl$/)
    expect(sandbox.providers.baseten.service.requests).toHaveLength(0)
    expect(key.deletedAt).toBeUndefined()
    expectNoSecret(run, [key.value])
  })

  it('dry-run resolves but deletes nothing', async () => {
    const { store, service } = sandbox.providers.vastai
    const key = store.addKey()
    sandbox.resetRequests()
    const run = await runAction({
      inputs: { provider: 'vast.ai', key: key.value, 'dry-run': 'true' },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('dry-run')
    expect(JSON.parse(run.outputs.result ?? '[]')[0]).toMatchObject({ outcome: 'dry-run' })
    expect(service.requests.map((r) => r.method)).toEqual(['GET'])
    expect(key.deletedAt).toBeUndefined()
  })
})

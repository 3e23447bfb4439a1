import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { basename } from 'node:path'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'

// Faults seen from outside: dist/index.js still writes outputs, summary and comment.
let sandbox: Sandbox
const GITHUB_TOKEN = 'ghs_resilienceTokenForTheSandbox000000000'

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
})
afterAll(async () => {
  await sandbox.close()
})

const env = () => ({ ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url })
const result = (run: ActionRun) =>
  JSON.parse(run.outputs.result ?? '[]') as Array<Record<string, unknown>>
/** The report file's entries (it is written into RUNNER_TEMP, the run's own folder). */
const reportFile = (run: ActionRun) =>
  (run.files[basename(run.outputs['report-file'] ?? '-')] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
const visible = (run: ActionRun) =>
  [
    run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    ...Object.values(run.files)
  ].join('\n')

describe('dist/index.js under faults', () => {
  it('a provider that never answers: the run stops at timeout-seconds and still reports', async () => {
    const { store, service } = sandbox.providers.baseten
    const key = store.addKey()
    service.inject({ method: 'DELETE', times: 99, fault: { kind: 'hang' } })
    const run = await runAction({
      inputs: { key: key.value, 'timeout-seconds': '10' },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    service.clearFaults()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(result(run)[0]).toMatchObject({ outcome: 'failed', reason: 'timeout' })
    // Stopped by the run's limit (10 s), not by the attempt's own (15 s). Timed inside the run:
    // how long a busy machine takes to start the process does not count.
    expect(result(run)[0]?.durationMs).toBeLessThan(15_000)
    expect(String(result(run)[0]?.message)).toContain('time limit')
    expect(run.summary).toContain('could not be reached in time')
    expect(visible(run)).not.toContain(key.value)
    expect(key.deletedAt).toBeUndefined()
  }, 60_000)

  it('a cancelled job (SIGTERM): outputs, summary and comment say what is known', async () => {
    const { store, service } = sandbox.providers.quiva
    const done = store.addKey()
    const stuck = store.addKey()
    service.inject({
      method: 'DELETE',
      path: /^\/accounts\/api-key$/,
      times: 0,
      fault: { kind: 'hang' }
    })
    // The first key's delete goes through; the second one's hangs until the job is cancelled.
    // The job is cancelled once both have happened, seen from the fake rather than guessed
    // from a time: the first key is probed again (its delete's answer is in), and the second
    // key's delete is waiting for an answer.
    const cancel = new AbortController()
    let doneProbedAfter = false
    let stuckSent = false
    const original = service.route
    Object.defineProperty(service, 'route', {
      configurable: true,
      value: (req: Parameters<typeof original>[0]) => {
        // quiva.ai deletes by the key itself: `?key=<value>`.
        const stuckDelete = req.method === 'DELETE' && req.query.some(([, v]) => v === stuck.value)
        stuckSent ||= stuckDelete
        doneProbedAfter ||=
          done.deletedAt !== undefined && JSON.stringify(req.headers).includes(done.value)
        if (stuckSent && doneProbedAfter) cancel.abort()
        return stuckDelete ? new Promise(() => {}) : original(req)
      }
    })
    const run = await runAction({
      inputs: { key: `${done.value}\n${stuck.value}`, 'issue-number': '77' },
      env: env(),
      githubToken: GITHUB_TOKEN,
      signal: cancel.signal
    })
    Object.defineProperty(service, 'route', { configurable: true, value: original })
    expect(run.stdout).toContain('Received SIGTERM')
    expect(run.outputs.status).toBe('partial')
    const entries = result(run)
    expect(entries.map((e) => e.outcome)).toEqual(['revoked', 'failed'])
    expect(entries[1]).toMatchObject({ reason: 'timeout' })
    expect(String(entries[1]?.message)).toContain('cancelled')
    expect(run.summary).toContain('Leaked key revocation: partial')
    const comment = sandbox.github.state.comments.find((c) => c.issue === 'acme/app#77')
    expect(comment?.body).toContain('Leaked key revocation: partial')
    // The report file is written too, with what is known of each key.
    expect(reportFile(run).map((e) => e.outcome)).toEqual(['revoked', 'failed'])
    expect(visible(run)).not.toContain(stuck.value)
  }, 60_000)

  it('an HTML error page: a failure with a readable, escaped excerpt', async () => {
    const { store, service } = sandbox.providers.vastai
    const key = store.addKey()
    service.inject({
      method: 'DELETE',
      times: 99,
      fault: {
        kind: 'reply',
        reply: {
          status: 500,
          text: `<html><body><h1>Oops</h1><img src=x onerror=alert(1)> ${key.value}</body></html>`
        }
      }
    })
    const run = await runAction({
      inputs: { provider: 'vastai', key: key.value },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    service.clearFaults()
    expect(run.exitCode).toBe(1)
    expect(result(run)[0]).toMatchObject({
      outcome: 'failed',
      reason: 'provider-error',
      httpStatus: 500
    })
    expect(run.summary).toContain('Oops')
    expect(run.summary).not.toMatch(/<img|<h1|<html/)
    expect(visible(run)).not.toContain(key.value)
  })
})

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { repositoryDispatchEvent, type FakeDispatch } from '../../sandbox/github.js'
import { Sandbox } from '../../sandbox/index.js'
import { runAction } from '../../sandbox/run-action.js'
import { deliveryHeaders, secretScanningBody } from '../../sandbox/webhooks.js'
import { SECRET } from './helpers/cases.js'

// From a signed webhook to a dead key: `npm run relay` (the command the README gives) receives
// GitHub's delivery and dispatches it to the sandbox's GitHub; dist/index.js then runs with
// the repository_dispatch event GitHub builds from that dispatch, as the workflow would.

const DISPATCH_TOKEN = 'github_pat_relayE2eDispatchToken_00000000000'
const ALERTS_TOKEN = 'github_pat_relayE2eAlertsToken_0000000000000'
const GITHUB_TOKEN = 'ghs_relayE2eWorkflowToken_000000000000000'

let sandbox: Sandbox
let relay: ChildProcessWithoutNullStreams
let relayUrl: string
let relayOut = ''

/** Runs `npm run relay` in its own process group, so it can be stopped whole. */
function npmRelay(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn('npm', ['run', '--silent', 'relay'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    detached: true
  })
}

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(ALERTS_TOKEN, { alerts: true })
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
  sandbox.github.state.tokens.set(DISPATCH_TOKEN, { alerts: false, contents: ['acme/app'] })
  relay = npmRelay({
    PORT: '0',
    WEBHOOK_SECRET: SECRET,
    DISPATCH_TOKEN,
    GITHUB_API_URL: sandbox.githubService.url
  })
  relay.stdout.on('data', (d: Buffer) => (relayOut += d.toString('utf8')))
  relay.stderr.on('data', (d: Buffer) => (relayOut += d.toString('utf8')))
  relayUrl = await new Promise<string>((resolve, reject) => {
    // A cap on the start (npm, then tsx compiling the relay), which a busy machine stretches.
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${relayOut}`)), 90_000)
    relay.stdout.on('data', () => {
      const url = /relay listening on (http:\/\/\S+)/.exec(relayOut)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve(url)
      }
    })
  })
}, 120_000)
afterAll(async () => {
  if (relay.exitCode === null && relay.pid !== undefined) {
    const exited = new Promise((done) => relay.once('exit', done))
    process.kill(-relay.pid, 'SIGTERM')
    await exited
  }
  await sandbox.close()
})

describe('webhook -> relay -> repository_dispatch -> action', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(relayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('revokes the key of a signed secret_scanning_alert and resolves the alert; nothing printed holds a secret', async () => {
    const key = sandbox.providers.baseten.store.addKey()
    const alert = sandbox.github.addAlert('acme/app', key.value, 'Baseten API key')
    const body = secretScanningBody({
      action: 'created',
      repository: 'acme/app',
      number: alert.number,
      secretType: alert.secret_type,
      displayName: alert.secret_type_display_name
    })
    const headers = await deliveryHeaders(body, SECRET)

    // The same body signed with another secret is refused, and nothing reaches GitHub.
    const forged = await deliveryHeaders(body, `${SECRET}-not`)
    const refused = await fetch(relayUrl, { method: 'POST', headers: forged, body })
    expect(refused.status).toBe(401)
    expect(sandbox.githubService.requests).toHaveLength(0)

    const dispatched = new Promise<FakeDispatch>((resolve) => {
      sandbox.github.state.onDispatch = resolve
    })
    const response = await fetch(relayUrl, { method: 'POST', headers, body })
    expect(response.status).toBe(202)
    const dispatch = await dispatched
    expect(dispatch.repository).toBe('acme/app')

    const run = await runAction({
      githubToken: GITHUB_TOKEN,
      inputs: { 'alerts-token': ALERTS_TOKEN },
      env: {
        ...sandbox.inputEnv(),
        GITHUB_API_URL: sandbox.githubService.url,
        GITHUB_REPOSITORY: dispatch.repository,
        GITHUB_REPOSITORY_OWNER: 'acme',
        GITHUB_EVENT_NAME: 'repository_dispatch'
      },
      event: repositoryDispatchEvent(dispatch)
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'revoked', revoked: '1', failed: '0' })
    expect(key.deletedAt).toBeDefined()
    expect(alert).toMatchObject({ state: 'resolved', resolution: 'revoked' })
    expect(sandbox.violations()).toEqual([])

    // The relay logged one line for each delivery.
    const lines = relayOut.split('\n').filter((l) => l.startsWith('{'))
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ delivery: forged['x-github-delivery'], outcome: 'unsigned' }),
      expect.objectContaining({
        delivery: headers['x-github-delivery'],
        action: 'created',
        repository: 'acme/app',
        alert: alert.number,
        outcome: 'dispatched',
        status: 202
      })
    ])

    // Nothing printed anywhere holds the key, a token, the webhook secret or the signature.
    const stdout = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    const printed = [
      relayOut,
      stdout,
      run.stderr,
      ...Object.values(run.files),
      ...sandbox.github.state.comments.map((c) => c.body),
      ...sandbox.github.state.issues.map((i) => i.body)
    ].join('\n')
    for (const secret of [
      key.value,
      SECRET,
      DISPATCH_TOKEN,
      ALERTS_TOKEN,
      GITHUB_TOKEN,
      headers['x-hub-signature-256']!,
      forged['x-hub-signature-256']!
    ])
      expect([secret, printed.includes(secret)]).toEqual([secret, false])
    expect(run.stdout).toContain(`::add-mask::${key.value}`)
    expect(run.stdout).toContain(`::add-mask::${ALERTS_TOKEN}`)
  })

  it('`npm run relay` refuses to start without its settings, naming the missing one', async () => {
    const child = npmRelay({ PORT: '0', DISPATCH_TOKEN })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')))
    const code = await new Promise<number | null>((done) => child.once('exit', done))
    expect(code).toBe(2)
    expect(out).toContain('relay: WEBHOOK_SECRET is not set')
    expect(out).not.toContain(DISPATCH_TOKEN)
  })
})

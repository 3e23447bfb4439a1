import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'

// AWS through dist/index.js as the runner starts it: the admin credentials in the standard
// environment variables (as aws-actions/configure-aws-credentials leaves them), a key given by
// value, pasted as a credentials file, by id, and through an alert sweep. Nothing the action
// writes holds a secret.

let sandbox: Sandbox
const ALERTS_TOKEN = 'github_pat_alertsTokenForTheAwsSandbox000000000'

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(ALERTS_TOKEN, { alerts: true })
})
afterAll(async () => {
  await sandbox.close()
})

const store = () => sandbox.fakes.aws.store

/** The admin credentials as the environment variables a role session leaves. */
function adminEnv(token: string): Record<string, string> {
  const [id = '', secret = '', session] = token.split(':')
  return {
    AWS_ACCESS_KEY_ID: id,
    AWS_SECRET_ACCESS_KEY: secret,
    ...(session ? { AWS_SESSION_TOKEN: session } : {})
  }
}

async function run(
  inputs: Record<string, string>,
  token: string,
  repository = 'acme/app'
): Promise<ActionRun> {
  const done = await runAction({
    inputs,
    env: {
      ...sandbox.inputEnv(),
      ...adminEnv(token),
      GITHUB_API_URL: sandbox.githubService.url,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? ''
    }
  })
  expect(done.stderr).toBe('')
  expect(sandbox.violations()).toEqual([])
  return done
}

/** Everything the action wrote but its own mask commands. */
function written(r: ActionRun): string {
  return [
    r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    r.stderr,
    ...Object.values(r.files),
    ...sandbox.github.state.comments.map((c) => c.body),
    ...sandbox.github.state.issues.map((i) => i.body)
  ].join('\n')
}

const results = (r: ActionRun) =>
  JSON.parse(r.outputs.result ?? '[]') as Array<Record<string, unknown>>

describe('aws: dist/index.js end to end', () => {
  it('by value, pasted as a credentials file: deactivated and verified dead; no part of the pair or of the admin credentials written', async () => {
    sandbox.resetRequests()
    const key = store().addKey()
    const token = store().addToken()
    const [id = '', secret = ''] = key.value.split(':')
    const r = await run(
      {
        provider: 'aws',
        key: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}`
      },
      token
    )
    expect(r.exitCode).toBe(0)
    expect(r.outputs.status).toBe('revoked')
    expect(results(r)[0]).toMatchObject({ provider: 'aws', outcome: 'revoked', verified: true })
    expect(store().status(key)).toBe('Inactive')
    // Masked at once: the secret alone, and each admin variable.
    for (const part of [secret, ...token.split(':')])
      expect(r.stdout).toContain(`::add-mask::${part}`)
    const text = written(r)
    for (const part of [id, secret, ...token.split(':')]) expect(text).not.toContain(part)
  })

  it('by id alone, with aws-delete: deactivated, deleted, read back gone: verified by the list', async () => {
    sandbox.resetRequests()
    const key = store().addKey()
    const r = await run(
      { provider: 'aws', 'key-id': key.id, 'aws-delete': 'true' },
      store().addToken()
    )
    expect(r.exitCode).toBe(0)
    expect(results(r)[0]).toMatchObject({ outcome: 'revoked', verified: true, keyRef: key.id })
    expect(store().removed.has(key)).toBe(true)
  })

  it('without admin credentials: refused by name before any request', async () => {
    sandbox.resetRequests()
    const key = store().addKey()
    const r = await run({ provider: 'aws', key: key.value }, '')
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('`AWS_ACCESS_KEY_ID`')
    expect(sandbox.providers.aws.service.requests).toHaveLength(0)
    expect(key.deletedAt).toBeUndefined()
    expect(written(r)).not.toContain(key.value.split(':')[1] ?? '-')
  })

  it('an alert sweep: the id alert deactivated by id and resolved once the list shows it Inactive, the secret alert left open for a person', async () => {
    sandbox.resetRequests()
    const repository = 'acme/aws-leak'
    const key = store().addKey()
    const [id = '', secret = ''] = key.value.split(':')
    const idAlert = sandbox.github.addAlert(
      repository,
      id,
      'Amazon AWS Access Key ID',
      'aws_access_key_id'
    )
    const secretAlert = sandbox.github.addAlert(
      repository,
      secret,
      'Amazon AWS Secret Access Key',
      'aws_secret_access_key'
    )
    const r = await run(
      { alerts: 'open', 'alerts-token': ALERTS_TOKEN },
      store().addToken(),
      repository
    )
    expect(r.exitCode).toBe(0)
    expect(r.outputs.status).toBe('partial')
    const byOutcome = results(r).map((x) => [x.outcome, x.verified])
    expect(byOutcome).toEqual(
      expect.arrayContaining([
        ['revoked', true],
        ['skipped', null]
      ])
    )
    expect(store().status(key)).toBe('Inactive')
    // An id cannot be probed; ListAccessKeys read back by the exact id (Active before, Inactive
    // after) is the proof, so its alert is resolved; the secret's alert waits for a person.
    expect(idAlert.state).toBe('resolved')
    expect(secretAlert.state).toBe('open')
    expect(written(r)).not.toContain(secret)
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'
import type { FakeKey } from '../../sandbox/store.js'

// dist/index.js against the sandbox's Google: an API key and a service account key, each given
// by value, by id and through an alert, end revoked; nothing secret is written anywhere.
let sandbox: Sandbox
const GITHUB_TOKEN = 'ghs_e2eGoogleTokenForTheFakeGitHub000000'
const ALERTS_TOKEN = 'github_pat_googleAlertsTokenForTheSandbox00'

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
  sandbox.github.state.tokens.set(ALERTS_TOKEN, { alerts: true })
})
afterAll(async () => {
  await sandbox.close()
})

const google = () => ({ ...sandbox.providers.google, ...sandbox.fakes.google })

function add(kind: 'api' | 'sa'): FakeKey {
  const { options, store } = google()
  const was = options.kinds
  options.kinds = kind
  try {
    return store.addKey()
  } finally {
    options.kinds = was
  }
}

/** Every secret form a key's value holds: the value, and for a key file its JSON and PEM lines. */
function secretsOf(key: FakeKey): string[] {
  if (key.value.startsWith('AIza')) return [key.value]
  const json = Buffer.from(key.value, 'base64').toString('utf8')
  const file = JSON.parse(json) as { private_key: string }
  const body = file.private_key.split('\n').filter((l) => l && !l.startsWith('-----'))
  return [key.value, json, file.private_key, body.join(''), ...body]
}

function everything(run: ActionRun): string {
  return [
    run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    ...Object.values(run.files),
    ...sandbox.github.state.comments.map((c) => c.body),
    ...sandbox.github.state.issues.map((i) => i.body)
  ].join('\n')
}

function expectNothingSecret(run: ActionRun, secrets: string[]): void {
  const text = everything(run)
  for (const secret of secrets) {
    expect(text.includes(secret)).toBe(false)
    // 24 characters of any secret form, wherever they start.
    for (let i = 0; i + 24 <= secret.length; i += 12)
      expect(text.includes(secret.slice(i, i + 24))).toBe(false)
  }
  // No private key block, whoever's, and no access token the exchange gave.
  expect(text).not.toMatch(/BEGIN PRIVATE KEY|ya29\./)
}

async function act(inputs: Record<string, string>, repo = 'acme/app'): Promise<ActionRun> {
  const run = await runAction({
    githubToken: GITHUB_TOKEN,
    inputs,
    env: {
      ...sandbox.inputEnv(),
      GITHUB_API_URL: sandbox.githubService.url,
      GITHUB_REPOSITORY: repo,
      GITHUB_REPOSITORY_OWNER: repo.split('/')[0] ?? ''
    }
  })
  expect(run.stderr).toBe('')
  expect(sandbox.violations()).toEqual([])
  return run
}

const result = (run: ActionRun) =>
  (JSON.parse(run.outputs.result ?? '[]') as Array<Record<string, unknown>>)[0]

const KINDS: Array<[string, 'api' | 'sa']> = [
  ['API key', 'api'],
  ['service account key', 'sa']
]
describe.each(KINDS)('google %s through dist/index.js', (_, kind) => {
  it('by value: revoked and verified dead, every form of the secret kept out', async () => {
    const key = add(kind)
    const token = google().store.addToken()
    const run = await act({ provider: 'google', key: key.value, 'google-token': token })
    expect(run.exitCode).toBe(0)
    expect(result(run)).toMatchObject({ provider: 'google', outcome: 'revoked', verified: true })
    expect(key.deletedAt).toBeDefined()
    expect(run.stdout).toContain(`::add-mask::${key.value}`)
    expect(String(result(run)?.message)).toContain('restorable for 30 days')
    expectNothingSecret(run, [...secretsOf(key), token])
  })

  it('by id: deleted by its resource name', async () => {
    const key = add(kind)
    const token = google().store.addToken()
    const run = await act({ provider: 'google', 'key-id': key.id, 'google-token': token })
    expect(run.exitCode).toBe(0)
    // An API key's name is read back (keys.get: live before, deleteTime after): the proof. A
    // key file's name alone proves nothing: without the file, no token exchange can be tried.
    expect(result(run)).toMatchObject({
      outcome: 'revoked',
      keyRef: key.id,
      verified: kind === 'api' ? true : null
    })
    expect(key.deletedAt).toBeDefined()
    expectNothingSecret(run, [token])
  })

  it('through an alert sweep: revoked, proven dead, the alert resolved', async () => {
    const key = add(kind)
    const token = google().store.addToken()
    const repo = `acme/google-${kind}`
    // GitHub's alert holds a key file as the JSON itself.
    const secret = kind === 'api' ? key.value : Buffer.from(key.value, 'base64').toString('utf8')
    const [type, name] =
      kind === 'api'
        ? ['google_api_key', 'Google API Key']
        : ['google_cloud_service_account_credentials', 'Google Cloud Service Account Credentials']
    const alert = sandbox.github.addAlert(repo, secret, name, type)
    const run = await act(
      { alerts: 'open', 'alerts-token': ALERTS_TOKEN, 'google-token': token },
      repo
    )
    expect(run.exitCode).toBe(0)
    expect(result(run)).toMatchObject({ provider: 'google', outcome: 'revoked', verified: true })
    expect(alert.state).toBe('resolved')
    expect(key.deletedAt).toBeDefined()
    expectNothingSecret(run, [...secretsOf(key), token, ALERTS_TOKEN])
  })
})

it('a key file typed wrong in `key` is refused before any request, naming the input', async () => {
  const key = add('sa')
  sandbox.resetRequests()
  const broken = `${key.value.slice(0, 100)}${key.value.slice(104)}`
  const run = await act({ provider: 'google', key: broken, 'google-token': 'ya29.fake' })
  expect(run.exitCode).not.toBe(0)
  expect(run.stdout).toContain("Input 'key'")
  expect(google().service.requests).toEqual([])
  expectNothingSecret(run, secretsOf(key).slice(1))
})

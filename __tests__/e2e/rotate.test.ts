import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { PROVIDERS, tokenInput } from '../../src/providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/types.js'
import { Sandbox } from '../../sandbox/index.js'
import { credentialInput, runAction, type ActionRun } from '../../sandbox/run-action.js'
import { awsError } from '../../src/providers/aws/fake.js'
import type { Fault } from '../../sandbox/service.js'
import type { FakeKey } from '../../sandbox/store.js'

// Rotate, then revoke, end to end: the committed bundle against the sandbox, whose GitHub opens
// every secret it is sent, so a test sees what the secret holds.
let sandbox: Sandbox
const GITHUB_TOKEN = 'ghs_e2eTokenForTheFakeGitHub000000000000'
const SECRETS_TOKEN = 'ghs_e2eAppTokenWithSecretsWrite0000000000'

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
  sandbox.github.state.tokens.set(SECRETS_TOKEN, { alerts: false, secrets: true })
})
afterAll(async () => {
  await sandbox.close()
})
beforeEach(() => {
  sandbox.resetRequests()
})

/** The providers whose adapters hold a documented create call. */
const CREATORS = PROVIDER_IDS.filter((id) => PROVIDERS[id].createCall !== undefined)
/** A provider with no create call, whose leaked key revokes itself. */
const NO_CREATE: ProviderId = 'huggingface'

const env = (extra: Record<string, string> = {}) => ({
  ...sandbox.inputEnv(),
  GITHUB_API_URL: sandbox.githubService.url,
  ...extra
})

const tokenInputs = (id: ProviderId, token: string): Record<string, string> => {
  // AWS's admin credentials come from the runner's environment, which the sandbox sets from this.
  const input = tokenInput(PROVIDERS[id]) ?? credentialInput(PROVIDERS[id])
  return input ? { [input]: token } : {}
}

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

/** No secret in anything the run wrote, in any of the forms a redactor knows; each was masked. */
function expectNoSecret(run: ActionRun, secrets: string[]): void {
  const text = everything(run)
  for (const secret of secrets.filter((s) => s !== '')) {
    expect(text.includes(secret)).toBe(false)
    expect(text.includes(encodeURIComponent(secret))).toBe(false)
    expect(text.includes(Buffer.from(secret).toString('base64'))).toBe(false)
    expect(run.stdout).toContain(`::add-mask::${secret}`)
  }
}

type Entry = {
  outcome: string
  keyRef: string
  rotation?: {
    outcome: string
    secret?: string
    newKeyRef?: string
    cleanup?: string
    message: string
  }
}
const resultOf = (run: ActionRun): Entry[] => JSON.parse(run.outputs.result ?? '[]') as Entry[]

/** A leaked key, its management token, and a repository secret that holds it. */
function leak(id: ProviderId, secretName: string) {
  const { store } = sandbox.providers[id]
  // OpenAI's create call makes admin keys, GitLab's project and group access tokens: the leaked
  // key here is one of those.
  const key =
    id === 'openai'
      ? sandbox.fakes.openai.addKey({ kind: 'admin' })
      : id === 'gitlab'
        ? store.addKey({ owner: 'project:12' })
        : store.addKey()
  // Heroku takes no token: its leaked token acts for itself (AWS's comes from the environment).
  const token = credentialInput(PROVIDERS[id]) ? store.addToken() : ''
  const secret = sandbox.github.addSecret(`repo:acme/app/${secretName}`, key.value)
  return { store, key, token, secret }
}

async function rotate(
  id: ProviderId,
  token: string,
  value: string,
  into: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<ActionRun> {
  return runAction({
    inputs: {
      provider: id,
      key: value,
      // A GitLab project access token is named by its project and id (its value says neither).
      ...(id === 'gitlab'
        ? {
            'key-id': `project:12:${sandbox.providers.gitlab.store.keys.find((k) => k.value === value)?.id ?? '0'}`
          }
        : {}),
      ...tokenInputs(id, token),
      'secrets-token': SECRETS_TOKEN,
      ...into
    },
    env: env(extraEnv),
    githubToken: GITHUB_TOKEN
  })
}

/**
 * The replacement marker a key carries: its name, or for AWS (whose access keys have no name) its
 * user's tag keyed by the access key id.
 */
const markOf = (id: ProviderId, key: FakeKey | undefined): string | undefined =>
  key === undefined ? undefined : id === 'aws' ? sandbox.fakes.aws.store.tagOf(key) : key.name

/** The provider's live keys whose name carries a replacement marker. */
const replacements = (id: ProviderId) =>
  sandbox.providers[id].store.keys.filter(
    (k) =>
      (markOf(id, k) ?? '').startsWith('replaces-sha256-') && sandbox.providers[id].store.isAlive(k)
  )

/** A provider's answer refusing a request, in its own protocol (AWS's awsQuery XML, or JSON). */
const refusal = (id: ProviderId, status: number, message: string, code = 'AccessDenied'): Fault =>
  id === 'aws'
    ? { kind: 'reply', reply: awsError('iam', status, code, message) }
    : json(status, { message, msg: message, error: message }, { 'retry-after': '0' })

/** The rule a provider's create call matches (every AWS request is `POST /`). */
const createRule = (id: ProviderId) =>
  id === 'aws' ? { method: 'POST', body: /Action=CreateAccessKey/ } : { method: 'POST' }

describe('rotate, then revoke (dist/index.js)', () => {
  it('has providers with a create call to test', () => {
    expect(CREATORS).toEqual(
      expect.arrayContaining([
        'vastai',
        'baseten',
        'openai',
        'gitlab',
        'sendgrid',
        'twilio',
        'cloudflare',
        'heroku',
        'aws'
      ])
    )
  })

  it.each(CREATORS)(
    '%s: the secret holds a new key that works, the old key is dead, the report names both; a re-run creates nothing',
    async (id) => {
      const name = `${id.toUpperCase()}_KEY`
      const { store, key, token, secret } = leak(id, name)
      const keysBefore = store.keys.length
      const run = await rotate(id, token, key.value, { 'rotate-into': `repo:${name}` })
      expect(run.stderr).toBe('')
      expect(run.exitCode).toBe(0)
      expect(run.outputs.status).toBe('revoked')
      const [entry] = resultOf(run)
      expect(entry?.outcome).toBe('revoked')
      expect(entry?.rotation).toMatchObject({ outcome: 'rotated', secret: `repo:${name}` })
      // The secret now holds a different value: a live key of the same account, named for the old.
      const stored = sandbox.github.state.secrets.get(`repo:acme/app/${name}`)
      expect(stored?.writes).toBe(1)
      expect(stored?.value).not.toBe(key.value)
      const fresh = store.authenticate(stored?.value)
      expect(markOf(id, fresh?.key)).toMatch(/^replaces-sha256-[0-9a-f]{12}$/)
      // AWS: the new secret access key is masked on its own too, not only within the pair.
      if (id === 'aws') expect(run.stdout).toContain(`::add-mask::${stored?.value.split(':')[1]}`)
      expect(fresh?.owner).toBe(key.owner)
      expect(key.deletedAt).toBeDefined()
      expect(store.authenticate(key.value)).toBeUndefined()
      expect(store.keys.length).toBe(keysBefore + 1)
      // The report names both keys, never a value.
      const newRef = entry?.rotation?.newKeyRef ?? ''
      expect(newRef).not.toBe('')
      expect(run.summary).toContain('### 🔁 Rotate, then revoke')
      expect(run.summary).toContain(entry?.keyRef ?? '?')
      expect(run.summary).toContain(newRef)
      expect(run.summary).toContain('✅ replaced')
      // A Twilio key's SID and secret halves are masked on their own as well.
      const halves = id === 'twilio' ? (stored?.value ?? '').split(':') : []
      expectNoSecret(run, [key.value, stored?.value ?? '', ...halves, token, SECRETS_TOKEN])
      expect(secret.value).toBe(key.value) // the record added first is untouched; the map holds the new one
      expect(sandbox.violations()).toEqual([])

      // Again: the leaked key is dead, so nothing is created and the secret is not written.
      const again = await rotate(id, token, key.value, { 'rotate-into': `repo:${name}` })
      expect(again.exitCode).toBe(1)
      expect(resultOf(again)[0]?.rotation?.outcome).toBe('not-attempted')
      expect(store.keys.length).toBe(keysBefore + 1)
      expect(sandbox.github.state.secrets.get(`repo:acme/app/${name}`)?.writes).toBe(1)
      expectNoSecret(again, [key.value, token, SECRETS_TOKEN])
      expect(sandbox.violations()).toEqual([])
    }
  )

  it.each(CREATORS)(
    '%s: a re-run after a failed revocation finds the earlier replacement and creates no second one',
    async (id) => {
      const name = `${id.toUpperCase()}_RERUN`
      const { store, key, token } = leak(id, name)
      const service = sandbox.providers[id].service
      service.inject({
        ...(id === 'aws'
          ? { method: 'POST', body: /Action=UpdateAccessKey/ }
          : { method: 'DELETE' }),
        times: 99,
        fault: refusal(id, 500, 'internal', 'ServiceFailure')
      })
      const first = await rotate(id, token, key.value, { 'rotate-into': `repo:${name}` })
      service.clearFaults()
      expect(first.exitCode).toBe(1)
      expect(resultOf(first)[0]).toMatchObject({
        outcome: 'failed',
        rotation: { outcome: 'rotated' }
      })
      expect(replacements(id).filter((k) => k.owner === key.owner).length).toBeGreaterThan(0)
      const made = store.keys.length
      const second = await rotate(id, token, key.value, { 'rotate-into': `repo:${name}` })
      expect(second.exitCode).toBe(0)
      const [entry] = resultOf(second)
      expect(entry).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'replaced-earlier' } })
      expect(store.keys.length).toBe(made)
      expect(sandbox.github.state.secrets.get(`repo:acme/app/${name}`)?.writes).toBe(1)
      expect(key.deletedAt).toBeDefined()
      expectNoSecret(second, [key.value, token, SECRETS_TOKEN])
      expect(sandbox.violations()).toEqual([])
    }
  )
})

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Fault => ({
  kind: 'reply',
  reply: { status, json: body, headers }
})

describe('rotation faults: the leaked key is revoked, no replacement is left behind, the report says what to do', () => {
  const cases: Array<{
    name: string
    /** The providers the case is played for, where not every one with a create call. */
    only?: ProviderId[]
    fault: (id: ProviderId, secretName: string) => void
    said: RegExp
    cleanup?: string
  }> = [
    {
      name: 'GitHub refuses to store the new key',
      fault: (_id, secretName) =>
        sandbox.githubService.inject({
          method: 'PUT',
          path: new RegExp(`/actions/secrets/${secretName}$`),
          times: 99,
          fault: json(403, { message: 'Resource not accessible by integration', status: '403' })
        }),
      said: /GitHub refused to store it/,
      cleanup: 'deleted'
    },
    {
      name: 'the new key is refused by its own probe',
      only: ['vastai', 'baseten', 'gitlab', 'sendgrid', 'twilio', 'cloudflare', 'heroku', 'aws'],
      fault: (id) => {
        // AWS: the new pair is refused by GetCallerIdentity for longer than the run asks it.
        if (id === 'aws') {
          sandbox.fakes.aws.store.newKeyDelayMs = 60_000
          return
        }
        const probe =
          id === 'vastai'
            ? /^\/api\/v0\/users\/current\/$/
            : id === 'gitlab'
              ? /^\/api\/v4\/personal_access_tokens\/self$/
              : id === 'sendgrid'
                ? /^\/v3\/scopes$/
                : id === 'heroku'
                  ? /^\/account$/
                  : id === 'cloudflare'
                    ? /^\/client\/v4\/user\/tokens\/verify$/
                    : id === 'twilio'
                      ? /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Usage\/Records\.json$/
                      : /^\/v1\/models$/
        // The first probe is the leaked key's own (seen alive); the next three are the new key's.
        sandbox.providers[id].service.inject({
          method: 'GET',
          path: probe,
          // Heroku's leaked token is seen alive by its own listing, not by this call.
          skip: id === 'heroku' ? 0 : 1,
          times: 3,
          fault: json(401, { message: 'Invalid API key', msg: 'Invalid API key' })
        })
      },
      said: /did not work when asked with itself/,
      cleanup: 'deleted'
    },
    {
      name: 'the provider refuses to create a key',
      fault: (id) =>
        sandbox.providers[id].service.inject({
          ...createRule(id),
          times: 99,
          fault: refusal(id, 403, 'Permission denied')
        }),
      said: /refused to create one/
    },
    {
      name: 'the create call stays rate limited',
      fault: (id) =>
        sandbox.providers[id].service.inject({
          ...createRule(id),
          times: 99,
          // AWS: HTTP 400 `Throttling` "Rate exceeded".
          fault:
            id === 'aws'
              ? refusal(id, 400, 'Rate exceeded', 'Throttling')
              : json(429, { error: 'Rate limit exceeded', retry_after: 0 }, { 'retry-after': '0' })
        }),
      said: /refused to create one \(.*(429|400)/
    },
    {
      name: 'TagUser refuses the marker',
      only: ['aws'],
      fault: (id) =>
        sandbox.providers[id].service.inject({
          method: 'POST',
          body: /Action=TagUser/,
          times: 99,
          fault: refusal(id, 403, 'not authorized to perform: iam:TagUser')
        }),
      said: /TagUser refused to mark the new key .*was deleted again/
    }
  ]
  for (const id of CREATORS)
    it.each(cases.filter((c) => !c.only || c.only.includes(id)))(
      `${id}: $name`,
      async ({ fault, said, cleanup }) => {
        const name = `${id.toUpperCase()}_FAULT_${Math.random().toString(36).slice(2, 8).toUpperCase()}`
        const { store, key, token } = leak(id, name)
        const liveBefore = replacements(id).length
        fault(id, name)
        const run = await rotate(id, token, key.value, { 'rotate-into': `repo:${name}` })
        sandbox.providers[id].service.clearFaults()
        sandbox.githubService.clearFaults()
        sandbox.fakes.aws.store.newKeyDelayMs = 0
        const [entry] = resultOf(run)
        // A leak beats an outage: the leaked key is dead all the same.
        expect(entry?.outcome).toBe('revoked')
        expect(key.deletedAt).toBeDefined()
        expect(store.authenticate(key.value)).toBeUndefined()
        expect(entry?.rotation?.outcome).toBe('failed')
        expect(entry?.rotation?.message).toMatch(said)
        if (cleanup) expect(entry?.rotation?.cleanup).toBe(cleanup)
        // AWS: no key is left in the user's list but the leaked one (a replacement undone is
        // deleted, not left Inactive in one of its user's two places; an untagged one too).
        if (id === 'aws')
          expect(
            sandbox.fakes.aws.store.keys.filter(
              (k) => k.name === key.name && !sandbox.fakes.aws.store.removed.has(k)
            )
          ).toEqual([key])
        // No orphan: no live replacement is left anywhere.
        expect(replacements(id).length).toBe(liveBefore)
        expect(run.summary).toContain('🟥 NO REPLACEMENT')
        expect(run.summary).toContain('The leaked key was revoked anyway')
        expect(run.summary).toMatch(/create one in .+ and store it in repo:/i)
        const written = sandbox.github.state.secrets.get(`repo:acme/app/${name}`)
        expectNoSecret(run, [key.value, token, SECRETS_TOKEN, ...(written ? [written.value] : [])])
        expect(sandbox.violations()).toEqual([])
      }
    )
})

describe('which secret: never a guess', () => {
  it('matched by value among listed secrets: the one whose value is the leaked key', async () => {
    const { store, key, token } = leak('vastai', 'VAST_MATCH')
    const other = store.addKey()
    sandbox.github.addSecret('env:acme/app/prod/VAST_OTHER', other.value)
    const run = await rotate(
      'vastai',
      token,
      key.value,
      { 'rotate-secrets': 'env:prod/VAST_OTHER\nrepo:VAST_MATCH' },
      { VAST_OTHER: other.value, VAST_MATCH: key.value }
    )
    expect(run.exitCode).toBe(0)
    expect(resultOf(run)[0]?.rotation).toMatchObject({
      outcome: 'rotated',
      secret: 'repo:VAST_MATCH'
    })
    expect(sandbox.github.state.secrets.get('env:acme/app/prod/VAST_OTHER')?.value).toBe(
      other.value
    )
    expect(other.deletedAt).toBeUndefined()
    expectNoSecret(run, [key.value, other.value, token, SECRETS_TOKEN])
  })

  it('two listed secrets hold the same key: refused plainly, the key still revoked, nothing created', async () => {
    const { store, key, token } = leak('vastai', 'VAST_TWICE_A')
    sandbox.github.addSecret('org:acme/VAST_TWICE_B', key.value, { visibility: 'private' })
    const before = store.keys.length
    const run = await rotate(
      'vastai',
      token,
      key.value,
      { 'rotate-secrets': 'repo:VAST_TWICE_A\norg:VAST_TWICE_B' },
      { VAST_TWICE_A: key.value, VAST_TWICE_B: key.value }
    )
    const [entry] = resultOf(run)
    expect(entry?.outcome).toBe('revoked')
    expect(entry?.rotation?.outcome).toBe('not-attempted')
    expect(entry?.rotation?.message).toMatch(/2 secrets .* hold this same key/)
    expect(store.keys.length).toBe(before)
    expectNoSecret(run, [key.value, token, SECRETS_TOKEN])
  })

  it('no listed secret holds the key: refused plainly, the key still revoked', async () => {
    const { key, token } = leak('vastai', 'VAST_NONE')
    const run = await rotate(
      'vastai',
      token,
      key.value,
      { 'rotate-secrets': 'repo:VAST_NONE=SOMETHING_ELSE' },
      { SOMETHING_ELSE: 'not-the-leaked-key-at-all' }
    )
    expect(resultOf(run)[0]).toMatchObject({
      outcome: 'revoked',
      rotation: { outcome: 'not-attempted' }
    })
    expect(resultOf(run)[0]?.rotation?.message).toMatch(/no secret listed/)
  })

  it("an environment secret: sealed to the environment's own key", async () => {
    const { store, key, token } = leak('baseten', 'UNUSED_ENV_CASE')
    sandbox.github.addSecret('env:acme/app/prod eu/BASETEN_ENV', key.value)
    const run = await rotate('baseten', token, key.value, {
      'rotate-into': 'env:prod eu/BASETEN_ENV'
    })
    expect(run.exitCode).toBe(0)
    expect(resultOf(run)[0]?.rotation).toMatchObject({
      outcome: 'rotated',
      secret: 'env:prod eu/BASETEN_ENV'
    })
    const stored = sandbox.github.state.secrets.get('env:acme/app/prod eu/BASETEN_ENV')
    expect(store.authenticate(stored?.value)?.key?.name).toMatch(/^replaces-/)
    expect(sandbox.github.state.secrets.get('repo:acme/app/UNUSED_ENV_CASE')?.value).toBe(key.value)
    expectNoSecret(run, [key.value, stored?.value ?? '', token, SECRETS_TOKEN])
    expect(sandbox.violations()).toEqual([])
  })

  it('an organization secret keeps its visibility and repositories', async () => {
    const { store, key, token } = leak('vastai', 'UNUSED_ORG_CASE')
    sandbox.github.addSecret('org:acme/VAST_ORG', key.value, {
      visibility: 'selected',
      selectedRepositoryIds: [11, 12]
    })
    const run = await rotate('vastai', token, key.value, { 'rotate-into': 'org:VAST_ORG' })
    expect(run.exitCode).toBe(0)
    const stored = sandbox.github.state.secrets.get('org:acme/VAST_ORG')
    expect(stored).toMatchObject({ visibility: 'selected', selectedRepositoryIds: [11, 12] })
    expect(store.authenticate(stored?.value)?.key?.name).toMatch(/^replaces-/)
    expect(sandbox.violations()).toEqual([])
  })

  it(`a provider with no create call: "revoked; no replacement: create one in <where>"`, async () => {
    const { key, token } = leak(NO_CREATE, 'HF_TOKEN')
    const run = await rotate(NO_CREATE, token, key.value, { 'rotate-into': 'repo:HF_TOKEN' })
    const [entry] = resultOf(run)
    expect(entry).toMatchObject({ outcome: 'revoked', rotation: { outcome: 'no-create-call' } })
    expect(run.summary).toContain('Revoked; No replacement')
    expect(run.summary).toContain(`create one in ${PROVIDERS[NO_CREATE].keysPage ?? '?'}`)
    expect(sandbox.github.state.secrets.get('repo:acme/app/HF_TOKEN')?.writes).toBe(0)
  })

  it('a secret that does not exist: nothing is created', async () => {
    const { store, key, token } = leak('vastai', 'VAST_EXISTS')
    const before = store.keys.length
    const run = await rotate('vastai', token, key.value, { 'rotate-into': 'repo:VAST_TYPO' })
    expect(resultOf(run)[0]?.rotation?.message).toMatch(/does not exist/)
    expect(store.keys.length).toBe(before)
    expect(key.deletedAt).toBeDefined()
  })

  it('an OpenAI project key: revoked; no replacement, since only admin keys have a create call', async () => {
    const { store } = sandbox.providers.openai
    const key = store.addKey()
    const token = store.addToken()
    sandbox.github.addSecret('repo:acme/app/OPENAI_PROJECT_KEY', key.value)
    const before = store.keys.length
    const run = await rotate('openai', token, key.value, {
      'rotate-into': 'repo:OPENAI_PROJECT_KEY'
    })
    expect(resultOf(run)[0]).toMatchObject({
      outcome: 'revoked',
      rotation: { outcome: 'no-create-call' }
    })
    expect(resultOf(run)[0]?.rotation?.message).toMatch(/admin keys only/)
    expect(store.keys.length).toBe(before)
    expectNoSecret(run, [key.value, token, SECRETS_TOKEN])
  })

  it('GITHUB_TOKEN-like token without Secrets: write: nothing is created, the key still revoked', async () => {
    const { store, key, token } = leak('vastai', 'VAST_NO_RIGHT')
    const before = store.keys.length
    const run = await runAction({
      inputs: {
        provider: 'vastai',
        key: key.value,
        'vastai-token': token,
        'secrets-token': GITHUB_TOKEN,
        'rotate-into': 'repo:VAST_NO_RIGHT'
      },
      env: env(),
      githubToken: GITHUB_TOKEN
    })
    expect(resultOf(run)[0]).toMatchObject({
      outcome: 'revoked',
      rotation: { outcome: 'not-attempted' }
    })
    expect(resultOf(run)[0]?.rotation?.message).toMatch(/Secrets: write/)
    expect(store.keys.length).toBe(before)
  })

  it('bad rotation input is refused before any request, naming the input', async () => {
    const { key, token } = leak('vastai', 'VAST_BAD')
    const run = await rotate('vastai', token, key.value, { 'rotate-into': 'repository:VAST_BAD' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain("Input 'rotate-into' is not valid")
    expect(sandbox.providers.vastai.service.requests).toHaveLength(0)
    expect(key.deletedAt).toBeUndefined()
  })
})

describe('AWS: a user has two access keys at most, and new keys take a moment', () => {
  it.each([
    ['an Inactive old key', 'Inactive'],
    ['another Active key', 'Active']
  ])(
    'the leaked key’s user has %s besides it: nothing created, nothing of it touched, the leaked key still deactivated, the report says what to do',
    async (_name, status) => {
      const { key, token } = leak('aws', 'AWS_TWO_KEYS')
      const store = sandbox.fakes.aws.store
      const other = store.addKey({ name: key.name, owner: key.owner })
      if (status === 'Inactive') store.delete(other)
      const before = store.keys.length
      const run = await rotate('aws', token, key.value, { 'rotate-into': 'repo:AWS_TWO_KEYS' })
      const [entry] = resultOf(run)
      expect(entry?.outcome).toBe('revoked')
      expect(store.authenticate(key.value)).toBeUndefined()
      expect(entry?.rotation?.outcome).toBe('not-attempted')
      expect(entry?.rotation?.message).toContain(
        `already has another access key besides the leaked one (${other.id}, ${status})`
      )
      expect(entry?.rotation?.message).toMatch(/two at most.*delete it \(aws iam delete-access-key/)
      expect(run.summary).toContain('The leaked key was revoked anyway')
      expect(store.keys.length).toBe(before)
      expect(store.status(other)).toBe(status)
      expect(store.removed.has(other)).toBe(false)
      expect(
        sandbox.providers.aws.service.requests.some((r) =>
          r.body.includes('Action=CreateAccessKey')
        )
      ).toBe(false)
      expect(sandbox.github.state.secrets.get('repo:acme/app/AWS_TWO_KEYS')?.writes).toBe(0)
      expectNoSecret(run, [key.value, token, SECRETS_TOKEN])
      // The other key's secret never reached the run; its id is what the report names.
      expect(everything(run)).not.toContain(other.value.split(':')[1])
      expect(sandbox.violations()).toEqual([])
    }
  )

  it('a new key refused for five seconds (IAM is eventually consistent) is asked again, then stored', async () => {
    const { key, token } = leak('aws', 'AWS_SLOW_NEW_KEY')
    const store = sandbox.fakes.aws.store
    store.newKeyDelayMs = 5000
    try {
      const run = await rotate('aws', token, key.value, { 'rotate-into': 'repo:AWS_SLOW_NEW_KEY' })
      expect(resultOf(run)[0]).toMatchObject({
        outcome: 'revoked',
        rotation: { outcome: 'rotated' }
      })
      const stored = sandbox.github.state.secrets.get('repo:acme/app/AWS_SLOW_NEW_KEY')
      const fresh = store.authenticate(stored?.value)?.key
      expect(fresh && store.tagOf(fresh)).toMatch(/^replaces-sha256-/)
      // Refused at least once before it worked: GetCallerIdentity signed by the new pair.
      const calls = sandbox.providers.aws.service.requests.filter(
        (r) =>
          r.body.includes('Action=GetCallerIdentity') &&
          r.headers.authorization?.includes(`Credential=${fresh?.id ?? '?'}/`)
      )
      expect(calls.length).toBeGreaterThan(1)
      expectNoSecret(run, [key.value, stored?.value ?? '', token, SECRETS_TOKEN])
    } finally {
      store.newKeyDelayMs = 0
    }
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { basename } from 'node:path'
import { Sandbox } from '../../sandbox/index.js'
import { hex } from '../../sandbox/store.js'
import { ACTIONS_BOT, type FakeAlert } from '../../sandbox/github.js'
import { githubTokensHandle } from '../../src/providers/github/fake.js'
import {
  credentialInput,
  runAction,
  type ActionRun,
  type RunActionOptions
} from '../../sandbox/run-action.js'
import { ALERT_TYPES } from '../../sandbox/secret-types.js'
import { PROVIDERS } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'
import { evidenceMarker } from '../../src/github/read/evidence.js'
import { fingerprint } from '../../src/secrets.js'
import { deleteOperationOf } from '../helpers/contracts.js'
import { nearMiss } from '../helpers/values.js'

// Alert-driven runs of dist/index.js against the sandbox's GitHub and providers.
let sandbox: Sandbox
const ALERTS_TOKEN = 'github_pat_alertsTokenForTheSandbox0000000000'
const GITHUB_TOKEN = 'ghs_workflowTokenCannotReadAlerts00000000'
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
  // Each test works in a fresh repository of its own, so alert numbers and issues do not mix.
  repo = `acme/app${++repoSeq}`
  sandbox.resetRequests()
  sandbox.github.state.omitSecretInLists = false
})

async function act(
  inputs: Record<string, string>,
  extra: Partial<RunActionOptions> = {}
): Promise<ActionRun> {
  const run = await runAction({
    githubToken: GITHUB_TOKEN,
    ...extra,
    inputs: { 'alerts-token': ALERTS_TOKEN, ...inputs },
    env: {
      ...sandbox.inputEnv(),
      GITHUB_API_URL: sandbox.githubService.url,
      GITHUB_REPOSITORY: repo,
      GITHUB_REPOSITORY_OWNER: repo.split('/')[0]!,
      ...extra.env
    }
  })
  expect(run.stderr).toBe('')
  // Every request to GitHub and to the providers followed the published contracts.
  expect(sandbox.violations()).toEqual([])
  return run
}

function expectNoSecret(run: ActionRun, secrets: string[]): void {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  const text = [
    stdout,
    run.stderr,
    ...Object.values(run.files),
    ...sandbox.github.state.comments.map((c) => c.body),
    ...sandbox.github.state.issues.map((i) => i.body)
  ].join('\n')
  for (const secret of secrets) {
    expect(text.includes(secret)).toBe(false)
    expect(run.stdout).toContain(`::add-mask::${secret}`)
  }
}

const result = (run: ActionRun) =>
  JSON.parse(run.outputs.result ?? '[]') as Array<Record<string, unknown>>
/** The report file's lines, parsed: it is written into RUNNER_TEMP, the run's own folder. */
function reportLines(run: ActionRun): Array<Record<string, unknown>> {
  const path = run.outputs['report-file'] ?? ''
  expect(path).toMatch(/revoke-leaked-keys-[\w-]+\.jsonl$/)
  const text = run.files[basename(path)]
  expect(text).toBeDefined()
  expect(text!.endsWith('\n')).toBe(true)
  return text!
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
const patches = () =>
  sandbox.githubService.requests.filter(
    (r) => r.method === 'PATCH' && r.path.includes('/secret-scanning/')
  )

describe('sweep: alerts open', () => {
  it('revokes each mapped secret once, resolves every alert of it, skips unmapped types', async () => {
    const baseten = sandbox.providers.baseten.store.addKey()
    const quiva = sandbox.providers.quiva.store.addKey()
    const comet = sandbox.providers.cometapi.store.addKey()
    const cometToken = sandbox.providers.cometapi.store.addToken()
    const a1 = sandbox.github.addAlert(repo, baseten.value, 'Baseten API key')
    const a2 = sandbox.github.addAlert(repo, baseten.value, 'Baseten API key')
    const a3 = sandbox.github.addAlert(repo, quiva.value, 'quiva.ai API key')
    const a4 = sandbox.github.addAlert(repo, comet.value, 'Team model key', 'team_model_key')
    const a5 = sandbox.github.addAlert(repo, 'AKIAIOSFODNN7EXAMPLE0', 'Acme internal token')
    const run = await act({
      alerts: 'open',
      'secret-types': '# ours\nteam_model_key=comet',
      'cometapi-token': cometToken
    })

    expect(run.exitCode).toBe(0)
    // The unmapped alert is left for a person: the run is not all done, so not `revoked`.
    expect(run.outputs).toMatchObject({ status: 'partial', revoked: '3', failed: '0' })
    expect(run.summary).not.toContain('Every key is revoked')
    expect(run.summary).toContain('maps to no provider, so it is left open for a person')
    expect([baseten, quiva, comet].every((k) => k.deletedAt !== undefined)).toBe(true)
    expect(
      sandbox.providers.baseten.service.requests.filter((r) => r.method === 'DELETE')
    ).toHaveLength(1)
    expect([a1, a2, a3, a4].map((a) => [a.state, a.resolution])).toEqual(
      Array(4).fill(['resolved', 'revoked'])
    )
    expect(a1.resolution_comment).toMatch(
      /^Revoked at Baseten, verified dead by revoke-leaked-keys\. https:\/\/github\.test\/acme\/app\d+\/actions\/runs\/4242$/
    )
    expect(a5.state).toBe('open')

    const entries = result(run)
    const forBaseten = entries.find((e) => e.provider === 'baseten')
    expect(forBaseten).toMatchObject({
      outcome: 'revoked',
      verified: true,
      alertNumber: a1.number,
      repository: repo
    })
    expect(forBaseten?.alertUrl).toBe(
      `https://github.test/${repo}/security/secret-scanning/${a1.number}`
    )
    expect((forBaseten?.alerts as unknown[]).length).toBe(2)
    expect(entries.find((e) => e.outcome === 'skipped')).toMatchObject({
      provider: null,
      alertNumber: a5.number
    })
    expect(run.summary).toContain(
      `[${repo}\\#${a1.number}](https://github.test/${repo}/security/secret-scanning/${a1.number}) (resolved)`
    )
    expect(run.summary).toContain('maps to no provider')
    expectNoSecret(run, [
      baseten.value,
      quiva.value,
      comet.value,
      cometToken,
      ALERTS_TOKEN,
      'AKIAIOSFODNN7EXAMPLE0'
    ])

    // Re-running is safe: nothing is left to do.
    sandbox.resetRequests()
    const again = await act({
      alerts: 'open',
      'secret-types': 'team_model_key=comet',
      'cometapi-token': cometToken
    })
    expect(again.exitCode).toBe(0)
    // Nothing to revoke, but the unmapped alert is still open for a person.
    expect(again.outputs.status).toBe('partial')
    expect(result(again).map((e) => e.outcome)).toEqual(['skipped'])
    // No provider request (GitHub's token revocation shares the GitHub fake's server).
    const providerRequests = (p: { service: typeof sandbox.githubService }) =>
      p.service === sandbox.githubService
        ? p.service.requests.filter(githubTokensHandle)
        : p.service.requests
    expect(Object.values(sandbox.providers).every((p) => providerRequests(p).length === 0)).toBe(
      true
    )
    expect(patches()).toHaveLength(0)
  })

  it('an organization whose alerts hold a key of every provider: each revoked once, proven dead, exactly those alerts resolved', async () => {
    const org = `org${repoSeq}`
    const inputs: Record<string, string> = { alerts: 'open', 'alerts-scope': 'org', org }
    const secrets: string[] = []
    const leaked = PROVIDER_IDS.map((id, i) => {
      const { store } = sandbox.providers[id]
      const key = store.addKey()
      secrets.push(key.value)
      // A management token only where a leaked key cannot revoke itself.
      const input = credentialInput(PROVIDERS[id])
      if (input && !PROVIDERS[id].selfRevocation) {
        inputs[input] = store.addToken()
        secrets.push(inputs[input])
      }
      const { type, name } = ALERT_TYPES[id]
      // Two alerts (two repositories) for the first key: one key, both alerts resolved.
      const alerts = [sandbox.github.addAlert(`${org}/repo-${i % 3}`, key.value, name, type)]
      if (i === 0) alerts.push(sandbox.github.addAlert(`${org}/repo-9`, key.value, name, type))
      return { id, key, alerts }
    })
    const unmapped = sandbox.github.addAlert(
      `${org}/repo-0`,
      'acme_internal_0123456789abcdef',
      'Acme internal token'
    )
    const run = await act(inputs)

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      // The unmapped alert stays open for a person.
      status: 'partial',
      revoked: String(PROVIDER_IDS.length),
      failed: '0',
      'not-found': '0'
    })
    const entries = result(run)
    for (const { id, key, alerts } of leaked) {
      const del = deleteOperationOf(id)
      const deletes = sandbox.providers[id].service.requests.filter(
        (r) =>
          r.method === del.method && del.path.test(r.path) && (!del.body || del.body.test(r.body))
      )
      expect({ id, deletes: deletes.length, gone: key.deletedAt !== undefined }).toEqual({
        id,
        deletes: 1,
        gone: true
      })
      expect(entries.find((e) => e.provider === id)).toMatchObject({
        outcome: 'revoked',
        verified: true
      })
      expect(alerts.map((a) => [id, a.state, a.resolution])).toEqual(
        alerts.map(() => [id, 'resolved', 'revoked'])
      )
    }
    expect(unmapped.state).toBe('open')
    expect(patches()).toHaveLength(PROVIDER_IDS.length + 1)
    expectNoSecret(run, [...secrets, ALERTS_TOKEN])
  })

  it('org scope follows Link pagination across repositories, and GETs alerts whose secret a list left out', async () => {
    sandbox.github.state.omitSecretInLists = true
    const org = `org${repoSeq}`
    const keys = Array.from({ length: 120 }, () => sandbox.providers.quiva.store.addKey())
    keys.forEach((k, i) =>
      sandbox.github.addAlert(`${org}/repo-${i % 2}`, k.value, 'quiva.ai API key')
    )
    const run = await act({ alerts: 'open', 'alerts-scope': 'org', org, verify: 'false' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'revoked', revoked: '120' })
    const lists = sandbox.githubService.requests.filter(
      (r) => r.path === `/orgs/${org}/secret-scanning/alerts`
    )
    expect(lists.map((r) => new Map(r.query).get('page') ?? '1')).toEqual(['1', '2'])
    expect(
      sandbox.githubService.requests.filter(
        (r) => r.method === 'GET' && /\/alerts\/\d+$/.test(r.path)
      )
    ).toHaveLength(120)
    expect(patches()).toHaveLength(120)
    expect(keys.every((k) => k.deletedAt !== undefined)).toBe(true)
    expect(new Set(result(run).map((e) => e.repository))).toEqual(
      new Set([`${org}/repo-0`, `${org}/repo-1`])
    )
  })

  it('a not-found secret: alert left open, noted once in an issue, never resolved as revoked', async () => {
    const live = sandbox.providers.vastai.store.addKey()
    const wrong = nearMiss(live.value)
    const alert = sandbox.github.addAlert(repo, wrong, 'Vast.ai API key')
    const inputs = { alerts: 'open', 'create-issue': 'true' }
    const run = await act(inputs)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'not-found', revoked: '0', 'not-found': '1' })
    expect(result(run)[0]).toMatchObject({ outcome: 'not-found', alertNumber: alert.number })
    expect(alert.state).toBe('open')
    expect(patches()).toHaveLength(0)
    expect(live.deletedAt).toBeUndefined()
    expect(run.summary).not.toContain('Every key is revoked')
    const notes = () =>
      sandbox.github.state.comments.filter((c) =>
        c.body.includes(`<!-- revoke-leaked-keys not-found alert:${repo}#${alert.number} -->`)
      )
    expect(notes()).toHaveLength(1)
    expect(notes()[0]?.body).toContain('key NOT FOUND, nothing deleted')
    const standing = sandbox.github.state.issues.filter(
      (i) => i.repository === repo && i.body.includes('needs-a-person')
    )
    expect(standing).toHaveLength(1)
    expectNoSecret(run, [wrong, ALERTS_TOKEN])
    expect(run.stdout + Object.values(run.files).join('')).not.toContain(live.value)

    // The next sweep says it again in its own report, but notes nothing twice.
    const again = await act(inputs)
    expect(again.outputs.status).toBe('not-found')
    expect(notes()).toHaveLength(1)
    expect(alert.state).toBe('open')
  })

  it('resolve-not-found-alerts: resolves such an alert, saying nothing was deleted', async () => {
    const live = sandbox.providers.quiva.store.addKey()
    const alert = sandbox.github.addAlert(repo, nearMiss(live.value), 'quiva.ai API key')
    const run = await act({ alerts: 'open', 'resolve-not-found-alerts': 'true' })
    expect(run.outputs.status).toBe('not-found')
    expect(alert).toMatchObject({ state: 'resolved', resolution: 'revoked' })
    expect(alert.resolution_comment).toMatch(/^NOTHING WAS DELETED: quiva\.ai has no live key/)
    expect(live.deletedAt).toBeUndefined()
  })

  it('an alert secret cut short (a pattern that captures too little): refused, nothing sent, left open', async () => {
    const live = sandbox.providers.cometapi.store.addKey()
    const token = sandbox.providers.cometapi.store.addToken()
    const alert = sandbox.github.addAlert(repo, live.value.slice(0, -1), 'CometAPI key')
    const run = await act({ alerts: 'open', 'cometapi-token': token })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(result(run)[0]).toMatchObject({ outcome: 'failed', reason: 'invalid-input' })
    expect(result(run)[0]?.message).toContain('captures the whole key')
    expect(sandbox.providers.cometapi.service.requests).toHaveLength(0)
    expect(alert.state).toBe('open')
    expect(live.deletedAt).toBeUndefined()
  })

  it('leaves alerts open when the key could not be revoked, and in dry-run', async () => {
    const comet = sandbox.providers.cometapi.store.addKey()
    const quiva = sandbox.providers.quiva.store.addKey()
    const failing = sandbox.github.addAlert(repo, comet.value, 'CometAPI key')
    const dry = sandbox.github.addAlert(repo, quiva.value, 'quiva.ai API key')
    const run = await act({ alerts: 'open' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('partial')
    expect(failing.state).toBe('open')
    expect(result(run).find((e) => e.provider === 'cometapi')).toMatchObject({
      outcome: 'failed',
      reason: 'invalid-input',
      alertNumber: failing.number
    })
    expect(dry.state).toBe('resolved')

    const quiva2 = sandbox.providers.quiva.store.addKey()
    const dryAlert = sandbox.github.addAlert(repo, quiva2.value, 'quiva.ai API key')
    const dryRun = await act({ 'alert-number': String(dryAlert.number), 'dry-run': 'true' })
    expect(dryRun.outputs.status).toBe('dry-run')
    expect(dryAlert.state).toBe('open')
    expect(quiva2.deletedAt).toBeUndefined()
  })

  it('names alerts-token and the permission when the token cannot see alerts', async () => {
    const key = sandbox.providers.quiva.store.addKey()
    sandbox.github.addAlert(repo, key.value, 'quiva.ai API key')
    const run = await act({ alerts: 'open', 'alerts-token': '' })
    expect(run.exitCode).toBe(1)
    // The run stopped before any key: an `error`, not a count of failed keys.
    expect(run.outputs.status).toBe('error')
    expect(run.stdout).toMatch(
      /::error::GitHub answered 403 to GET \/repos\/acme\/app\d+\/secret-scanning\/alerts: .*`alerts-token`/
    )
    expect(run.summary).toContain('Secret scanning alerts')
    expect(key.deletedAt).toBeUndefined()
  })
})

describe('the report file and GitHub limits', () => {
  it('report-file: one JSON line per key, as `result` has them, and no secret', async () => {
    const baseten = sandbox.providers.baseten.store.addKey()
    const gone = `ms-${hex(32)}` // a quiva.ai key its provider does not have: not found
    sandbox.github.addAlert(repo, baseten.value, 'Baseten API key')
    sandbox.github.addAlert(repo, gone, 'quiva.ai API key')
    sandbox.github.addAlert(repo, 'AKIAIOSFODNN7EXAMPLE0', 'Acme internal token')
    const run = await act({ alerts: 'open' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('partial')
    const lines = reportLines(run)
    expect(lines).toEqual(result(run))
    expect(lines.map((l) => l.outcome).sort()).toEqual(['not-found', 'revoked', 'skipped'])
    // Failures first in the summary: the key that needs a person, then the revoked one.
    // The not-found key, and the open alert no provider maps.
    expect(run.summary.indexOf('### ❗ These need a person: 2 keys')).toBeGreaterThan(0)
    expect(run.summary.indexOf('### ❗ These need a person')).toBeLessThan(
      run.summary.indexOf('### ✅ Revoked: 1 key')
    )
    expectNoSecret(run, [baseten.value, gone, ALERTS_TOKEN, 'AKIAIOSFODNN7EXAMPLE0'])
  })

  it('1,030 alerts: `result` and the comment are cut to their limits; the report file has every key', async () => {
    const keys = Array.from({ length: 1_000 }, () => sandbox.providers.quiva.store.addKey())
    const gone = Array.from({ length: 30 }, () => `ms-${hex(32)}`)
    for (const value of [...keys.map((k) => k.value), ...gone])
      sandbox.github.addAlert(repo, value, 'quiva.ai API key')
    const run = await act(
      { alerts: 'open', 'resolve-alerts': 'false', 'issue-number': '5' },
      { env: { GITHUB_REPOSITORY: repo } }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'partial', revoked: '1000', 'not-found': '30' })

    // `result`: within its 512 KiB (UTF-16), the 30 keys that need a person, then the marker.
    expect(2 * run.outputs.result!.length).toBeLessThanOrEqual(512 * 1024)
    const entries = result(run)
    expect(entries).toHaveLength(31)
    expect(entries.slice(0, 30).every((e) => e.outcome === 'not-found')).toBe(true)
    expect(entries[30]).toMatchObject({
      truncated: true,
      keys: 1030,
      listed: 30,
      omitted: { revoked: 1000 },
      reportFile: run.outputs['report-file']
    })

    // The report file: every key.
    const lines = reportLines(run)
    expect(lines).toHaveLength(1030)
    expect(new Set(lines.map((l) => l.keyRef)).size).toBe(1030)

    // The summary fits whole; the comment is cut, failures first, and says where the rest is.
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    expect(run.summary).not.toContain('not listed here')
    const comment = sandbox.github.state.comments.find((c) => c.issue === `${repo}#5`)?.body ?? ''
    expect(comment.length).toBeLessThanOrEqual(65_536)
    expect(comment).toMatch(
      /\*\*[\d,]+ of 1,030 keys are not listed here\*\* \(0 that need a person/
    )
    expect(comment).toContain(basename(run.outputs['report-file']!))
    expect(comment).not.toContain('report cut to fit a comment')
    expect(comment.indexOf('These need a person: 30 keys')).toBeLessThan(
      comment.indexOf('### ✅ Revoked')
    )
    expectNoSecret(run, [...keys.slice(0, 5).map((k) => k.value), ...gone.slice(0, 5)])
  }, 60_000)
})

describe('relay: repository_dispatch', () => {
  const dispatch = (clientPayload: unknown) => ({
    env: { GITHUB_EVENT_NAME: 'repository_dispatch' },
    event: { action: 'secret_scanning_alert', client_payload: clientPayload }
  })

  it('reads the forwarded webhook body, GETs the alert for its secret, revokes and resolves', async () => {
    const key = sandbox.providers.vastai.store.addKey()
    const alert = sandbox.github.addAlert(repo, key.value, 'Vast.ai API key')
    // A webhook body carries no secret.
    const webhook = {
      action: 'created',
      alert: {
        number: alert.number,
        secret_type: alert.secret_type,
        secret_type_display_name: alert.secret_type_display_name,
        state: 'open'
      },
      repository: { full_name: repo },
      sender: { login: 'github' }
    }
    const run = await act({}, dispatch(webhook))
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('revoked')
    expect(key.deletedAt).toBeDefined()
    expect(alert).toMatchObject({ state: 'resolved', resolution: 'revoked' })
    expect(sandbox.githubService.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${repo}/secret-scanning/alerts/${alert.number}`,
      `PATCH /repos/${repo}/secret-scanning/alerts/${alert.number}`
    ])
    expectNoSecret(run, [key.value])
  })

  it('accepts {alert_number, repository} and leaves an already resolved alert alone', async () => {
    const key = sandbox.providers.quiva.store.addKey()
    const alert: FakeAlert = sandbox.github.addAlert(repo, key.value, 'quiva.ai API key')
    const first = await act({}, dispatch({ alert_number: String(alert.number), repository: repo }))
    expect(first.outputs.status).toBe('revoked')
    sandbox.resetRequests()
    const second = await act({}, dispatch({ alert_number: alert.number, repository: repo }))
    expect(second.outputs.status).toBe('none')
    expect(result(second)[0]).toMatchObject({ outcome: 'skipped', alertNumber: alert.number })
    expect(patches()).toHaveLength(0)
  })

  it('refuses a malformed relay payload before any request', async () => {
    const run = await act({}, dispatch({ alert_number: '../7', repository: 'x' }))
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::error::The repository_dispatch client_payload')
    expect(sandbox.githubService.requests).toHaveLength(0)
  })
})

describe('tracking issue', () => {
  it('opens one issue for the run, updates its comment on a re-run, opens none when there is nothing to do', async () => {
    const key = sandbox.providers.baseten.store.addKey()
    sandbox.github.addAlert(repo, key.value, 'Baseten API key')
    const run = await act({ alerts: 'open', 'create-issue': 'true' })
    expect(run.exitCode).toBe(0)
    const issues = () => sandbox.github.state.issues.filter((i) => i.repository === repo)
    expect(issues()).toHaveLength(1)
    const comments = () =>
      sandbox.github.state.comments.filter((c) => c.issue === `${repo}#${issues()[0]!.number}`)
    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toContain('Every key is revoked')

    const key2 = sandbox.providers.baseten.store.addKey()
    sandbox.github.addAlert(repo, key2.value, 'Baseten API key')
    await act({ alerts: 'open', 'create-issue': 'true' })
    expect(issues()).toHaveLength(1)
    expect(comments()).toHaveLength(1)

    const quiet = `acme/quiet${repoSeq}`
    await act({ alerts: 'open', 'create-issue': 'true' }, { env: { GITHUB_REPOSITORY: quiet } })
    expect(sandbox.github.state.issues.filter((i) => i.repository === quiet)).toHaveLength(0)
  })
})

describe('evidence: a key revoked, its alert not resolved', () => {
  /** GitHub's answer once a token has spent its hourly requests. */
  const hourlyLimit = (times: number) =>
    sandbox.githubService.inject({
      method: 'PATCH',
      path: /\/secret-scanning\/alerts\/\d+$/,
      times,
      fault: {
        kind: 'reply',
        reply: {
          status: 403,
          json: {
            message: 'API rate limit exceeded for installation.',
            documentation_url:
              'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
          },
          headers: {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600)
          }
        }
      }
    })
  const runUrlOf = (id: string) => `https://github.test/${repo}/actions/runs/${id}`
  const inRepo = () => sandbox.github.state.comments.filter((c) => c.issue.startsWith(`${repo}#`))
  const notFoundNotes = () =>
    inRepo().filter((c) => c.body.includes('revoke-leaked-keys not-found'))

  it("GitHub's hourly limit stops the resolution: evidence is kept, and a later sweep resolves the alert as revoked, citing the run", async () => {
    const key = sandbox.providers.quiva.store.addKey()
    const alert = sandbox.github.addAlert(repo, key.value, 'quiva.ai API key')
    const inputs = { alerts: 'open', 'create-issue': 'true' }
    hourlyLimit(1)
    const first = await act(inputs)

    // The key is revoked: that is this run's result. The open alert is a warning, and evidence.
    expect(first.exitCode).toBe(0)
    expect(first.outputs.status).toBe('revoked')
    expect(result(first)[0]).toMatchObject({ outcome: 'revoked', verified: true })
    expect(alert.state).toBe('open')
    expect(first.stdout).toMatch(
      /::warning::Could not resolve alert acme\/app\d+#1: GitHub .*HTTP 403/
    )
    // A rate limit's 403 is not called a missing permission.
    expect(first.stdout).not.toContain('cannot see secret scanning alerts')
    const marker = evidenceMarker('4242', 'quiva', fingerprint(key.value), alert)
    const evidence = sandbox.github.state.comments.filter((c) => c.body.includes(marker))
    expect(evidence).toHaveLength(1)
    expect(evidence[0]?.author).toEqual(ACTIONS_BOT)
    const standing = sandbox.github.state.issues.find(
      (i) => i.repository === repo && i.body.includes('needs-a-person')
    )
    expect(evidence[0]?.issue).toBe(`${repo}#${standing?.number}`)
    expect(first.stdout).toContain('Kept evidence of 1 alert(s)')

    // A later sweep meets the limit again: the key is known dead, its alert still open: not green.
    sandbox.resetRequests()
    hourlyLimit(1)
    const second = await act(inputs, { env: { GITHUB_RUN_ID: '4243' } })
    expect(second.exitCode).toBe(1)
    expect(second.outputs).toMatchObject({ status: 'partial', revoked: '0', 'not-found': '0' })
    expect(result(second)[0]).toMatchObject({
      outcome: 'revoked-earlier',
      earlier: { runId: '4242', runUrl: runUrlOf('4242') },
      alerts: [{ resolved: false }]
    })
    expect(second.stdout).toContain('revoked earlier whose alerts could still not be resolved')
    expect(alert.state).toBe('open')
    expect(notFoundNotes()).toHaveLength(0)
    // Nothing new to keep: the evidence of run 4242 stands.
    expect(inRepo().filter((c) => c.body.includes('revoked run:'))).toHaveLength(1)

    // The next one gets through: resolved as revoked, citing the run that revoked the key.
    sandbox.resetRequests()
    const third = await act(inputs, { env: { GITHUB_RUN_ID: '4244' } })
    expect(third.exitCode).toBe(0)
    expect(third.outputs.status).toBe('revoked')
    expect(result(third)[0]).toMatchObject({
      outcome: 'revoked-earlier',
      alerts: [{ resolved: true }]
    })
    expect(alert).toMatchObject({ state: 'resolved', resolution: 'revoked' })
    expect(alert.resolution_comment).toBe(
      `Revoked at quiva.ai, verified dead, by revoke-leaked-keys in ${runUrlOf('4242')}; resolving it failed then. Refused again and resolved by ${runUrlOf('4244')}`
    )
    expect(third.summary).toContain('revoked by an earlier run')
    expect(third.summary).toContain(runUrlOf('4242'))
    expect(third.stdout).toMatch(/::notice title=Leaked key revoked earlier%3A alerts resolved::/)
    // It deleted nothing: the provider was only asked whether the key works.
    expect(
      sandbox.providers.quiva.service.requests.filter((r) => r.method === 'DELETE')
    ).toHaveLength(0)
    expect(notFoundNotes()).toHaveLength(0)
    for (const run of [first, second, third]) expectNoSecret(run, [key.value])
  })

  it("a person's comment with a forged marker is ignored: the refused key stays not found, its alert open", async () => {
    const live = sandbox.providers.quiva.store.addKey()
    const cut = nearMiss(live.value)
    const alert = sandbox.github.addAlert(repo, cut, 'quiva.ai API key')
    sandbox.github.state.comments.push({
      id: sandbox.github.state.nextId++,
      issue: `${repo}#9`,
      body: `Looks done to me ${evidenceMarker('4000', 'quiva', fingerprint(cut), alert)}`,
      author: { login: 'mallory', type: 'User' }
    })
    const run = await act({ alerts: 'open', 'issue-number': '9' })
    expect(run.exitCode).toBe(1)
    expect(result(run)[0]).toMatchObject({ outcome: 'not-found' })
    expect(alert.state).toBe('open')
    expect(run.stdout).toMatch(
      /::warning::Ignored 1 comment\(s\) in issue #9 that hold revocation evidence markers but were not written by this action's token/
    )
    expect(live.deletedAt).toBeUndefined()
    expectNoSecret(run, [cut])
  })

  it('with verify off a refusal is never probed, so even a marker the action wrote closes nothing', async () => {
    const live = sandbox.providers.quiva.store.addKey()
    const cut = nearMiss(live.value)
    const alert = sandbox.github.addAlert(repo, cut, 'quiva.ai API key')
    // Say a bot echoed text into a comment: it is trusted, and still only explains a refusal.
    sandbox.github.state.comments.push({
      id: sandbox.github.state.nextId++,
      issue: `${repo}#9`,
      body: evidenceMarker('4000', 'quiva', fingerprint(cut), alert),
      author: ACTIONS_BOT
    })
    const run = await act({ alerts: 'open', 'issue-number': '9', verify: 'false' })
    expect(result(run)[0]).toMatchObject({ outcome: 'not-found' })
    expect(alert.state).toBe('open')
    expect(patches()).toHaveLength(0)
  })

  it('without create-issue or issue-number no evidence can be kept, and the warning says so', async () => {
    const key = sandbox.providers.quiva.store.addKey()
    const alert = sandbox.github.addAlert(repo, key.value, 'quiva.ai API key')
    hourlyLimit(1)
    const run = await act({ alerts: 'open' })
    expect(run.outputs.status).toBe('revoked')
    expect(alert.state).toBe('open')
    expect(run.stdout).toContain(
      '::warning::1 alert(s) of keys this run revoked could not be resolved, and no evidence is kept'
    )
    expect(sandbox.github.state.issues.filter((i) => i.repository === repo)).toHaveLength(0)
  })
})

describe('tracking issue of matrix legs', () => {
  it('legs that race to open it end with one: the older is kept, the newer closed as a duplicate', async () => {
    const keys = [sandbox.providers.quiva.store.addKey(), sandbox.providers.quiva.store.addKey()]
    // Both legs list the issues before either opens one.
    sandbox.github.state.holdIssueLists = 2
    const legs = await Promise.all(
      keys.map((k, i) =>
        act({ provider: 'quiva', key: k.value, 'create-issue': 'true', 'report-key': `leg-${i}` })
      )
    )
    expect(legs.map((l) => l.exitCode)).toEqual([0, 0])
    const issues = sandbox.github.state.issues.filter((i) => i.repository === repo)
    expect(issues.map((i) => [i.state, i.state_reason])).toEqual([
      ['open', null],
      ['closed', 'duplicate']
    ])
    const on = (n: number) =>
      sandbox.github.state.comments.filter((c) => c.issue === `${repo}#${n}`).map((c) => c.body)
    expect(
      on(issues[0]!.number)
        .map((b) => /leg:(leg-\d)/.exec(b)?.[1])
        .sort()
    ).toEqual(['leg-0', 'leg-1'])
    expect(on(issues[1]!.number)).toEqual([
      `Duplicate of #${issues[0]!.number}: the report is there.`
    ])
    expectNoSecret(legs[0]!, [keys[0]!.value])
    expectNoSecret(legs[1]!, [keys[1]!.value])
  })
})

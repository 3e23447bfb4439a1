import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { commentMarker, reportLeg } from '../../src/github/publish/comments.js'
import { Redactor } from '../../src/secrets.js'
import { readSettings } from '../../src/settings/settings.js'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'

// The report comment of dist/index.js: one per matrix leg, and what it says when it fails.
let sandbox: Sandbox
const GITHUB_TOKEN = 'ghs_commentsTokenForTheFakeGitHub0000000'
let issue = 700

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
})
afterAll(async () => {
  await sandbox.close()
})
beforeEach(() => {
  issue++
  sandbox.resetRequests()
})

function leg(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: { ...inputs, 'issue-number': String(issue) },
    env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
    githubToken: GITHUB_TOKEN
  })
}

const comments = () => sandbox.github.state.comments.filter((c) => c.issue === `acme/app#${issue}`)
const marker = (body: string) => /^<!-- revoke-leaked-keys [^>]*-->/.exec(body)?.[0]

describe('matrix legs of one job (same run id, same job id)', () => {
  it('each keep their own comment, and a re-run of one leg updates only its own', async () => {
    const baseten = sandbox.providers.baseten.store.addKey()
    const quiva = sandbox.providers.quiva.store.addKey()
    // Both legs in parallel, as a matrix runs them.
    const [first, second] = await Promise.all([
      leg({ provider: 'baseten', key: baseten.value }),
      leg({ provider: 'quiva', key: quiva.value })
    ])
    expect([first.exitCode, second.exitCode]).toEqual([0, 0])
    expect(comments()).toHaveLength(2)
    const byProvider = (name: string) => comments().find((c) => c.body.includes(`| ${name} |`))
    const basetenComment = byProvider('Baseten')
    const quivaComment = byProvider('quiva.ai')
    expect(basetenComment).toBeDefined()
    expect(quivaComment).toBeDefined()
    expect(marker(basetenComment!.body)).toMatch(/ leg:baseten-[0-9a-f]{12} -->$/)
    expect(marker(quivaComment!.body)).toMatch(/ leg:quiva-[0-9a-f]{12} -->$/)
    const quivaBefore = quivaComment!.body

    // Re-run of the Baseten leg: same inputs, so the same marker; it finds and updates its own.
    const again = await leg({ provider: 'baseten', key: baseten.value })
    expect(again.outputs.status).toBe('not-found')
    expect(comments()).toHaveLength(2)
    expect(byProvider('Baseten')?.id).toBe(basetenComment!.id)
    expect(byProvider('Baseten')?.body).toContain('NOT FOUND')
    expect(byProvider('quiva.ai')?.body).toBe(quivaBefore)
    expect(again.stdout).toContain('Updated the report comment')
  })

  it('report-key tells apart legs whose inputs are the same otherwise', async () => {
    const token = sandbox.providers.vastai.store.addToken()
    const runs = []
    for (const reportKey of ['account-a', 'account-b'])
      runs.push(
        await leg({
          provider: 'vastai',
          'key-id': '987654',
          'vastai-token': token,
          'fail-on-error': 'false',
          'report-key': reportKey
        })
      )
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0])
    expect(comments().map((c) => marker(c.body))).toEqual([
      commentMarker('4242', 'revoke', 'account-a'),
      commentMarker('4242', 'revoke', 'account-b')
    ])
  })
})

describe('reportLeg', () => {
  const settingsOf = (inputs: Record<string, string>) =>
    readSettings((n) => inputs[n] ?? '', new Redactor())
  const KEY = 'abcd1234.0123456789abcdefABCDEF0123456789'

  it('is the same for the same inputs, whatever the tokens', () => {
    expect(reportLeg(settingsOf({ key: KEY, 'baseten-token': 'tok_aaaaaaaa' }))).toBe(
      reportLeg(settingsOf({ key: KEY, 'baseten-token': 'tok_bbbbbbbb' }))
    )
  })

  it('differs between inputs that tell matrix legs apart, and never holds a key', () => {
    const legs = (
      [
        { key: KEY },
        { key: KEY.replace('abcd', 'wxyz') },
        { key: KEY, 'dry-run': 'true' },
        { key: KEY, 'baseten-api-url': 'https://baseten.internal.example' },
        { provider: 'baseten', 'key-id': 'abcd1234' },
        { alerts: 'open' },
        { alerts: 'open', 'alerts-scope': 'org', org: 'one' },
        { alerts: 'open', 'alerts-scope': 'org', org: 'two' },
        { 'alert-number': '3' },
        { 'alert-number': '4' },
        { 'alert-number': '4', 'secret-types': 'acme_key=baseten' }
      ] as Record<string, string>[]
    ).map((inputs) => reportLeg(settingsOf(inputs)))
    expect(new Set(legs).size).toBe(legs.length)
    for (const l of legs) {
      expect(l).toMatch(/^(baseten|sweep|alert)-[0-9a-f]{12}$/)
      expect(l).not.toContain('0123456789abcdef')
    }
    expect(reportLeg(settingsOf({ key: KEY, 'report-key': 'leg-7' }))).toBe('leg-7')
  })
})

describe('when the report comment cannot be posted', () => {
  const key = () => sandbox.providers.baseten.store.addKey().value
  const warning = (run: ActionRun) =>
    run.stdout.split('\n').find((l) => l.startsWith('::warning::Could not post the report')) ?? ''

  it('a GitHub fault (HTTP 500) is not called a permission problem', async () => {
    sandbox.githubService.inject({
      method: 'GET',
      path: /\/comments$/,
      times: 1,
      fault: { kind: 'reply', reply: { status: 500, json: { message: 'Server Error' } } }
    })
    const run = await leg({ key: key() })
    expect(run.exitCode).toBe(0)
    expect(warning(run)).toContain("fault on GitHub's side (HTTP 500), not a missing permission")
    expect(warning(run)).toContain('the job summary and `report-file` have the report')
    expect(warning(run)).not.toContain('Issues: write')
  })

  it('no answer at all is not called a permission problem either', async () => {
    sandbox.githubService.inject({
      method: 'GET',
      path: /\/comments$/,
      times: 10,
      fault: { kind: 'reset' }
    })
    const run = await leg({ key: key() })
    expect(warning(run)).toContain('GitHub could not be reached in time: not a permission problem')
    expect(warning(run)).not.toContain('Issues: write')
  })

  it('a 403 names the permission the token needs', async () => {
    sandbox.githubService.inject({
      method: 'GET',
      path: /\/comments$/,
      times: 1,
      fault: {
        kind: 'reply',
        reply: { status: 403, json: { message: 'Resource not accessible by integration' } }
      }
    })
    const run = await leg({ key: key() })
    expect(warning(run)).toContain('The token needs "Issues: write"')
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { NodeConnections } from '../../../src/http/connections.js'
import { ACTIONS_BOT } from '../../../sandbox/github.js'
import { Sandbox } from '../../../sandbox/index.js'
import { trackingIssue } from '../../../src/github/publish/issues.js'
import { gitHubApi } from '../../../src/github/octokit.js'
import { Deadline } from '../../../src/http/deadline.js'
import { Redactor } from '../../../src/secrets.js'

// The tracking issue against the GitHub fake: however matrix legs interleave, one issue.

let sandbox: Sandbox
const agent = new NodeConnections()
const TOKEN = 'ghs_issuesTestToken00000000000000000000'
const MARKER = '<!-- revoke-leaked-keys tracking run:77 -->'
let repo = ''
let seq = 0

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(TOKEN, { alerts: false })
})
afterAll(async () => {
  await sandbox.close()
  await agent.close()
})
beforeEach(() => {
  repo = `acme/issues${++seq}`
  sandbox.resetRequests()
})

const gh = () =>
  gitHubApi(new URL(sandbox.githubService.url), TOKEN, new Redactor(), {
    connections: agent,
    deadline: new Deadline(10_000)
  })
const open = () => trackingIssue(gh(), repo, MARKER, 'Tracking', 'body')
const issues = () => sandbox.github.state.issues.filter((i) => i.repository === repo)

describe('trackingIssue', () => {
  it('finds the issue again rather than opening a second one', async () => {
    const first = await open()
    const again = await open()
    expect([first.created, again.created, again.number]).toEqual([true, false, first.number])
    expect(issues()).toHaveLength(1)
  })

  it('two legs that both looked before either opened one: both settle on the older, the newer is closed', async () => {
    sandbox.github.state.holdIssueLists = 2
    const legs = await Promise.all([open(), open()])
    const [older, newer] = issues()
    expect(older && newer && older.number < newer.number).toBe(true)
    expect(legs.map((l) => l.number)).toEqual([older!.number, older!.number])
    expect(older).toMatchObject({ state: 'open', state_reason: null })
    expect(newer).toMatchObject({ state: 'closed', state_reason: 'duplicate' })
    expect(
      sandbox.github.state.comments.filter((c) => c.issue === `${repo}#${newer!.number}`)
    ).toMatchObject([{ body: `Duplicate of #${older!.number}: the report is there.` }])
    // A later leg finds the one that stayed open.
    expect((await open()).number).toBe(older!.number)
    expect(sandbox.violations()).toEqual([])
  })

  it('moves what a leg already posted in the duplicate to the one kept, once', async () => {
    // While this leg opens its issue, another leg's older issue appears, and a third leg, which
    // saw only this one, posts its report to it.
    sandbox.githubService.inject({
      method: 'POST',
      path: /\/issues$/,
      times: 1,
      fault: {
        kind: 'act-then-change',
        change: (real) => {
          const mine = (real.json as { number: number }).number
          sandbox.github.state.issues.push({
            repository: repo,
            number: 1,
            title: 'Tracking',
            body: `${MARKER}\nbody`,
            state: 'open',
            state_reason: null,
            author: ACTIONS_BOT
          })
          for (const [issue, body] of [
            [mine, '<!-- revoke-leaked-keys run:77 job:j leg:b -->\nreport of leg b'],
            [mine, '<!-- revoke-leaked-keys run:77 job:j leg:c -->\nreport of leg c'],
            [mine, 'a person commented here'],
            [1, '<!-- revoke-leaked-keys run:77 job:j leg:c -->\nreport of leg c']
          ] as const)
            sandbox.github.state.comments.push({
              id: sandbox.github.state.nextId++,
              issue: `${repo}#${issue}`,
              body,
              author: ACTIONS_BOT
            })
          return real
        }
      }
    })
    const kept = await open()
    expect(kept).toMatchObject({ number: 1, created: false })
    expect(
      sandbox.github.state.comments.filter((c) => c.issue === `${repo}#1`).map((c) => c.body)
    ).toEqual([
      '<!-- revoke-leaked-keys run:77 job:j leg:c -->\nreport of leg c',
      '<!-- revoke-leaked-keys run:77 job:j leg:b -->\nreport of leg b'
    ])
    expect(issues().find((i) => i.number !== 1)).toMatchObject({
      state: 'closed',
      state_reason: 'duplicate'
    })
  })

  it('a duplicate it cannot close is left open with a warning; the report still goes to the older', async () => {
    sandbox.github.state.holdIssueLists = 2
    sandbox.githubService.inject({
      method: 'PATCH',
      path: /\/issues\/\d+$/,
      times: 1,
      fault: { kind: 'reply', reply: { status: 500, json: { message: 'Server Error' } } }
    })
    const writes: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string) => {
      writes.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    try {
      const legs = await Promise.all([open(), open()])
      expect(legs[0].number).toBe(legs[1].number)
    } finally {
      process.stdout.write = write
    }
    expect(writes.join('')).toMatch(/::warning::Could not close tracking issue #\d+ as a duplicate/)
  })
})

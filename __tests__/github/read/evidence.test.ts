import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { NodeConnections } from '../../../src/http/connections.js'
import { ACTIONS_BOT, type FakeAuthor } from '../../../sandbox/github.js'
import { Sandbox } from '../../../sandbox/index.js'
import {
  evidenceMarker,
  ownAuthors,
  parseEvidence,
  readEvidence
} from '../../../src/github/read/evidence.js'
import { gitHubApi } from '../../../src/github/octokit.js'
import { Deadline } from '../../../src/http/deadline.js'
import { Redactor } from '../../../src/secrets.js'

// What the next run reads of the evidence a run kept (publish/evidence-notes.test.ts writes
// it): only what the action itself wrote.

describe('parseEvidence', () => {
  const good = evidenceMarker('42', 'baseten', 'sha256:0123456789ab', {
    repository: 'acme/app',
    number: 3
  })

  it('reads back what evidenceMarker writes', () => {
    expect(parseEvidence(`text ${good} more`)).toEqual([
      { runId: '42', provider: 'baseten', keyRef: 'sha256:0123456789ab', alert: 'acme/app#3' }
    ])
  })

  it.each([
    ['an unknown provider', good.replace('baseten', 'acmecorp')],
    ['a fingerprint of the wrong shape', good.replace('0123456789ab', '0123456789')],
    ['a value instead of a fingerprint', good.replace('sha256:0123456789ab', 'ms-0123456789ab')],
    ['a repository that is not owner/name', good.replace('acme/app', '../app')],
    ['a run id that is not a number', good.replace('run:42', 'run:42x')]
  ])('ignores a marker with %s', (_, text) => {
    expect(parseEvidence(text)).toEqual([])
  })
})

describe('readEvidence against the GitHub fake', () => {
  let sandbox: Sandbox
  const agent = new NodeConnections()
  const WORKFLOW_TOKEN = 'ghs_evidenceWorkflowToken000000000000000'
  const USER_TOKEN = 'github_pat_evidenceUserToken0000000000000'
  let repo = ''
  let seq = 0

  beforeAll(async () => {
    sandbox = await Sandbox.start()
    sandbox.github.state.tokens.set(WORKFLOW_TOKEN, { alerts: false })
    sandbox.github.state.tokens.set(USER_TOKEN, { alerts: false, user: 'alice' })
  })
  afterAll(async () => {
    await sandbox.close()
    await agent.close()
  })
  beforeEach(() => {
    repo = `acme/evidence${++seq}`
  })

  const client = (token: string) =>
    gitHubApi(new URL(sandbox.githubService.url), token, new Redactor(), {
      connections: agent,
      deadline: new Deadline(10_000)
    })
  const marker = (runId: string, keyRef: string) =>
    evidenceMarker(runId, 'quiva', keyRef, { repository: repo, number: 1 })
  const comment = (issue: number, body: string, author: FakeAuthor) =>
    sandbox.github.state.comments.push({
      id: sandbox.github.state.nextId++,
      issue: `${repo}#${issue}`,
      body,
      author
    })
  const runUrl = (id: string) => `https://github.test/${repo}/actions/runs/${id}`

  it("with the workflow's token: trusts the bot it writes as, ignores a person's forged marker", async () => {
    comment(5, marker('11', 'sha256:111111111111'), ACTIONS_BOT)
    comment(5, marker('66', 'sha256:666666666666'), { login: 'mallory', type: 'User' })
    comment(5, `${marker('12', 'sha256:111111111111')} a later run, same key`, ACTIONS_BOT)
    const read = await readEvidence(client(WORKFLOW_TOKEN), repo, 5, runUrl)
    expect(read.ignored).toBe(1)
    expect(read.book.size).toBe(1)
    expect(read.book.find('quiva', 'sha256:666666666666')).toBeUndefined()
    // The oldest record names the run; its link is made here, never read from the comment.
    expect(read.book.find('quiva', 'sha256:111111111111')).toMatchObject({
      runId: '11',
      runUrl: runUrl('11')
    })
    expect(read.book.find('baseten', 'sha256:111111111111')).toBeUndefined()
  })

  it("with a person's token: trusts that person only, not a bot or anyone else", async () => {
    comment(5, marker('21', 'sha256:222222222222'), { login: 'Alice', type: 'User' })
    comment(5, marker('22', 'sha256:333333333333'), ACTIONS_BOT)
    comment(5, marker('23', 'sha256:444444444444'), { login: 'mallory', type: 'User' })
    const read = await readEvidence(client(USER_TOKEN), repo, 5, runUrl)
    expect(read.ignored).toBe(2)
    expect(read.book.find('quiva', 'sha256:222222222222')?.runId).toBe('21')
    expect(read.book.find('quiva', 'sha256:333333333333')).toBeUndefined()
  })

  it('asks who it is only once a marker is there, and reads no issue when there is none', async () => {
    comment(5, 'a comment without evidence', ACTIONS_BOT)
    sandbox.resetRequests()
    const read = await readEvidence(client(WORKFLOW_TOKEN), repo, 5, runUrl)
    expect(read.book.size).toBe(0)
    expect(sandbox.githubService.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${repo}/issues/5/comments`
    ])
    // No issue-number and no standing issue: nothing to read, and nothing is opened.
    sandbox.resetRequests()
    const none = await readEvidence(client(WORKFLOW_TOKEN), repo, undefined, runUrl)
    expect(none.book.size).toBe(0)
    expect(sandbox.githubService.requests.map((r) => r.method)).toEqual(['GET'])
    expect(sandbox.github.state.issues.filter((i) => i.repository === repo)).toEqual([])
    expect(sandbox.violations()).toEqual([])
  })

  it('ownAuthors: a user token is its user; an integration token, which GET /user refuses, a bot', async () => {
    const user = await ownAuthors(client(USER_TOKEN))
    expect(user({ login: 'alice', type: 'User' })).toBe(true)
    expect(user({ login: 'github-actions[bot]', type: 'Bot' })).toBe(false)
    const bot = await ownAuthors(client(WORKFLOW_TOKEN))
    expect(bot(ACTIONS_BOT)).toBe(true)
    expect(bot({ login: 'alice', type: 'User' })).toBe(false)
    expect(bot(null)).toBe(false)
  })
})

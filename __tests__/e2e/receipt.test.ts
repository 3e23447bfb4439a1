import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'
import { PROVIDERS } from '../../src/providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../../src/providers/types.js'
import { routeOf } from '../../src/receipt/operations.js'
import {
  PREDICATE_FILE,
  PREDICATE_TYPE,
  RECEIPT_FILE,
  STATEMENT_TYPE
} from '../../src/receipt/receipt.js'
import { Sandbox } from '../../sandbox/index.js'
import { credentialInput, runAction, type ActionRun } from '../../sandbox/run-action.js'

// The receipt of runs of the committed bundle against the sandbox: it validates against its
// documented schema, holds every request the fakes saw and nothing else, holds no secret, and
// its digest is the one the output gives.

const GITHUB_TOKEN = 'ghs_e2eTokenForTheFakeGitHub000000000000'
let sandbox: Sandbox

const schema = JSON.parse(
  readFileSync(new URL('../../docs/receipt.schema.json', import.meta.url), 'utf8')
) as object
const ajv = new Ajv2020({ allErrors: true, strict: true })
ajvFormats.default(ajv)
const validatePredicate = ajv.compile(schema)

beforeAll(async () => {
  sandbox = await Sandbox.start()
  sandbox.github.state.tokens.set(GITHUB_TOKEN, { alerts: false })
})
afterAll(async () => {
  await sandbox.close()
})

const tokenInputs = (id: ProviderId, token: string): Record<string, string> => {
  const input = credentialInput(PROVIDERS[id])
  return input ? { [input]: token } : {}
}

interface ReceiptOperation {
  phase: string
  requestId: string | null
  method: string
  route: string
  status: number | null
  attempts: number
  sharedBy?: number
}
interface ReceiptKey {
  provider: string
  fingerprint: string | null
  outcome: string
  operations: ReceiptOperation[]
  proof: { verified: boolean | null; probes: Array<{ phase: string; answer: string }> }
}
interface Statement {
  _type: string
  subject: Array<{ name: string; digest: { sha256: string } }>
  predicateType: string
  predicate: { keys: ReceiptKey[]; run: { mode: string; status: string } }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** The receipt of a run, checked whole: files, digests, statement and schema. */
function receiptOf(run: ActionRun): Statement {
  const text = run.files[RECEIPT_FILE]
  const predicate = run.files[PREDICATE_FILE]
  expect(text).toBeDefined()
  expect(predicate).toBeDefined()
  expect(run.outputs['receipt-path']).toMatch(new RegExp(`[/\\\\]${RECEIPT_FILE}$`))
  expect(run.outputs['receipt-predicate-path']).toMatch(new RegExp(`[/\\\\]${PREDICATE_FILE}$`))
  expect(run.outputs['receipt-sha256']).toBe(sha256(text!))
  const statement = JSON.parse(text!) as Statement
  expect(statement._type).toBe(STATEMENT_TYPE)
  expect(statement.predicateType).toBe(PREDICATE_TYPE)
  expect(statement.subject).toEqual([
    { name: PREDICATE_FILE, digest: { sha256: sha256(predicate!) } }
  ])
  expect(statement.predicate).toEqual(JSON.parse(predicate!))
  const valid = validatePredicate(statement.predicate)
  expect(validatePredicate.errors ?? []).toEqual([])
  expect(valid).toBe(true)
  return statement
}

/** Requests as `method route`, each attempt once: the fakes' log against the receipt's. */
function attemptsSeen(id: ProviderId): string[] {
  return sandbox.providers[id].service.requests.map((r) => `${r.method} ${routeOf(r.path)}`).sort()
}
function attemptsRecorded(keys: ReceiptKey[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const key of keys)
    for (const op of key.operations) {
      // A batch delete is in each key it carried, but went once.
      const once = `${op.method} ${op.route} ${JSON.stringify(op)}`
      if (op.sharedBy !== undefined && seen.has(once)) continue
      seen.add(once)
      for (let n = 0; n < op.attempts; n++) out.push(`${op.method} ${op.route}`)
    }
  return out.sort()
}

function expectNoSecret(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    for (let at = 0; at + 12 <= secret.length; at += 4)
      expect(text.includes(secret.slice(at, at + 12))).toBe(false)
    expect(text.includes(encodeURIComponent(secret))).toBe(false)
  }
}

describe('the revocation receipt of dist/index.js', () => {
  it.each(PROVIDER_IDS)(
    '%s: validates, holds every request the fake saw, no secret, and its digest',
    async (id) => {
      const { store } = sandbox.providers[id]
      const key = store.addKey()
      const token = store.addToken()
      sandbox.resetRequests()
      const run = await runAction({
        inputs: { provider: id, key: key.value, ...tokenInputs(id, token) },
        env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
        githubToken: GITHUB_TOKEN
      })
      expect(run.exitCode).toBe(0)
      const statement = receiptOf(run)
      const [entry, ...rest] = statement.predicate.keys
      expect(rest).toEqual([])
      expect(entry).toMatchObject({ provider: id, outcome: 'revoked' })
      expect(entry!.fingerprint).toBe(`sha256:${sha256(key.value)}`)
      expect(statement.predicate.run).toMatchObject({ mode: 'revoke', status: 'revoked' })
      // Every attempt the fake answered is in the receipt, and nothing it did not see.
      expect(attemptsRecorded(statement.predicate.keys)).toEqual(attemptsSeen(id))
      // The delete went, and the proof saw the key dead after it.
      expect(entry!.operations.some((op) => op.phase === 'delete')).toBe(true)
      expect(entry!.proof.verified).toBe(true)
      expect(entry!.proof.probes.at(-1)).toMatchObject({ phase: 'probe-after', answer: 'dead' })
      expectNoSecret(
        [run.files[RECEIPT_FILE], run.files[PREDICATE_FILE], JSON.stringify(run.outputs)].join(
          '\n'
        ),
        [key.value, token, GITHUB_TOKEN]
      )
    }
  )

  it("anthropic: the provider's documented request id is kept with each answer that has one", async () => {
    const { store } = sandbox.providers.anthropic
    const key = store.addKey()
    const token = store.addToken()
    const run = await runAction({
      inputs: { provider: 'anthropic', key: key.value, 'anthropic-token': token },
      env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
      githubToken: GITHUB_TOKEN
    })
    const [entry] = receiptOf(run).predicate.keys
    // The fake sends `request-id` with its errors, as the probe's 401 after the delete.
    const after = entry!.operations.find((op) => op.phase === 'probe-after')
    expect(after).toMatchObject({ status: 401, requestId: expect.stringMatching(/^req_/) })
  })

  it('npm: the token in the delete path is a {param} in the route, never the token', async () => {
    const { store } = sandbox.providers.npm
    const key = store.addKey()
    sandbox.resetRequests()
    const run = await runAction({
      inputs: { provider: 'npm', key: key.value },
      env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
      githubToken: GITHUB_TOKEN
    })
    const statement = receiptOf(run)
    const paths = sandbox.providers.npm.service.requests.map((r) => r.path)
    // The fake saw the token in a path: the receipt must not.
    expect(
      paths.some((p) => p.includes(encodeURIComponent(key.value)) || p.includes(key.value))
    ).toBe(true)
    const routes = statement.predicate.keys.flatMap((k) => k.operations.map((op) => op.route))
    expect(routes.some((r) => r.endsWith('/{param}'))).toBe(true)
    expectNoSecret(run.files[RECEIPT_FILE]!, [key.value])
  })

  it('a batch of GitHub tokens: one revocation request, in each key it carried', async () => {
    const { store } = sandbox.providers.github
    const keys = [store.addKey(), store.addKey(), store.addKey()]
    sandbox.resetRequests()
    const run = await runAction({
      inputs: { provider: 'github', key: keys.map((k) => k.value).join('\n') },
      env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
      githubToken: GITHUB_TOKEN
    })
    expect(run.exitCode).toBe(0)
    const statement = receiptOf(run)
    expect(statement.predicate.keys).toHaveLength(3)
    for (const k of statement.predicate.keys)
      expect(k.operations.filter((op) => op.phase === 'delete')).toEqual([
        expect.objectContaining({ sharedBy: 3 })
      ])
    expect(attemptsRecorded(statement.predicate.keys)).toEqual(attemptsSeen('github'))
    expectNoSecret(
      run.files[RECEIPT_FILE]!,
      keys.map((k) => k.value)
    )
  })

  it('a run stopped by a bad input still writes a receipt, with no key', async () => {
    const run = await runAction({
      inputs: { provider: 'openai', key: 'sk-proj-abc', 'timeout-seconds': 'soon' },
      env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
      githubToken: GITHUB_TOKEN
    })
    expect(run.exitCode).toBe(1)
    const statement = receiptOf(run)
    expect(statement.predicate.keys).toEqual([])
    expect(statement.predicate.run.status).toBe('error')
  })
})

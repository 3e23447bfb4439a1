import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeyResult } from '../../src/model.js'
import {
  ACTION_VERSION,
  PREDICATE_FILE,
  actionIdentity,
  predicateText,
  statementText,
  writeReceipt,
  type ReceiptRun
} from '../../src/receipt/receipt.js'
import { Redactor } from '../../src/secrets.js'

const run: ReceiptRun = {
  repository: 'acme/app',
  runId: '7',
  runUrl: 'https://github.test/acme/app/actions/runs/7',
  status: 'revoked',
  mode: 'revoke',
  verify: true,
  startedAt: new Date('2026-01-01T00:00:00Z'),
  finishedAt: new Date('2026-01-01T00:00:05Z')
}

const SECRET = 'sk-proj-SECRETsecretSECRET0123456789'

function result(over: Partial<KeyResult> = {}): KeyResult {
  return {
    provider: 'openai',
    keyRef: 'proj_1:key_1',
    outcome: 'revoked',
    verified: true,
    httpStatus: 200,
    attempts: 1,
    durationMs: 3,
    evidence: {
      fingerprint: `sha256:${'a'.repeat(64)}`,
      operations: [
        {
          phase: 'delete',
          method: 'DELETE',
          route: '/v1/keys/{param}',
          status: 200,
          attempts: 1,
          requestId: 'req_1',
          startedAt: Date.parse('2026-01-01T00:00:01.000Z'),
          durationMs: 5
        }
      ],
      probes: [{ phase: 'probe-after', at: Date.parse('2026-01-01T00:00:02.000Z'), answer: 'dead' }]
    },
    ...over
  }
}

describe('the receipt', () => {
  it('says the version package.json says', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(ACTION_VERSION).toBe(pkg.version)
  })

  it('names the commit only when the workflow pinned one', () => {
    const sha = 'a'.repeat(40)
    expect(
      actionIdentity({ GITHUB_ACTION_REPOSITORY: 'o/r', GITHUB_ACTION_REF: sha })
    ).toMatchObject({
      repository: 'o/r',
      ref: sha,
      commit: sha
    })
    expect(actionIdentity({ GITHUB_ACTION_REF: 'v1' })).toMatchObject({ ref: 'v1', commit: null })
    expect(actionIdentity({})).toMatchObject({ repository: null, ref: null, commit: null })
  })

  it('passes every free text through the redactor, and keeps digests whole', () => {
    const redactor = new Redactor()
    redactor.add(SECRET)
    const text = predicateText(
      run,
      [
        result({
          message: `the answer quoted ${SECRET}`,
          evidence: {
            ...result().evidence!,
            operations: [{ ...result().evidence!.operations[0]!, requestId: SECRET }]
          }
        })
      ],
      (t) => redactor.redact(t),
      {}
    )
    expect(text).not.toContain(SECRET)
    const predicate = JSON.parse(text) as { keys: Array<Record<string, unknown>> }
    expect(predicate.keys[0]).toMatchObject({
      message: 'the answer quoted ***',
      fingerprint: `sha256:${'a'.repeat(64)}`
    })
  })

  it('gives no fingerprint for a key given by id alone', () => {
    const text = predicateText(
      run,
      [result({ evidence: { operations: [], probes: [] } })],
      (t) => t,
      {}
    )
    expect(
      (JSON.parse(text) as { keys: Array<{ fingerprint: unknown }> }).keys[0]!.fingerprint
    ).toBeNull()
  })

  it('wraps the predicate byte for byte, its digest the subject', () => {
    const predicate = predicateText(run, [result(), result()], (t) => t, {})
    const statement = JSON.parse(statementText(predicate)) as {
      subject: Array<{ name: string; digest: { sha256: string } }>
      predicate: unknown
    }
    expect(statement.subject).toEqual([
      {
        name: PREDICATE_FILE,
        digest: { sha256: createHash('sha256').update(predicate).digest('hex') }
      }
    ])
    expect(statement.predicate).toEqual(JSON.parse(predicate))
  })

  it('writes both files; the digest is the receipt file bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'receipt-'))
    const files = await writeReceipt(dir, run, [result()], (t) => t, {})
    const bytes = await readFile(files.path)
    expect(files.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(JSON.parse(await readFile(files.predicatePath, 'utf8'))).toMatchObject({
      run: { mode: 'revoke', status: 'revoked' },
      keys: [{ keyRef: 'proj_1:key_1' }]
    })
  })
})

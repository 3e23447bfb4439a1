import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { KeyResult, RunStatus } from '../model.js'
import type { Operation, ProbeNote } from './operations.js'

// The revocation receipt: an in-toto Statement v1 whose predicate says, per key, what this run
// sent and saw (docs/receipt.md; schema docs/receipt.schema.json). It is written unsigned; a
// workflow step (actions/attest) signs it with the workflow's identity (docs/decisions.md says
// why the action does not sign it itself).

/** The predicate's type: an identifier of this project's own, versioned; never a fetched URL. */
export const PREDICATE_TYPE = 'https://github.com/revoke-leaked-keys/revoke-leaked-keys/receipt/v1'
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
/** The receipt's file name, under RUNNER_TEMP. */
export const RECEIPT_FILE = 'revocation-receipt.json'
/** The predicate alone, for `actions/attest`'s `predicate-path`. */
export const PREDICATE_FILE = 'revocation-receipt.predicate.json'
/** The action's version, as package.json says (a repo test checks they agree). */
export const ACTION_VERSION = '0.1.0'

/** What the run was asked to do. */
export type RunMode = 'revoke' | 'dry-run' | 'plan' | 'apply'

export interface ReceiptRun {
  repository: string
  runId: string
  runUrl: string | undefined
  status: RunStatus
  mode: RunMode
  verify: boolean
  startedAt: Date
  finishedAt: Date
}

export interface ReceiptFiles {
  path: string
  predicatePath: string
  /** Hex sha256 of the receipt file's bytes. */
  sha256: string
}

const HEX64 = /^[0-9a-f]{64}$/
const SHA = /^[0-9a-f]{40}$/

/** Where this step's receipt goes: the runner's temporary folder, or the system's. */
export function receiptDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TEMP || tmpdir()
}

/**
 * The action that ran: its repository and ref as the runner names them, the commit when the
 * workflow pinned one (a tag names no fixed code), and the digest of the bundle that ran, which
 * identifies the code whatever the ref.
 */
export function actionIdentity(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const ref = env.GITHUB_ACTION_REF || null
  return {
    name: 'revoke-leaked-keys',
    version: ACTION_VERSION,
    repository: env.GITHUB_ACTION_REPOSITORY || null,
    ref,
    commit: ref && SHA.test(ref) ? ref : null,
    bundleSha256: bundleDigest()
  }
}

let bundle: string | null | undefined
/** sha256 of the module file that holds this code (in dist/, the bundle's chunk that ran). */
function bundleDigest(): string | null {
  if (bundle === undefined) {
    try {
      bundle = createHash('sha256')
        .update(readFileSync(fileURLToPath(import.meta.url)))
        .digest('hex')
    } catch {
      bundle = null
    }
  }
  return bundle
}

/** One key of the predicate; every free text through `redact` (the second net). */
function keyEntry(r: KeyResult, redact: (text: string) => string): Record<string, unknown> {
  const evidence = r.evidence
  const fingerprint =
    evidence?.fingerprint && HEX64.test(evidence.fingerprint.slice(7)) ? evidence.fingerprint : null
  const entry: Record<string, unknown> = {
    provider: r.provider,
    keyRef: redact(r.keyRef),
    fingerprint,
    alerts: (r.alerts ?? []).map((a) => ({
      repository: redact(a.repository),
      number: a.number,
      url: redact(a.url),
      resolved: a.resolved
    })),
    outcome: r.outcome,
    verified: r.verified,
    httpStatus: r.httpStatus
  }
  if (r.reason) entry.reason = r.reason
  if (r.message) entry.message = redact(r.message)
  if (r.collateral)
    entry.collateral = {
      id: redact(r.collateral.id),
      ...(r.collateral.name !== undefined ? { name: redact(r.collateral.name) } : {})
    }
  if (r.earlier)
    entry.earlier = {
      runId: redact(r.earlier.runId),
      ...(r.earlier.runUrl ? { runUrl: redact(r.earlier.runUrl) } : {})
    }
  entry.operations = (evidence?.operations ?? []).map((op) => operationEntry(op, redact))
  entry.proof = {
    verified: r.verified,
    probes: (evidence?.probes ?? []).map((p: ProbeNote) => ({
      phase: p.phase,
      at: new Date(p.at).toISOString(),
      answer: p.answer
    }))
  }
  return entry
}

function operationEntry(op: Operation, redact: (text: string) => string): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    phase: op.phase,
    method: op.method,
    route: redact(op.route),
    status: op.status,
    attempts: op.attempts,
    requestId: op.requestId === null ? null : redact(op.requestId),
    startedAt: new Date(op.startedAt).toISOString(),
    durationMs: op.durationMs
  }
  if (op.error) entry.error = op.error
  if (op.sharedBy !== undefined) entry.sharedBy = op.sharedBy
  return entry
}

/**
 * The predicate as text, in pieces: its head, then one line per key. A sweep's receipt is
 * written a piece at a time, never held whole (10,000 keys make some 12 MB of it).
 */
export function* predicatePieces(
  run: ReceiptRun,
  results: readonly KeyResult[],
  redact: (text: string) => string,
  env: NodeJS.ProcessEnv = process.env
): Generator<string> {
  const head = {
    action: actionIdentity(env),
    run: {
      repository: redact(run.repository),
      runId: run.runId,
      runAttempt: /^\d{1,6}$/.test(env.GITHUB_RUN_ATTEMPT ?? '')
        ? Number(env.GITHUB_RUN_ATTEMPT)
        : null,
      workflow: env.GITHUB_WORKFLOW ? redact(env.GITHUB_WORKFLOW) : null,
      url: run.runUrl ? redact(run.runUrl) : null,
      mode: run.mode,
      verify: run.verify,
      status: run.status,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString()
    },
    fingerprint: 'sha256-of-whole-value'
  }
  const front = JSON.stringify(head).slice(0, -1)
  if (results.length === 0) {
    yield `${front},"keys":[]}`
    return
  }
  yield `${front},"keys":[\n`
  for (let i = 0; i < results.length; i++)
    yield `${JSON.stringify(keyEntry(results[i]!, redact))}${i + 1 < results.length ? ',\n' : '\n]}'}`
}

/** The predicate as one text (tests; the writer streams it). */
export function predicateText(
  run: ReceiptRun,
  results: readonly KeyResult[],
  redact: (text: string) => string,
  env: NodeJS.ProcessEnv = process.env
): string {
  return [...predicatePieces(run, results, redact, env)].join('')
}

// The statement's members, around the predicate: the subject (the predicate's digest) goes
// last, so that both files are written in one pass. Member order means nothing in JSON.
const STATEMENT_HEAD = `{"_type":${JSON.stringify(STATEMENT_TYPE)},"predicateType":${JSON.stringify(PREDICATE_TYPE)},"predicate":`
const statementTail = (digest: string): string =>
  `,"subject":${JSON.stringify([{ name: PREDICATE_FILE, digest: { sha256: digest } }])}}\n`

/** The in-toto Statement around a predicate text (kept byte for byte). */
export function statementText(predicate: string): string {
  const digest = createHash('sha256').update(predicate, 'utf8').digest('hex')
  return STATEMENT_HEAD + predicate + statementTail(digest)
}

/** Bytes gathered before each write. */
const CHUNK = 64 * 1024

/** Writes the receipt and its predicate file in one pass; their paths and the receipt's sha256. */
export async function writeReceipt(
  dir: string,
  run: ReceiptRun,
  results: readonly KeyResult[],
  redact: (text: string) => string,
  env: NodeJS.ProcessEnv = process.env
): Promise<ReceiptFiles> {
  const path = join(dir, RECEIPT_FILE)
  const predicatePath = join(dir, PREDICATE_FILE)
  const predicateHash = createHash('sha256')
  const statementHash = createHash('sha256')
  const predicateFile = await open(predicatePath, 'w', 0o600)
  const statementFile = await open(path, 'w', 0o600).catch(async (error: unknown) => {
    await predicateFile.close()
    throw error
  })
  const write = async (text: string, toPredicate = true): Promise<void> => {
    const bytes = Buffer.from(text, 'utf8')
    statementHash.update(bytes)
    await statementFile.write(bytes)
    if (toPredicate) {
      predicateHash.update(bytes)
      await predicateFile.write(bytes)
    }
  }
  try {
    await write(STATEMENT_HEAD, false)
    let chunk = ''
    for (const piece of predicatePieces(run, results, redact, env)) {
      chunk += piece
      if (chunk.length >= CHUNK) {
        await write(chunk)
        chunk = ''
      }
    }
    if (chunk) await write(chunk)
    await write(statementTail(predicateHash.digest('hex')), false)
  } finally {
    await Promise.all([predicateFile.close(), statementFile.close()])
  }
  return { path, predicatePath, sha256: statementHash.digest('hex') }
}

import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeyResult } from '../model.js'
import { resultEntry } from './outputs.js'

/**
 * Where this step's report file goes: the runner's temporary folder (RUNNER_TEMP, emptied after
 * each job), or the system's outside a runner; named after the step, so two steps of one job
 * that both run the action do not overwrite each other's.
 */
export function reportFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const step = (env.GITHUB_ACTION ?? '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80)
  return join(env.RUNNER_TEMP || tmpdir(), `revoke-leaked-keys-${step || 'report'}.jsonl`)
}

/** Bytes gathered before each write, so a large report never sits whole in memory. */
const CHUNK = 64 * 1024

/**
 * Writes the report file: JSON Lines, one object per key with the fields of a `result` entry,
 * each line redacted. Replaces any earlier file of the same step.
 */
export async function writeReportFile(
  path: string,
  results: readonly KeyResult[],
  redact: (text: string) => string
): Promise<void> {
  const file = await open(path, 'w', 0o600)
  try {
    let chunk = ''
    for (const r of results) {
      chunk += `${redact(JSON.stringify(resultEntry(r)))}\n`
      if (chunk.length >= CHUNK) {
        await file.write(chunk)
        chunk = ''
      }
    }
    if (chunk) await file.write(chunk)
  } finally {
    await file.close()
  }
}

import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KeyRequest, KeyResult } from '../model.js'
import type { Redactor } from '../secrets.js'
import { PLAN_FILE, plannedKey, planText, sha256Hex, type Plan } from './plan.js'

// The plan's outputs, set apart from the report's for the reason the receipt's are: its
// fingerprints and digest are 64 hex characters, a shape the report's redaction cuts. Every
// free text in it went through the redactor field by field (`plannedKey`).

export function clearPlanOutputs(): void {
  for (const name of ['plan', 'plan-sha256', 'plan-path']) core.setOutput(name, '')
  core.setOutput('plan-keys', '0')
}

/** What the held keys' results say: they wait for approval, and why. */
export function heldResults(
  held: ReadonlyArray<{ key: KeyRequest; because: string }>,
  results: readonly KeyResult[]
): KeyResult[] {
  return results.map((r, i) =>
    r.outcome === 'dry-run'
      ? {
          ...r,
          message:
            `Awaiting approval (approval-required: ${held[i]?.because ?? '?'}); in the plan. ${r.message ?? ''}`.trim()
        }
      : r
  )
}

/**
 * Writes the plan of the held keys that were identified (the others ended with their own
 * outcome and are not planned): the file, and the `plan`, `plan-sha256`, `plan-path` outputs.
 */
export async function savePlan(
  dir: string,
  run: { repository: string; runId: string },
  held: ReadonlyArray<{ key: KeyRequest; because: string }>,
  results: readonly KeyResult[],
  redactor: Redactor
): Promise<Plan> {
  const redact = (text: string) => redactor.redact(text)
  const plan: Plan = {
    version: 1,
    repository: run.repository,
    runId: run.runId,
    createdAt: new Date().toISOString(),
    keys: held
      .filter((_, i) => results[i]?.outcome === 'dry-run')
      .map(({ key, because }) => plannedKey(key, because, redact))
  }
  const text = planText(plan)
  const path = join(dir, PLAN_FILE)
  await writeFile(path, text, { mode: 0o600 })
  core.setOutput('plan', text)
  core.setOutput('plan-sha256', sha256Hex(text))
  core.setOutput('plan-path', redact(path))
  core.setOutput('plan-keys', String(plan.keys.length))
  core.info(
    `Plan: ${plan.keys.length} key(s) await approval; apply them with mode: apply, this plan and plan-sha256 ${sha256Hex(text)}.`
  )
  return plan
}

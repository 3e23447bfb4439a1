import * as core from '@actions/core'
import type { KeyResult } from '../model.js'
import type { Redactor } from '../secrets.js'
import { receiptDir, writeReceipt, type ReceiptRun } from './receipt.js'

// The receipt's step outputs. Set apart from the report's: a digest is 64 hex characters, the
// shape of some providers' keys, which the report's redaction (rightly) cuts from any text.

/** The receipt outputs before anything is written, so a crash still leaves them defined. */
export function clearReceiptOutputs(): void {
  core.setOutput('receipt-path', '')
  core.setOutput('receipt-sha256', '')
  core.setOutput('receipt-predicate-path', '')
}

/** Writes the receipt and sets its outputs; a receipt that cannot be written is a warning. */
export async function saveReceipt(
  run: ReceiptRun,
  results: readonly KeyResult[],
  redactor: Redactor
): Promise<void> {
  try {
    const files = await writeReceipt(receiptDir(), run, results, (text) => redactor.redact(text))
    core.setOutput('receipt-path', redactor.redact(files.path))
    core.setOutput('receipt-predicate-path', redactor.redact(files.predicatePath))
    if (/^[0-9a-f]{64}$/.test(files.sha256)) core.setOutput('receipt-sha256', files.sha256)
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    core.warning(`Could not write the revocation receipt: ${redactor.redact(text)}`)
  }
}

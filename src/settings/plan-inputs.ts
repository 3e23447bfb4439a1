import { readFileSync } from 'node:fs'
import * as z from 'zod/mini'
import { InputError } from '../errors.js'
import { readApprovalRules, verifiedPlan, type Mode } from '../plan/plan.js'
import type { Settings } from '../model.js'
import { optional, type InputReader } from './inputs.js'

/** `mode`, `approval-required`, and for `apply` the plan, its digest checked. */
export function readPlanSettings(read: InputReader): Pick<Settings, 'mode' | 'approval' | 'plan'> {
  const mode = optional<Mode>(
    read,
    'mode',
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['revoke', 'plan', 'apply'])),
    "'revoke', 'plan' or 'apply'",
    'revoke'
  )
  const rules = readApprovalRules(read('approval-required'))
  if (rules.length > 0 && mode !== 'plan')
    throw new InputError(
      'approval-required',
      "Input 'approval-required' applies only with mode: plan (the keys it names go into the plan; the others are revoked at once)."
    )
  const inline = read('plan').trim()
  const file = read('plan-file').trim()
  const digest = read('plan-sha256').trim()
  if (mode !== 'apply') {
    const stray = inline ? 'plan' : file ? 'plan-file' : digest ? 'plan-sha256' : undefined
    if (stray) throw new InputError(stray, `Input '${stray}' applies only with mode: apply.`)
    // A plan run with no rule holds every key: nothing is revoked before a person approves.
    return {
      mode,
      approval:
        mode === 'plan' && rules.length === 0 ? [{ kind: 'all', value: '*', text: '*' }] : rules,
      plan: undefined
    }
  }
  if (Boolean(inline) === Boolean(file))
    throw new InputError(
      inline ? 'plan-file' : 'plan',
      "mode: apply needs the approved plan in exactly one of 'plan' (the plan job's plan output) or 'plan-file' (its plan file, from an artifact)."
    )
  if (!digest)
    throw new InputError(
      'plan-sha256',
      "mode: apply needs 'plan-sha256': the plan job's plan-sha256 output, which proves the plan is the one approved."
    )
  let text = inline
  if (file) {
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      const code = (error as { code?: unknown }).code
      throw new InputError(
        'plan-file',
        `Input 'plan-file' could not be read${typeof code === 'string' ? ` (${code})` : ''}: give the path of the plan file downloaded from the plan job's artifact.`
      )
    }
  }
  return { mode, approval: [], plan: verifiedPlan(text, inline ? 'plan' : 'plan-file', digest) }
}

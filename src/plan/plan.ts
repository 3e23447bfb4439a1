import { createHash } from 'node:crypto'
import * as z from 'zod/mini'
import { InputError } from '../errors.js'
import { PROVIDERS } from '../providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../providers/types.js'
import type { KeyRequest, Plan, PlannedKey } from '../model.js'

export type { Plan, PlannedKey }
import { valueDigest } from '../receipt/operations.js'

// Plan, approve, apply. A run in `mode: plan` revokes at once the keys no approval rule names,
// and writes the others into a plan: which keys (provider, fingerprint or id, alerts), never a
// secret, so that it can travel as a job output and an artifact. A second job, in an
// Environment with required reviewers, runs in `mode: apply` with the plan and its sha256: the
// digest is checked before anything is sent, the secrets are read again from the alerts (or
// inputs), and only the keys the plan names are revoked.

export type Mode = 'revoke' | 'plan' | 'apply'

/** One `approval-required` line: what it names, and its text for messages. */
export interface ApprovalRule {
  kind: 'provider' | 'secret-type' | 'key-kind' | 'all'
  value: string
  text: string
}

/** The plan's file name, under RUNNER_TEMP. */
export const PLAN_FILE = 'revocation-plan.json'

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/

const planSchema = z.object({
  version: z.literal(1),
  repository: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  keys: z.array(
    z.object({
      provider: z.enum(PROVIDER_IDS),
      fingerprint: z.nullable(z.string().check(z.regex(FINGERPRINT))),
      id: z.nullable(z.string().check(z.regex(/^[\x21-\x7e]{1,4096}$/))),
      alerts: z.array(z.object({ repository: z.string(), number: z.number(), url: z.string() })),
      because: z.string()
    })
  )
})

/** Reads `approval-required`: one rule a line, `provider:<id>`, `secret-type:<type>`, `key-kind:<kind>` or `*`. */
export function readApprovalRules(raw: string): ApprovalRule[] {
  const rules: ApprovalRule[] = []
  for (const line of raw.split(/\r?\n/).map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue
    if (line === '*') {
      rules.push({ kind: 'all', value: '*', text: '*' })
      continue
    }
    const match = /^(provider|secret-type|key-kind):\s*(\S{1,100})$/.exec(line)
    const kind = match?.[1] as ApprovalRule['kind'] | undefined
    const value = match?.[2] ?? ''
    if (!kind)
      throw new InputError(
        'approval-required',
        `Input 'approval-required' line '${line.slice(0, 60)}' is not valid: expected provider:<id>, secret-type:<type>, key-kind:<kind> or *.`,
        line.slice(0, 60)
      )
    if (kind === 'provider' && !PROVIDER_IDS.includes(value.toLowerCase() as ProviderId))
      throw new InputError(
        'approval-required',
        `Input 'approval-required' names no provider in '${line.slice(0, 60)}': expected one of ${PROVIDER_IDS.join(', ')}.`,
        line.slice(0, 60)
      )
    rules.push({
      kind,
      value: kind === 'provider' ? value.toLowerCase() : value,
      text: `${kind}:${value}`
    })
  }
  return rules
}

/** The first rule that names the key, if any. */
export function approvalRuleFor(
  key: KeyRequest,
  rules: readonly ApprovalRule[]
): ApprovalRule | undefined {
  return rules.find((rule) => {
    switch (rule.kind) {
      case 'all':
        return true
      case 'provider':
        return key.provider === rule.value
      case 'secret-type':
        return key.secretTypes?.includes(rule.value) === true
      case 'key-kind':
        return PROVIDERS[key.provider].keyKind?.({ id: key.id, value: key.value }) === rule.value
    }
  })
}

/** How a key is named in a plan: by its value's fingerprint, else by its id. */
export function planName(key: Pick<KeyRequest, 'provider' | 'id' | 'value'>): string {
  return key.value !== undefined
    ? `${key.provider}\u0000${valueDigest(key.value)}`
    : `${key.provider}\u0000id:${key.id ?? ''}`
}

/** The plan's entry of a key (never its value). */
export function plannedKey(
  key: KeyRequest,
  because: string,
  redact: (text: string) => string
): PlannedKey {
  const fingerprint = key.value !== undefined ? valueDigest(key.value) : null
  return {
    provider: key.provider,
    fingerprint,
    id: fingerprint === null && key.id !== undefined ? redact(key.id) : null,
    alerts: (key.alerts ?? []).map((a) => ({
      repository: redact(a.repository),
      number: a.number,
      url: redact(a.url)
    })),
    because: redact(because)
  }
}

/** The plan as the text its digest is taken of: one line of JSON. */
export function planText(plan: Plan): string {
  return JSON.stringify(plan)
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * The plan an apply run was given, checked: its sha256 must be `plan-sha256` (the plan job's
 * output) before anything else is read from it. Throws `InputError`, before any request.
 */
export function verifiedPlan(text: string, input: 'plan' | 'plan-file', digest: string): Plan {
  const expected = digest
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '')
  if (!/^[0-9a-f]{64}$/.test(expected))
    throw new InputError(
      'plan-sha256',
      "Input 'plan-sha256' is not valid: expected the 64 hex characters of the plan job's plan-sha256 output. Nothing was sent."
    )
  if (sha256Hex(text) !== expected)
    throw new InputError(
      'plan-sha256',
      `The plan in '${input}' does not have the sha256 given in 'plan-sha256': it is not the plan that was approved (changed, or from another run). Nothing was sent.`
    )
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const plan = planSchema.safeParse(parsed)
  if (!plan.success)
    throw new InputError(
      input,
      `The plan in '${input}' is not a plan this action wrote (its digest matches, but it does not read as one). Nothing was sent.`
    )
  return plan.data
}

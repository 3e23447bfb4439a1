import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { InputError } from '../../src/errors.js'
import type { KeyRequest } from '../../src/model.js'
import {
  approvalRuleFor,
  plannedKey,
  planText,
  readApprovalRules,
  sha256Hex,
  verifiedPlan,
  type Plan
} from '../../src/plan/plan.js'
import { Redactor } from '../../src/secrets.js'

const keyValue = fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/)

function planOf(values: string[]): Plan {
  return {
    version: 1,
    repository: 'acme/app',
    runId: '1',
    createdAt: '2026-01-01T00:00:00.000Z',
    keys: values.map((value) =>
      plannedKey(
        {
          provider: 'baseten',
          value,
          source: 'x',
          alerts: [{ repository: 'acme/app', number: 1, url: 'https://github.test/a/1' }]
        },
        'provider:baseten',
        (t) => t
      )
    )
  }
}

describe('approval rules', () => {
  it('reads provider, secret type, key kind and *, and refuses anything else naming the input', () => {
    expect(
      readApprovalRules(
        'provider:OpenAI\n# a comment\nsecret-type:openai_api_key\n\nkey-kind:admin\n*'
      )
    ).toEqual([
      { kind: 'provider', value: 'openai', text: 'provider:OpenAI' },
      { kind: 'secret-type', value: 'openai_api_key', text: 'secret-type:openai_api_key' },
      { kind: 'key-kind', value: 'admin', text: 'key-kind:admin' },
      { kind: 'all', value: '*', text: '*' }
    ])
    for (const bad of ['openai', 'provider:nosuch', 'kind:admin', 'provider: '])
      expect(() => readApprovalRules(bad)).toThrow(InputError)
  })

  it('match by provider, secret type and key kind (OpenAI admin keys)', () => {
    const rules = readApprovalRules('key-kind:admin\nsecret-type:team_key')
    const admin: KeyRequest = { provider: 'openai', value: 'sk-admin-abcdefghijkl', source: 'x' }
    const project: KeyRequest = { provider: 'openai', value: 'sk-proj-abcdefghijkl', source: 'x' }
    const byId: KeyRequest = { provider: 'openai', id: 'admin:key_1', source: 'x' }
    const typed: KeyRequest = {
      provider: 'quiva',
      value: 'v',
      source: 'x',
      secretTypes: ['team_key']
    }
    expect(approvalRuleFor(admin, rules)?.text).toBe('key-kind:admin')
    expect(approvalRuleFor(byId, rules)?.text).toBe('key-kind:admin')
    expect(approvalRuleFor(project, rules)).toBeUndefined()
    expect(approvalRuleFor(typed, rules)?.text).toBe('secret-type:team_key')
    expect(approvalRuleFor({ ...typed, secretTypes: ['other'] }, rules)).toBeUndefined()
  })
})

describe('the plan', () => {
  it('never holds a key value, nor 12 characters of one', () => {
    fc.assert(
      fc.property(fc.array(keyValue, { minLength: 1, maxLength: 5 }), (values) => {
        const text = planText(planOf(values))
        for (const v of values)
          for (let at = 0; at + 12 <= v.length; at += 4)
            expect(text).not.toContain(v.slice(at, at + 12))
      })
    )
  })

  it('keeps an id only for a key planned by id alone, redacted', () => {
    const redactor = new Redactor()
    redactor.add('secretid-0123456789')
    const entry = plannedKey(
      { provider: 'openai', id: 'secretid-0123456789', source: 'x' },
      '*',
      (t) => redactor.redact(t)
    )
    expect(entry).toMatchObject({ fingerprint: null, id: '***' })
    const byValue = plannedKey(
      { provider: 'openai', id: 'p:k', value: 'sk-proj-x', source: 'x' },
      '*',
      (t) => t
    )
    expect(byValue.id).toBeNull()
  })

  it('is accepted with its own digest, and read back as written', () => {
    const plan = planOf(['a'.repeat(30), 'b'.repeat(30)])
    const text = planText(plan)
    expect(verifiedPlan(text, 'plan', sha256Hex(text))).toEqual(plan)
    expect(verifiedPlan(text, 'plan', `sha256:${sha256Hex(text).toUpperCase()}`)).toEqual(plan)
  })

  it('is refused, naming plan-sha256, after any change of one character', () => {
    const text = planText(planOf(['a'.repeat(30), 'b'.repeat(30)]))
    const digest = sha256Hex(text)
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, c) => {
        fc.pre(text[at] !== c)
        const changed = text.slice(0, at) + c + text.slice(at + 1)
        expect(() => verifiedPlan(changed, 'plan', digest)).toThrow(
          expect.objectContaining({ input: 'plan-sha256' })
        )
      })
    )
  })

  it('with its digest but not a plan, is refused naming the plan input', () => {
    const text = '{"version":2}'
    expect(() => verifiedPlan(text, 'plan-file', sha256Hex(text))).toThrow(
      expect.objectContaining({ input: 'plan-file' })
    )
    expect(() => verifiedPlan(text, 'plan', 'abc')).toThrow(
      expect.objectContaining({ input: 'plan-sha256' })
    )
  })
})

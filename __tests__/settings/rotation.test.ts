import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { InputError } from '../../src/errors.js'
import { parseSecretRef, readRotation } from '../../src/settings/rotation.js'
import { Redactor } from '../../src/secrets.js'

const TOKEN = 'ghs_appInstallationToken0000000000000000'
const one = { keyCount: 1, alertDriven: false, dryRun: false }
const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''

function refused(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('not refused')
}

describe('rotation inputs', () => {
  it('reads the three kinds of secret', () => {
    expect(parseSecretRef('repo:OPENAI_KEY')).toEqual({ scope: 'repo', name: 'OPENAI_KEY' })
    expect(parseSecretRef('env:prod eu/KEY')).toEqual({
      scope: 'env',
      environment: 'prod eu',
      name: 'KEY'
    })
    expect(parseSecretRef('org:KEY')).toEqual({ scope: 'org', name: 'KEY' })
    for (const bad of [
      'KEY',
      'repository:KEY',
      'repo:',
      'repo:1KEY',
      'repo:GITHUB_TOKEN',
      'env:/KEY',
      'env:prod/',
      'org:A-B'
    ])
      expect(parseSecretRef(bad)).toBeUndefined()
  })

  it('nothing to rotate without rotate-into or rotate-secrets', () => {
    expect(readRotation(reader({}), {}, new Redactor(), one)).toBeUndefined()
    expect(
      refused(() => readRotation(reader({ 'secrets-token': TOKEN }), {}, new Redactor(), one)).input
    ).toBe('secrets-token')
  })

  it('rotate-into: one key, a token, a valid secret', () => {
    expect(
      readRotation(
        reader({ 'rotate-into': 'repo:K', 'secrets-token': TOKEN }),
        {},
        new Redactor(),
        one
      )
    ).toEqual({
      token: TOKEN,
      named: { scope: 'repo', name: 'K' }
    })
    expect(
      refused(() => readRotation(reader({ 'rotate-into': 'repo:K' }), {}, new Redactor(), one))
        .message
    ).toMatch(/GITHUB_TOKEN cannot write secrets/)
    expect(
      refused(() =>
        readRotation(
          reader({ 'rotate-into': 'K', 'secrets-token': TOKEN }),
          {},
          new Redactor(),
          one
        )
      ).input
    ).toBe('rotate-into')
    expect(
      refused(() =>
        readRotation(
          reader({ 'rotate-into': 'repo:K', 'secrets-token': TOKEN }),
          {},
          new Redactor(),
          { ...one, keyCount: 2 }
        )
      ).message
    ).toMatch(/one secret for one key/)
    expect(
      refused(() =>
        readRotation(
          reader({ 'rotate-into': 'repo:K', 'secrets-token': TOKEN }),
          {},
          new Redactor(),
          { ...one, alertDriven: true }
        )
      ).input
    ).toBe('rotate-into')
    expect(
      refused(() =>
        readRotation(
          reader({ 'rotate-into': 'repo:K', 'rotate-secrets': 'repo:J', 'secrets-token': TOKEN }),
          {},
          new Redactor(),
          one
        )
      ).input
    ).toBe('rotate-into')
  })

  it('rotate-secrets: each value from the environment, masked, never quoted', () => {
    const redactor = new Redactor()
    const got = readRotation(
      reader({ 'rotate-secrets': 'repo:A\nenv:prod/B=B_PROD\norg:C', 'secrets-token': TOKEN }),
      { A: 'value-of-a-123', B_PROD: 'value-of-b-456', C: 'value-of-c-789' },
      redactor,
      { ...one, keyCount: 5, alertDriven: true }
    )
    expect(got?.candidates?.map((c) => c.value)).toEqual([
      'value-of-a-123',
      'value-of-b-456',
      'value-of-c-789'
    ])
    for (const v of ['value-of-a-123', 'value-of-b-456', 'value-of-c-789', TOKEN])
      expect(redactor.redact(`x ${v} y`)).not.toContain(v)
  })

  it('rotate-secrets refuses a missing value and a variable read twice, naming the line, quoting no value', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{12,30}$/), (value) => {
        const missing = refused(() =>
          readRotation(
            reader({ 'rotate-secrets': 'repo:A\nrepo:B', 'secrets-token': TOKEN }),
            { A: value },
            new Redactor(),
            one
          )
        )
        expect(missing.message).toMatch(/line 2: the step's environment has no B/)
        expect(missing.message).not.toContain(value)
        const twice = refused(() =>
          readRotation(
            reader({ 'rotate-secrets': 'repo:A\norg:A', 'secrets-token': TOKEN }),
            { A: value },
            new Redactor(),
            one
          )
        )
        expect(twice.message).toMatch(/line 2 reads the same environment variable \(A\) as line 1/)
        expect(twice.message).not.toContain(value)
      }),
      { numRuns: 50 }
    )
  })
})

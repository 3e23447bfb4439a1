import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { z } from 'zod'
import { PROVIDERS, customPatternProviders } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'

// The GitHub secret scanning custom patterns, `src/providers/<id>/custom-pattern.yml`, checked the
// way GitHub applies them: one regex `(?:before)(secret)(?:after)` run over a whole file, without
// the `m` flag.

const PROVIDERS_DIR = new URL('../../src/providers/', import.meta.url)
const PATTERN_FILE = 'custom-pattern.yml'

const Sample = z.object({ text: z.string().min(1), secret: z.string().min(1) }).strict()
const PatternFile = z
  .object({
    name: z.string().min(1),
    provider: z.string(),
    matches: z.string().min(1),
    name_before_key: z.string().min(2),
    secret_format: z.string().min(1),
    before_secret: z.string().min(1),
    after_secret: z.string().min(1),
    must_match: z.array(z.string().min(1)),
    must_not_match: z.array(z.string().min(1)),
    notes: z.string().min(80),
    true_samples: z.array(Sample).min(4),
    false_samples: z.array(z.string().min(1)).min(6)
  })
  .strict()

interface Pattern extends z.infer<typeof PatternFile> {
  file: string
  /** The combined regex; group 1 is the secret. */
  regex: RegExp
  mustMatch: RegExp[]
  mustNotMatch: RegExp[]
}

/** Hyperscan's `\A` and `\z` as JavaScript anchors (the `m` flag stays off). */
function toJs(source: string): string {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i)
    if (c !== '\\') {
      out += c
      continue
    }
    const next = source.charAt(++i)
    if (next === 'Z') throw new Error('\\Z also matches before a final newline: use \\z')
    out += next === 'A' ? '^' : next === 'z' ? '$' : c + next
  }
  return out
}

/**
 * What a regex uses that GitHub or JavaScript lacks. GitHub runs Hyperscan without its
 * option modifiers ((?i), (?i:…)), and Hyperscan has no lookaround or backreference: the
 * only group allowed is (?:…).
 */
function unportable(source: string): string[] {
  const rules: [RegExp, string][] = [
    [/(?<!\\)\(\?(?!:)/, 'a group other than (?:…) (modifier, lookaround, named or atomic group)'],
    [/\\[1-9]|\\k</, 'backreference (not in Hyperscan)'],
    [/[*+?}]\+/, 'possessive quantifier (not in JavaScript)'],
    [/\\[pPQEGZ]/, 'escape with another meaning, or none, in JavaScript']
  ]
  return rules.filter(([rule]) => rule.test(source)).map(([, why]) => why)
}

/** How many capture groups a regex source has. */
function groups(source: string): number {
  return (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1
}

function load(file: string): Pattern {
  const raw: unknown = parse(readFileSync(new URL(file, PROVIDERS_DIR), 'utf8'))
  const result = PatternFile.safeParse(raw)
  if (!result.success) throw new Error(`${file}: ${z.prettifyError(result.error)}`)
  const p = result.data
  const regex = new RegExp(
    `(?:${toJs(p.before_secret)})(${toJs(p.secret_format)})(?:${toJs(p.after_secret)})`,
    'dg'
  )
  const compile = (source: string) => new RegExp(toJs(source))
  return {
    ...p,
    file,
    regex,
    mustMatch: p.must_match.map(compile),
    mustNotMatch: p.must_not_match.map(compile)
  }
}

/** Every secret the regex reports in a file, before the additional match requirements. */
function candidates(p: Pattern, text: string): string[] {
  const re = new RegExp(p.regex.source, p.regex.flags)
  const found: string[] = []
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const span = m.indices?.[1]
    if (!span) throw new Error(`${p.file}: the secret group did not take part in the match`)
    const [start, end] = span
    found.push(text.slice(start, end))
    // The character after a secret may be the before-secret character of the next one.
    re.lastIndex = end
  }
  return found
}

const requirementsHold = (p: Pattern, secret: string) =>
  p.mustMatch.every((r) => r.test(secret)) && !p.mustNotMatch.some((r) => r.test(secret))

/** The secrets GitHub would alert on in a file. */
function secrets(p: Pattern, text: string): string[] {
  return candidates(p, text).filter((s) => requirementsHold(p, s))
}

/** `<id>/custom-pattern.yml` for each provider folder that has one. */
const files = readdirSync(PROVIDERS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `${d.name}/${PATTERN_FILE}`)
  .filter((f) => existsSync(new URL(f, PROVIDERS_DIR)))
  .sort()
const patterns = files.map(load)
const byProvider = (id: string) => {
  const found = patterns.find((p) => p.provider === id)
  if (!found) throw new Error(`no custom pattern for ${id}`)
  return found
}
const allTexts = patterns.flatMap((p) => [...p.true_samples.map((s) => s.text), ...p.false_samples])

describe('the test helpers', () => {
  it('translate \\A and \\z, and leave other escapes alone', () => {
    expect(toJs('\\A|[^0-9A-Za-z]')).toBe('^|[^0-9A-Za-z]')
    expect(toJs('\\z|\\.(?:\\z|\\\\A)')).toBe('$|\\.(?:$|\\\\A)')
    expect(() => toJs('\\Z')).toThrow('\\z')
  })

  it('flag syntax that GitHub or JavaScript lacks', () => {
    expect(unportable('(?:key|KEY)[ \\t]{0,4}["\'`]?\\.\\(?')).toEqual([])
    for (const source of ['(?i:key)', '(?i)key', '(?=sk-)', '(?<!x)a', '(?<name>a)', '(?>a)'])
      expect([source, unportable(source)]).toEqual([source, [expect.stringMatching(/group/)]])
    for (const source of ['(a)\\1', 'a++', '\\p{L}', 'a{2}+'])
      expect([source, unportable(source)]).toEqual([source, [expect.any(String)]])
  })

  it('report a secret once per place, including two keys one separator apart', () => {
    const quiva = byProvider('quiva')
    const a = `ms-${'a'.repeat(32)}`
    const b = `msr-${'b'.repeat(32)}`
    expect(secrets(quiva, `${a} ${b}`)).toEqual([a, b])
  })
})

describe('custom patterns', () => {
  it('has one file per provider GitHub does not detect natively, in its folder', () => {
    expect(files).toEqual(
      customPatternProviders()
        .map((id) => `${id}/${PATTERN_FILE}`)
        .sort()
    )
    for (const p of patterns) expect(p.file).toBe(`${p.provider}/${PATTERN_FILE}`)
  })

  it.each(patterns)('$file: the name names its provider and no other', (p) => {
    expect(PROVIDER_IDS).toContain(p.provider)
    const name = p.name.toLowerCase()
    for (const provider of Object.values(PROVIDERS)) {
      const mentions = [provider.name, provider.id].some((n) => name.includes(n.toLowerCase()))
      expect([provider.id, mentions]).toEqual([provider.id, provider.id === p.provider])
    }
  })

  it.each(patterns)(
    '$file: uses only syntax GitHub (Hyperscan) and JavaScript share, and no capture group',
    (p) => {
      for (const source of [p.secret_format, p.before_secret, p.after_secret]) {
        expect([source, unportable(source)]).toEqual([source, []])
        expect([source, groups(toJs(source))]).toEqual([source, 0])
        // The stricter unicode mode refuses escapes that mean nothing.
        expect(() => new RegExp(toJs(source), 'u')).not.toThrow()
      }
      for (const source of [...p.must_match, ...p.must_not_match]) {
        expect([source, unportable(source)]).toEqual([source, []])
        expect(() => new RegExp(toJs(source), 'u')).not.toThrow()
      }
      expect(p.secret_format).not.toMatch(/\\[Az]/)
    }
  )

  it.each(patterns)('$file: finds exactly the secret in every true sample', (p) => {
    const whole = new RegExp(`^(?:${p.secret_format})$`)
    for (const { text, secret } of p.true_samples) {
      expect({ text, found: secrets(p, text) }).toEqual({ text, found: [secret] })
      expect({ secret, format: whole.test(secret) }).toEqual({ secret, format: true })
      expect({ secret, requirements: requirementsHold(p, secret) }).toEqual({
        secret,
        requirements: true
      })
    }
  })

  it.each(patterns)('$file: finds nothing in any false sample', (p) => {
    for (const text of p.false_samples)
      expect({ text, found: secrets(p, text) }).toEqual({ text, found: [] })
  })

  it.each(patterns)('$file: every additional requirement rejects some false sample', (p) => {
    // A rule no sample needs is untested: each must reject a match the regexes alone report.
    const reported = p.false_samples.flatMap((text) => candidates(p, text))
    for (const [i, rule] of p.mustMatch.entries())
      expect([p.must_match[i], reported.some((s) => !rule.test(s))]).toEqual([
        p.must_match[i],
        true
      ])
    for (const [i, rule] of p.mustNotMatch.entries())
      expect([p.must_not_match[i], reported.some((s) => rule.test(s))]).toEqual([
        p.must_not_match[i],
        true
      ])
  })

  it("a true sample of one provider matches no other provider's pattern", () => {
    for (const owner of patterns)
      for (const other of patterns.filter((p) => p !== owner))
        for (const { text } of owner.true_samples)
          expect({ text, pattern: other.file, found: secrets(other, text) }).toEqual({
            text,
            pattern: other.file,
            found: []
          })
  })

  it('no sample matches both the Braintrust and the CometAPI pattern', () => {
    const braintrust = byProvider('braintrust')
    const cometapi = byProvider('cometapi')
    for (const text of allTexts) {
      const both = secrets(braintrust, text).length > 0 && secrets(cometapi, text).length > 0
      expect({ text, both }).toEqual({ text, both: false })
    }
  })

  it('an sk- key is matched only under the name of its provider, never bare', () => {
    const braintrust = byProvider('braintrust')
    const cometapi = byProvider('cometapi')
    const key = `sk-${'Ex4mple'.repeat(7).slice(0, 48)}`
    const found = (text: string) => ({
      text,
      braintrust: secrets(braintrust, text),
      cometapi: secrets(cometapi, text)
    })
    for (const text of [
      key,
      `Authorization: Bearer ${key}`,
      `api_key = "${key}"`,
      `OPENAI_API_KEY=${key}`
    ])
      expect(found(text)).toEqual({ text, braintrust: [], cometapi: [] })
    const named = `BRAINTRUST_API_KEY=${key}`
    expect(found(named)).toEqual({ text: named, braintrust: [key], cometapi: [] })
    const comet = `COMETAPI_KEY=${key}`
    expect(found(comet)).toEqual({ text: comet, braintrust: [], cometapi: [key] })
  })

  it('a 64-hex value is a Vast.ai key only under a Vast.ai name', () => {
    const vastai = byProvider('vastai')
    const hex = '0123456789abcdef'.repeat(4)
    expect(secrets(vastai, `sha256:${hex}`)).toEqual([])
    expect(secrets(vastai, hex)).toEqual([])
    expect(secrets(vastai, `VAST_API_KEY=${hex}`)).toEqual([hex])
  })
})

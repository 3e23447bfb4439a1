import { createHash } from 'node:crypto'

/** Replacement text for a redacted secret. */
export const REDACTED = '***'

/** Length of the secret fragments `scrub` removes from untrusted text. */
const FRAGMENT = 6

/**
 * Every form in which a secret could show up inside text we did not write
 * ourselves: as is, URL-encoded (a query string echoed back), and escaped
 * inside a JSON string.
 */
function variantsOf(secret: string): string[] {
  const forms = new Set<string>([secret])
  forms.add(encodeURIComponent(secret))
  const json = JSON.stringify(secret).slice(1, -1)
  forms.add(json)
  forms.add(json.replace(/\//g, '\\/'))
  return [...forms].filter((form) => form.length > 0)
}

/**
 * Holds every secret the run has read, and removes them from any text before
 * that text is logged, reported or written anywhere.
 */
export class Redactor {
  readonly #secrets = new Set<string>()
  #patterns: string[] = []
  /** Whether `#patterns` needs sorting again: sorted once per use, not once per secret. */
  #unsorted = false
  /** Every FRAGMENT-long piece of every secret long enough to have them. */
  readonly #fragments = new Set<string>()

  constructor(private readonly onAdd: (secret: string) => void = () => {}) {}

  /** Registers a secret (and masks it in the runner's log). Returns it unchanged. */
  add(secret: string): string {
    const trimmed = secret.trim()
    // A "secret" made only of asterisks cannot be told from the redaction mark; nothing real is.
    if (/^\**$/.test(trimmed) || this.#secrets.has(trimmed)) return secret
    this.#secrets.add(trimmed)
    this.onAdd(trimmed)
    this.#patterns.push(...variantsOf(trimmed))
    this.#unsorted = true
    if (trimmed.length >= 2 * FRAGMENT) {
      for (let i = 0; i + FRAGMENT <= trimmed.length; i++)
        this.#fragments.add(trimmed.slice(i, i + FRAGMENT))
    }
    return secret
  }

  /** Every form of every secret, longest first, so a secret that contains another is removed whole. */
  #sorted(): string[] {
    if (this.#unsorted) {
      // A stable sort: among equal lengths, the order the secrets were added in.
      this.#patterns.sort((a, b) => b.length - a.length)
      this.#unsorted = false
    }
    return this.#patterns
  }

  /** The text with every known secret replaced by `***`. */
  redact(text: string): string {
    let out = text
    for (const pattern of this.#sorted()) {
      if (out.includes(pattern)) out = out.split(pattern).join(REDACTED)
    }
    return out
  }

  /**
   * For text from outside (provider and GitHub answers): `redact`, and also
   * every run of FRAGMENT or more characters that is part of a secret, so a
   * key wrapped across lines or cut short leaves no piece behind.
   */
  scrub(text: string): string {
    const out = this.redact(text)
    if (this.#secrets.size === 0 || out.length < FRAGMENT) return out
    // Look for whole secrets and fragments in the text with white space taken out, so a break
    // inside a key (a wrapped line) does not hide it, even one too short to have fragments;
    // mark the characters where they really stand.
    const at: number[] = []
    let compact = ''
    for (let i = 0; i < out.length; i++) {
      if (!/\s/.test(out[i] ?? '')) {
        at.push(i)
        compact += out[i]
      }
    }
    const hidden = new Uint8Array(out.length)
    let any = false
    for (const secret of this.#secrets) {
      const whole = secret.replace(/\s+/g, '')
      if (!whole) continue
      for (let j = compact.indexOf(whole); j >= 0; j = compact.indexOf(whole, j + 1)) {
        // The whole span, line breaks inside it included: one mark for one key.
        hidden.fill(1, at[j] ?? 0, (at[j + whole.length - 1] ?? 0) + 1)
        any = true
      }
    }
    for (let j = 0; j + FRAGMENT <= compact.length; j++) {
      if (this.#fragments.has(compact.slice(j, j + FRAGMENT))) {
        for (let k = j; k < j + FRAGMENT; k++) hidden[at[k] ?? 0] = 1
        any = true
      }
    }
    if (!any) return out
    let result = ''
    for (let i = 0; i < out.length; i++) {
      if (!hidden[i]) result += out[i]
      else if (!hidden[i - 1]) result += REDACTED
    }
    return result
  }

  /** Whether the text still holds any registered secret. */
  leaks(text: string): boolean {
    return this.#sorted().some((pattern) => text.includes(pattern))
  }
}

/** `sha256:` and the first 12 hex characters of the value's SHA-256: safe to show. */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`
}

/** A short, single-line, redacted excerpt of a provider's answer for messages. */
export function excerpt(text: string, redactor: Redactor, max = 160): string {
  // Scrub before and after folding white space: a key broken across lines joins up again.
  const flat = redactor.scrub(text.slice(0, 4096)).replace(/\s+/g, ' ').trim()
  if (flat.length === 0) return '(empty body)'
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

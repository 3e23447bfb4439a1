import { createHash } from 'node:crypto'

/** Replacement text for a redacted secret. */
export const REDACTED = '***'

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
  return [...forms].filter((form) => form.length > 0)
}

/**
 * Holds every secret the run has read, and removes them from any text before
 * that text is logged, reported or written anywhere.
 */
export class Redactor {
  readonly #secrets = new Set<string>()
  #patterns: string[] = []

  constructor(private readonly onAdd: (secret: string) => void = () => {}) {}

  /** Registers a secret (and masks it in the runner's log). Returns it unchanged. */
  add(secret: string): string {
    const trimmed = secret.trim()
    if (trimmed.length === 0 || this.#secrets.has(trimmed)) return secret
    this.#secrets.add(trimmed)
    this.onAdd(trimmed)
    // Longest first, so a secret that contains another is removed whole.
    this.#patterns = [...this.#secrets].flatMap(variantsOf).sort((a, b) => b.length - a.length)
    return secret
  }

  /** The text with every known secret replaced by `***`. */
  redact(text: string): string {
    let out = text
    for (const pattern of this.#patterns) {
      if (out.includes(pattern)) out = out.split(pattern).join(REDACTED)
    }
    return out
  }

  /** Whether the text still holds any registered secret. */
  leaks(text: string): boolean {
    return this.#patterns.some((pattern) => text.includes(pattern))
  }
}

/** `sha256:` and the first 12 hex characters of the value's SHA-256: safe to show. */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`
}

/** A short, single-line, redacted excerpt of a provider's answer for messages. */
export function excerpt(text: string, redactor: Redactor, max = 160): string {
  const flat = redactor.redact(text).replace(/\s+/g, ' ').trim()
  if (flat.length === 0) return '(empty body)'
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

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
  for (const form of base64Cores(secret)) forms.add(form)
  return [...forms].filter((form) => form.length > 0)
}

/**
 * What any base64 text holding the secret must contain, at each of the three byte alignments
 * the secret can start at (`user:secret` in a Basic auth echo starts it anywhere): the
 * characters that only the secret's own bytes decide, in standard and URL-safe alphabets.
 * Each is at least 4 characters shorter than the secret's base64, so a short secret gets none.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const cores: string[] = []
  for (let pad = 0; pad < 3; pad++) {
    const text = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64')
    // Character i holds bits [6i, 6i + 6): bytes floor(6i / 8) to floor((6i + 5) / 8).
    const first = Math.ceil((8 * pad) / 6)
    const last = Math.floor((8 * (pad + bytes.length) - 6) / 6)
    const core = text.slice(first, last + 1)
    if (core.length >= 8) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return cores
}

/** Length of the ending by which `PatternSet` files its strings. */
const KEY = 8
/** 31 to the power KEY - 1, modulo 2^32: what the character leaving a rolling hash weighed. */
const LEAVING = Array.from({ length: KEY - 1 }).reduce<number>((p) => Math.imul(p, 31), 1)

/** A 32-bit hash of the KEY characters of `text` from `from` on. */
function hashAt(text: string, from: number): number {
  let h = 0
  for (let k = from; k < from + KEY; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0
  return h
}

/**
 * Strings looked for all at once. Each is filed under a hash of its last KEY characters, so a
 * text is read once whatever their number, with a hash rolled along it (no string made per
 * character): a sweep of 10,000 alerts registers 10,000 secrets, and looking for each of them
 * in turn made writing a 1 MB report take seconds. (Endings, not beginnings: keys of one kind
 * often share a beginning, such as `sk-proj-`.)
 */
class PatternSet {
  /** Patterns of KEY characters or more, by the hash of their ending. */
  readonly #byKey = new Map<number, string[]>()
  /** Shorter patterns, looked for one by one. */
  readonly #short: string[] = []
  /** Whether a pattern holds `*`, so that a redaction mark could complete an occurrence. */
  starry = false

  get empty(): boolean {
    return this.#byKey.size === 0 && this.#short.length === 0
  }

  add(pattern: string): void {
    if (!pattern) return
    if (pattern.length < KEY) this.#short.push(pattern)
    else {
      const key = hashAt(pattern, pattern.length - KEY)
      const list = this.#byKey.get(key)
      if (list) list.push(pattern)
      else this.#byKey.set(key, [pattern])
    }
    if (pattern.includes('*')) this.starry = true
  }

  /**
   * Where the patterns occur in `text`: merged [start, end) pairs, flat, in order. Every
   * occurrence is covered, overlapping ones included. With `first`, stops at the first found.
   */
  spans(text: string, first = false): number[] {
    const found: number[] = []
    if (this.empty) return found
    if (this.#byKey.size > 0 && text.length >= KEY) {
      let hash = hashAt(text, 0)
      for (let end = KEY; end <= text.length; end++) {
        if (end > KEY) {
          const leaving = Math.imul(text.charCodeAt(end - KEY - 1), LEAVING)
          hash = (Math.imul(hash - leaving, 31) + text.charCodeAt(end - 1)) | 0
        }
        const list = this.#byKey.get(hash)
        if (!list) continue
        for (const pattern of list) {
          const start = end - pattern.length
          if (start >= 0 && text.startsWith(pattern, start)) {
            found.push(start, end)
            if (first) return found
          }
        }
      }
    }
    for (const pattern of this.#short) {
      for (let j = text.indexOf(pattern); j >= 0; j = text.indexOf(pattern, j + 1)) {
        found.push(j, j + pattern.length)
        if (first) return found
      }
    }
    return merge(found)
  }
}

/** Flat [start, end) pairs, sorted by start and joined where they overlap. */
function merge(pairs: number[]): number[] {
  if (pairs.length <= 2) return pairs
  const order = Array.from({ length: pairs.length / 2 }, (_, k) => 2 * k).sort(
    (a, b) => pairs[a]! - pairs[b]! || pairs[b + 1]! - pairs[a + 1]!
  )
  const out: number[] = []
  for (const k of order) {
    const start = pairs[k]!
    const end = pairs[k + 1]!
    const n = out.length
    if (n > 0 && start < out[n - 1]!) out[n - 1] = Math.max(out[n - 1]!, end)
    else out.push(start, end)
  }
  return out
}

/** `text` with each span replaced by one redaction mark. */
function cut(text: string, spans: readonly number[]): string {
  if (spans.length === 0) return text
  let out = ''
  let from = 0
  for (let k = 0; k < spans.length; k += 2) {
    out += text.slice(from, spans[k]) + REDACTED
    from = spans[k + 1]!
  }
  return out + text.slice(from)
}

/** Printable ASCII without the space: 94 characters, so a fragment of six is a number below 94^6. */
const FIRST = 0x21
const BASE = 94
const TOP = BASE ** (FRAGMENT - 1)

/**
 * Every FRAGMENT-long piece of every secret. A piece of printable ASCII (nearly all of them) is
 * kept as a number in a sorted Float64Array: 10,000 secrets make 350,000 pieces, which as a Set
 * of strings took 20 MB and here take 3 MB. Other pieces are kept as strings.
 */
/** New pieces held before they are sorted in. */
const PENDING = 1 << 15

class FragmentSet {
  #sorted = new Float64Array(0)
  #pending: number[] = []
  readonly #other = new Set<string>()

  /** Adds every FRAGMENT-long piece of `secret`. */
  addPieces(secret: string): void {
    forEachPiece(secret, (code, i) => {
      if (code >= 0) this.#pending.push(code)
      else this.#other.add(secret.slice(i, i + FRAGMENT))
    })
    // Sorted in now and then, so the list of new pieces (a plain array, which grows by half
    // again each time it is full) never holds many.
    if (this.#pending.length >= PENDING) this.#sortIn()
  }

  /** Calls `hit(i)` for each i at which a FRAGMENT-long piece of `text` is a known piece. */
  find(text: string, hit: (i: number) => void): void {
    const sorted = this.#sortIn()
    forEachPiece(text, (code, i) => {
      if (code >= 0 ? includes(sorted, code) : this.#other.has(text.slice(i, i + FRAGMENT))) hit(i)
    })
  }

  #sortIn(): Float64Array {
    if (this.#pending.length > 0) {
      const all = new Float64Array(this.#sorted.length + this.#pending.length)
      all.set(this.#sorted)
      all.set(this.#pending, this.#sorted.length)
      all.sort()
      this.#sorted = all
      this.#pending = []
    }
    return this.#sorted
  }
}

/** Calls `each(code, i)` for every FRAGMENT-long piece of `text`: its number, or -1 if not printable ASCII. */
function forEachPiece(text: string, each: (code: number, i: number) => void): void {
  let code = 0
  /** Characters at the end of the window that are printable ASCII. */
  let run = 0
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j) - FIRST
    if (c >= 0 && c < BASE) {
      // Drop the character leaving the window, then add the new one.
      code = run >= FRAGMENT ? (code % TOP) * BASE + c : code * BASE + c
      run++
    } else {
      code = 0
      run = 0
    }
    const i = j - FRAGMENT + 1
    if (i >= 0) each(run >= FRAGMENT ? code : -1, i)
  }
}

function includes(sorted: Float64Array, value: number): boolean {
  let lo = 0
  let hi = sorted.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = sorted[mid]!
    if (v === value) return true
    if (v < value) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/**
 * Holds every secret the run has read, and removes them from any text before
 * that text is logged, reported or written anywhere.
 */
export class Redactor {
  readonly #secrets = new Set<string>()
  /** Every form of every secret (see `variantsOf`). */
  readonly #patterns = new PatternSet()
  /** Every secret with its white space taken out, for `scrub`. */
  readonly #compact = new PatternSet()
  /** Every FRAGMENT-long piece of every secret long enough to have them. */
  readonly #fragments = new FragmentSet()

  /** Every provider's key shapes as one pattern: text matching it goes whether known or not. */
  readonly #shapes: RegExp | undefined

  /**
   * @param shapes the shapes of every provider's secrets (`Provider.keyShapes`): what matches
   *   one is cut out of every text, so a key the run never registered (another key quoted in a
   *   provider's error) is not printed either.
   */
  constructor(
    private readonly onAdd: (secret: string) => void = () => {},
    shapes: readonly RegExp[] = []
  ) {
    this.#shapes =
      shapes.length > 0
        ? new RegExp(shapes.map((s) => `(?:${s.source})`).join('|'), 'g')
        : undefined
  }

  /** Registers a secret (and masks it in the runner's log). Returns it unchanged. */
  add(secret: string): string {
    const trimmed = secret.trim()
    // A "secret" made only of asterisks cannot be told from the redaction mark; nothing real is.
    if (/^\**$/.test(trimmed) || this.#secrets.has(trimmed)) return secret
    this.#secrets.add(trimmed)
    this.onAdd(trimmed)
    for (const form of variantsOf(trimmed)) this.#patterns.add(form)
    this.#compact.add(trimmed.replace(/\s+/g, ''))
    if (trimmed.length >= 2 * FRAGMENT) this.#fragments.addPieces(trimmed)
    return secret
  }

  /**
   * The text with every known secret replaced by `***`. Overlapping occurrences become one
   * mark, so a secret that contains another, or overlaps it, is removed whole.
   */
  redact(text: string): string {
    let out = this.#cutKnown(text)
    if (this.#shapes) {
      out = out.replace(this.#shapes, REDACTED)
      if (this.#patterns.starry) out = this.#cutKnown(out)
    }
    return out
  }

  /** The text with every registered secret cut, in every form `variantsOf` gives. */
  #cutKnown(text: string): string {
    let out = cut(text, this.#patterns.spans(text))
    // A secret holding `*` could be completed by a mark just written: look again until none is.
    if (this.#patterns.starry) {
      for (let before = text; out !== before;) {
        before = out
        out = cut(out, this.#patterns.spans(out))
      }
    }
    return out
  }

  /**
   * For text from outside (provider and GitHub answers): `redact`, and also
   * every run of FRAGMENT or more characters that is part of a secret, so a
   * key wrapped across lines or cut short leaves no piece behind.
   */
  scrub(text: string): string {
    // Key shapes are looked for here in the text as it stands and with its line breaks taken
    // out, both before any is cut: cutting the first half of a wrapped key because it alone
    // looks like some other provider's key would leave the second half unrecognizable.
    const out = this.#cutKnown(text)
    if (out.length < FRAGMENT) return this.#shapes ? this.redact(out) : out
    const hidden = new Uint8Array(out.length)
    let any = false
    const hide = (from: number, to: number) => {
      hidden.fill(1, from, to)
      any = true
    }
    if (this.#shapes)
      for (const found of out.matchAll(this.#shapes))
        hide(found.index, found.index + found[0].length)
    // Keys this run never saw (another key in a listing cut off mid-way, or quoted in an
    // error): any key shape, and any run of 16 or more key characters with a digit in it, in
    // the text with its line breaks taken out, so a key wrapped across lines goes whole.
    const joined = withoutLineBreaks(out)
    for (const found of joined.text.matchAll(this.#keyLike)) {
      const start = joined.at[found.index] ?? 0
      hide(start, (joined.at[found.index + found[0].length - 1] ?? start) + 1)
    }
    if (this.#secrets.size > 0) {
      // Known secrets whole and in fragments, in the text with all white space taken out, so a
      // break inside a key (a wrapped line) does not hide it, even one too short to have
      // fragments; marked where the characters really stand.
      const compact = without(out, /\s/)
      const wholes = this.#compact.spans(compact.text)
      for (let k = 0; k < wholes.length; k += 2)
        // The whole span, line breaks inside it included: one mark for one key.
        hide(compact.at[wholes[k]!] ?? 0, (compact.at[wholes[k + 1]! - 1] ?? 0) + 1)
      this.#fragments.find(compact.text, (j) => {
        for (let k = j; k < j + FRAGMENT; k++) hidden[compact.at[k] ?? 0] = 1
        any = true
      })
    }
    if (!any) return out
    let result = ''
    for (let i = 0; i < out.length; i++) {
      if (!hidden[i]) result += out[i]
      else if (!hidden[i - 1]) result += REDACTED
    }
    return this.#patterns.starry ? this.#cutKnown(result) : result
  }

  /** Key shapes, and runs of key characters long enough to be key material. */
  get #keyLike(): RegExp {
    const runs = '[A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*'
    const shapes = this.#shapes ? `${this.#shapes.source}|` : ''
    return new RegExp(`${shapes}(?<![A-Za-z0-9_.-])(?=[A-Za-z0-9_.-]{16})${runs}`, 'g')
  }

  /** Whether the text still holds any registered secret, or anything of a key's shape. */
  leaks(text: string): boolean {
    if (this.#shapes && new RegExp(this.#shapes.source).test(text)) return true
    return this.#patterns.spans(text, true).length > 0
  }
}

/**
 * `text` without its line breaks, as characters or as the escapes `\n` and `\r` of a JSON
 * string, and where each kept character stood.
 */
function withoutLineBreaks(text: string): { text: string; at: number[] } {
  const at: number[] = []
  let kept = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\n' || c === '\r') continue
    if (c === '\\' && (text[i + 1] === 'n' || text[i + 1] === 'r')) {
      i++
      continue
    }
    at.push(i)
    kept += c
  }
  return { text: kept, at }
}

/** `text` without the characters `drop` matches, and where each kept character stood. */
function without(text: string, drop: RegExp): { text: string; at: number[] } {
  const at: number[] = []
  let kept = ''
  for (let i = 0; i < text.length; i++) {
    if (!drop.test(text[i] ?? '')) {
      at.push(i)
      kept += text[i]
    }
  }
  return { text: kept, at }
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

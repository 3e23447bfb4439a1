import * as z from 'zod/mini'
import { InputError } from '../errors.js'

// Reading one input: its raw text, checked against a schema, with an error that names the
// input (and quotes it, unless it holds a secret).

/** Reads one input; empty string when unset (as `core.getInput`). */
export type InputReader = (name: string) => string

export const booleanInput = z.pipe(
  z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['true', 'false'])),
  z.transform((v) => v === 'true')
)
export const issueNumberInput = z.pipe(
  z.string().check(z.trim(), z.regex(/^[1-9]\d{0,9}$/)),
  z.transform(Number)
)
export const timeoutInput = z.pipe(
  z.pipe(z.string().check(z.trim(), z.regex(/^\d{1,6}$/)), z.transform(Number)),
  z.int().check(z.minimum(10), z.maximum(21_600))
)
// Printable ASCII without spaces: what every supported key and id looks like.
export const tokenText = z.string().check(z.regex(/^[\x21-\x7e]{8,4096}$/))

export function parse<T>(
  name: string,
  schema: z.ZodMiniType<T>,
  raw: string,
  expected: string,
  secret = false
): T {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const shown = secret
    ? ''
    : ` ('${raw
        .trim()
        .slice(0, 40)
        .replace(/[^\x20-\x7e]/g, '?')}')`
  throw new InputError(
    name,
    `Input '${name}'${shown} is not valid: expected ${expected}.`,
    shown || undefined
  )
}

export function optional<T>(
  read: InputReader,
  name: string,
  schema: z.ZodMiniType<T>,
  expected: string,
  fallback: T
): T {
  const raw = read(name)
  return raw.trim() === '' ? fallback : parse(name, schema, raw, expected)
}

/** Non-empty, trimmed lines, each once. */
export function lines(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0)
    )
  ]
}

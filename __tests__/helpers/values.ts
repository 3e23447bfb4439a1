/** The value with its last character replaced by another of the same kind. */
export function nearMiss(value: string): string {
  const last = value.at(-1) ?? ''
  const pool = /[0-9a-f]/.test(last) ? '0123456789abcdef' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  const other = [...pool].find((c) => c !== last) ?? 'x'
  return value.slice(0, -1) + other
}

/** The value with its last character replaced by another of the same kind. */
export function nearMiss(value: string): string {
  const last = value.at(-1) ?? ''
  const pool = /[0-9a-f]/.test(last) ? '0123456789abcdef' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  const other = [...pool].find((c) => c !== last) ?? 'x'
  return value.slice(0, -1) + other
}

/**
 * Another value that every listed partial form of `value` shows the same: its first 16 and last
 * 6 characters kept, each character between replaced by a random one of its kind.
 */
export function lookalike(value: string): string {
  const pick = (pool: string) => pool[Math.floor(Math.random() * pool.length)] ?? 'x'
  const middle = [...value.slice(16, -6)].map((c) =>
    /[0-9]/.test(c)
      ? pick('0123456789')
      : /[a-z]/.test(c)
        ? pick('abcdefghijklmnopqrstuvwxyz')
        : /[A-Z]/.test(c)
          ? pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')
          : c
  )
  const made = value.slice(0, 16) + middle.join('') + value.slice(-6)
  return made === value ? lookalike(value) : made
}

/**
 * A value built on its first use, once. For schemas a run may never use: building a zod
 * schema runs (and so compiles) zod's constructors, which a process would otherwise pay at
 * start-up whether or not it reads an alert, an issue or a relayed event.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined
  return () => (built ??= { value: build() }).value
}

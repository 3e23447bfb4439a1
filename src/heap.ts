import { setFlagsFromString } from 'node:v8'

/**
 * How V8 sizes the heap of a run, set when the action starts, before the heap grows. The
 * runner starts an action as `node dist/index.js`, so no Node option can be given: these are
 * flags V8 reads each time it resizes, and so take effect when set from inside.
 *
 * Left alone, V8 sizes its young generation from the heap limit (4 GB on a 16 GB runner) and a
 * long run with requests always in flight grows it to 64 MB a semi-space, 128 MB in all; and it
 * lets the old generation grow to up to four times the live heap between full collections.
 * At 10,000 alerts (30,000 requests, a live heap of about 40 MB) that peaked at 360 MB.
 * - The young generation keeps its first size (1 MB a semi-space): collections of it are more
 *   frequent and as cheap, since little is alive in it at any time.
 * - The old generation may grow by half the live heap before a full collection (about 10 ms
 *   for 40 MB).
 * The same run then peaks at 155-159 MB, its CPU time within the noise (docs/decisions.md).
 */
export const HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=50'] as const

export function sizeHeap(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag)
}

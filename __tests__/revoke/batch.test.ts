import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { Limiter } from '../../src/http/limiter.js'
import type { Credential, DeleteResult, DeleteTarget } from '../../src/providers/types.js'
import { DeleteBatches } from '../../src/revoke/batch.js'

const SELF: Credential = { kind: 'self', secret: 'x' }
const answer = (status: number): DeleteResult => ({
  answer: { kind: 'submitted' },
  response: { status, attempts: 1, headers: {}, text: '' } as unknown as DeleteResult['response']
})
const tick = () => new Promise((resolve) => setImmediate(resolve))

/** Keys through a lane like the engine's: a place from a limiter, then join or leave. */
async function lane(
  keys: Array<{ joins: boolean; ticks: number }>,
  places: number,
  size: number
): Promise<{ requests: string[][]; results: Array<number | undefined> }> {
  const requests: string[][] = []
  const batches = new DeleteBatches(size, places, keys.length, (targets: DeleteTarget[]) => {
    requests.push(targets.map((t) => t.value ?? ''))
    return Promise.resolve(targets.map(() => answer(200 + requests.length)))
  })
  const limiter = new Limiter(places)
  const results = await Promise.all(
    keys.map((key, i) =>
      limiter.run(async () => {
        const turn = batches.turn()
        try {
          for (let t = 0; t < key.ticks; t++) await tick()
          if (!key.joins) return undefined
          return (await turn.join({ value: `k${i}` }, SELF)).response.status
        } finally {
          turn.end()
        }
      })
    )
  )
  return { requests, results }
}

describe('deletes gathered into one request per batch', () => {
  it('every key that reached its delete goes in one request once no started key can join', async () => {
    const { requests, results } = await lane(
      [
        { joins: true, ticks: 0 },
        { joins: false, ticks: 3 },
        { joins: true, ticks: 5 },
        { joins: true, ticks: 1 }
      ],
      10,
      1000
    )
    expect(requests.map((r) => [...r].sort())).toEqual([['k0', 'k2', 'k3']])
    expect(results).toEqual([201, undefined, 201, 201])
  })

  it('over random lanes: each joining key is sent exactly once, no request over the size, no hang', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ joins: fc.boolean(), ticks: fc.nat(4) }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        async (keys, places, size) => {
          const { requests, results } = await lane(keys, places, size)
          const sent = requests.flat()
          const joined = keys.flatMap((k, i) => (k.joins ? [`k${i}`] : []))
          expect([...sent].sort()).toEqual([...joined].sort())
          for (const r of requests) expect(r.length).toBeLessThanOrEqual(size)
          keys.forEach((k, i) => expect(results[i] === undefined).toBe(!k.joins))
          // With places for every key, and a size for all, one request carries them all.
          if (places >= keys.length && size >= keys.length && joined.length > 0)
            expect(requests).toHaveLength(1)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a failed request fails each of its keys', async () => {
    const batches = new DeleteBatches(10, 10, 2, () => Promise.reject(new Error('reset')))
    const turns = [batches.turn(), batches.turn()]
    const joined = turns.map((t, i) => t.join({ value: `k${i}` }, SELF))
    for (const j of joined) await expect(j).rejects.toThrow('reset')
  })

  it('keys of different credentials go in different requests', async () => {
    const sent: string[] = []
    const batches = new DeleteBatches(10, 10, 3, (targets, auth) => {
      sent.push(`${auth.secret}:${targets.length}`)
      return Promise.resolve(targets.map(() => answer(200)))
    })
    const turns = [batches.turn(), batches.turn(), batches.turn()]
    await Promise.all([
      turns[0]!.join({ id: 'a' }, { kind: 'token', secret: 't1' }),
      turns[1]!.join({ id: 'b' }, { kind: 'token', secret: 't2' }),
      turns[2]!.join({ id: 'c' }, { kind: 'token', secret: 't1' })
    ])
    expect(sent.sort()).toEqual(['t1:2', 't2:1'])
  })
})

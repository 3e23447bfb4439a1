import { describe, expect, it } from '@jest/globals'
import { Limiter } from '../../src/http/limiter.js'

describe('Limiter', () => {
  it('never runs more than its concurrency at once', async () => {
    const limiter = new Limiter(2)
    let running = 0
    let peak = 0
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.run(async () => {
          peak = Math.max(peak, ++running)
          await new Promise((r) => setTimeout(r, 10))
          running--
        })
      )
    )
    expect(peak).toBe(2)
  })
})

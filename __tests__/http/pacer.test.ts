import { describe, expect, it } from '@jest/globals'
import { Pacer } from '../../src/http/pacer.js'

describe('Pacer', () => {
  it('spaces calls by the minimum interval', async () => {
    const pacer = new Pacer(50)
    const started = Date.now()
    await Promise.all([pacer.wait(), pacer.wait(), pacer.wait()])
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
  })
})

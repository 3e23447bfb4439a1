import { describe, expect, it } from '@jest/globals'
import { isRepository } from '../../../src/github/read/context.js'

describe('GitHub helpers', () => {
  it('accepts only owner/name repositories', () => {
    expect(isRepository('acme/app.js')).toBe(true)
    for (const bad of ['acme', 'a/b/c', '../x', 'a/..', 'a b/c', ''])
      expect(isRepository(bad)).toBe(false)
  })
})

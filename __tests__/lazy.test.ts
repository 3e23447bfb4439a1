import { describe, expect, it } from '@jest/globals'
import { lazy } from '../src/lazy.js'

describe('lazy', () => {
  it('builds nothing until first asked, then once', () => {
    let builds = 0
    const get = lazy(() => ({ built: ++builds }))
    expect(builds).toBe(0)
    const first = get()
    expect(first).toEqual({ built: 1 })
    expect(get()).toBe(first)
    expect(builds).toBe(1)
  })

  it('keeps a built undefined rather than building again', () => {
    let builds = 0
    const get = lazy(() => {
      builds++
      return undefined
    })
    expect(get()).toBeUndefined()
    expect(get()).toBeUndefined()
    expect(builds).toBe(1)
  })

  it('builds again after a build that threw', () => {
    let builds = 0
    const get = lazy(() => {
      if (++builds === 1) throw new Error('first build fails')
      return builds
    })
    expect(() => get()).toThrow('first build fails')
    expect(get()).toBe(2)
    expect(get()).toBe(2)
  })
})

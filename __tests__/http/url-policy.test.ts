import { describe, expect, it } from '@jest/globals'
import { checkBaseUrl } from '../../src/http/url-policy.js'

describe('checkBaseUrl', () => {
  it.each([
    ['https://api.example.com/v1', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost:1', true],
    ['http://[::1]:1', true],
    ['http://127.0.0.1.evil.test', false],
    ['http://10.0.0.1', false],
    ['https://a.test/?x=1', false],
    ['https://a.test/#f', false],
    ['javascript:alert(1)', false],
    ['not a url', false]
  ])('%s -> allowed %s', (url, ok) => {
    expect('url' in checkBaseUrl(url)).toBe(ok)
  })
})

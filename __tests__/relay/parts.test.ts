import { createPrivateKey, generateKeyPairSync, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { listenOptions, MemoryStore } from '../../relay/node.js'
import { appJwt, FORWARDED_ACTIONS, isRepository, readConfig } from '../../relay/relay.js'
import { bundleWorker, wranglerSettings } from '../../sandbox/relay.js'
import { isRepository as actionIsRepository } from '../../src/github/read/context.js'

// The relay's parts on their own: settings, the App's JWT, the Node server's options and
// store, the Worker's bundle and wrangler.toml.

describe('settings', () => {
  it('defaults: api.github.com, 9 s for GitHub calls, the alert repository as target', () => {
    const config = readConfig({ WEBHOOK_SECRET: 's', DISPATCH_TOKEN: 't' })
    expect(config).toMatchObject({
      apiUrl: 'https://api.github.com',
      deadlineMs: 9000,
      target: undefined,
      previous: [],
      auth: { kind: 'token', token: 't' }
    })
  })

  it('GHES: the API root keeps its path, without a trailing slash', () => {
    const config = readConfig({
      WEBHOOK_SECRET: 's',
      DISPATCH_TOKEN: 't',
      GITHUB_API_URL: 'https://github.example.com/api/v3/'
    })
    expect(config).toMatchObject({ apiUrl: 'https://github.example.com/api/v3' })
  })

  it('errors name the setting and never show a value', () => {
    const secretish = 'ghp_valueThatMustNotShow'
    const config = readConfig({
      WEBHOOK_SECRET: secretish,
      DISPATCH_TOKEN: secretish,
      GITHUB_API_URL: `https://${secretish}@github.example.com`
    })
    expect(config).toEqual({ error: 'GITHUB_API_URL must not contain credentials' })
  })

  it('the repository check agrees with the action’s', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_.\-/ %]{0,12}$/)
    fc.assert(
      fc.property(
        fc.oneof(
          part,
          fc.tuple(part, part).map(([a, b]) => `${a}/${b}`)
        ),
        (value) => {
          expect(isRepository(value)).toBe(actionIsRepository(value))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('forwards the actions docs/relay.md names', () => {
    const section = readFileSync('docs/relay.md', 'utf8')
    for (const action of FORWARDED_ACTIONS) expect(section).toContain(`\`${action}\``)
  })
})

describe('App JWT', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' }
  })
  const pkcs8 = createPrivateKey(privateKey).export({ type: 'pkcs8', format: 'pem' }) as string

  it.each([
    ['PKCS#1, as GitHub issues it', privateKey],
    ['PKCS#8', pkcs8],
    ['PKCS#1 with escaped newlines', privateKey.replace(/\n/g, '\\n')],
    ['PKCS#8 with CRLF', pkcs8.replace(/\n/g, '\r\n')]
  ])('%s: RS256, iss the App, valid for 9 minutes from a minute back', async (_name, pem) => {
    const now = Date.UTC(2026, 10, 23, 10, 0, 0)
    const jwt = await appJwt({ appId: '4242', privateKey: pem }, now)
    const [head, claims, signature] = jwt.split('.') as [string, string, string]
    const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    expect(json(head)).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(json(claims)).toEqual({ iat: now / 1000 - 60, exp: now / 1000 + 540, iss: 4242 })
    expect(
      verify(
        'sha256',
        Buffer.from(`${head}.${claims}`),
        publicKey,
        Buffer.from(signature, 'base64url')
      )
    ).toBe(true)
  })

  it('a client id is sent as a string', async () => {
    const jwt = await appJwt({ appId: 'Iv23liAbCdEf', privateKey }, 0)
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'))
    expect(claims.iss).toBe('Iv23liAbCdEf')
  })

  it('anything but an RSA private key in PEM is refused', async () => {
    await expect(appJwt({ appId: '1', privateKey: publicKey })).rejects.toThrow()
    await expect(appJwt({ appId: '1', privateKey: 'secret' })).rejects.toThrow()
  })
})

describe('the Node server', () => {
  it('listens on 127.0.0.1:8787 unless HOST and PORT say otherwise', () => {
    expect(listenOptions({})).toEqual({ port: 8787, host: '127.0.0.1' })
    expect(listenOptions({ PORT: '9000', HOST: '0.0.0.0' })).toEqual({
      port: 9000,
      host: '0.0.0.0'
    })
    expect(listenOptions({ PORT: 'http' })).toEqual({
      error: "PORT must be a port number (0 to 65535), not 'http'"
    })
    expect(listenOptions({ PORT: '70000' })).toHaveProperty('error')
  })

  it('remembers deliveries for their TTL, at most `limit` of them', async () => {
    const store = new MemoryStore(2)
    await store.put('a', '1', { expirationTtl: 60 })
    await store.put('b', '1', { expirationTtl: 0 })
    expect(await store.get('a')).toBe('1')
    expect(await store.get('b')).toBeNull()
    await store.put('c', '1')
    await store.put('d', '1')
    expect(await store.get('a')).toBeNull()
    expect(await store.get('d')).toBe('1')
  })
})

describe('the Worker', () => {
  it('wrangler.toml: the entry, a compatibility date, and the KV binding the code reads', async () => {
    const settings = await wranglerSettings()
    expect(settings).toMatchObject({
      name: 'revoke-leaked-keys-relay',
      main: 'worker.ts',
      compatibility_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)
    })
    const toml = readFileSync('relay/wrangler.toml', 'utf8')
    expect(toml).toContain('binding = "DELIVERIES"')
  })

  it('bundles for workerd with no Node built-in and the Web Crypto verifier', async () => {
    const code = await bundleWorker()
    expect(code).not.toMatch(/from\s*["']node:/)
    expect(code).not.toMatch(/timingSafeEqual|createHmac/)
    expect(code).toContain('crypto.subtle.verify')
    // The payload checks are zod/mini's, about 40 KB of the bundle (61.7 KB with relay.ts's
    // 18 KB), unminified as wrangler uploads it; the action's `zod` would add 180 KB.
    expect(code).toContain('"ZodMiniString"')
    expect(code).not.toContain('"ZodString"')
    expect(code.length).toBeLessThan(70_000)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import sodium from 'libsodium-wrappers'
import { seal, sealForGitHub } from '../../src/rotate/sealed-box.js'

// What the action seals must open with libsodium itself (crypto_box_seal_open), the library
// GitHub's own documentation seals with.
beforeAll(async () => {
  await sodium.ready
})

describe('sealed box', () => {
  it('opens with libsodium, for any message and any recipient key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (message) => {
        const pair = sodium.crypto_box_keypair()
        const sealed = seal(message, pair.publicKey)
        expect(sealed.length).toBe(message.length + sodium.crypto_box_SEALBYTES)
        const opened = sodium.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey)
        expect(Buffer.from(opened).equals(Buffer.from(message))).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it('a string sealed for GitHub (base64 in, base64 out) opens to the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (value) => {
        const pair = sodium.crypto_box_keypair()
        const sealed = sealForGitHub(value, Buffer.from(pair.publicKey).toString('base64'))
        const opened = sodium.crypto_box_seal_open(
          Buffer.from(sealed, 'base64'),
          pair.publicKey,
          pair.privateKey
        )
        expect(Buffer.from(opened).toString('utf8')).toBe(value)
      }),
      { numRuns: 100 }
    )
  })

  it('does not open for another recipient, and never seals the same way twice', () => {
    const pair = sodium.crypto_box_keypair()
    const other = sodium.crypto_box_keypair()
    const message = new TextEncoder().encode('replacement key')
    const a = seal(message, pair.publicKey)
    const b = seal(message, pair.publicKey)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
    expect(() => sodium.crypto_box_seal_open(a, other.publicKey, other.privateKey)).toThrow()
  })

  it('refuses a public key that is not 32 bytes', () => {
    expect(() => seal(new Uint8Array(1), new Uint8Array(31))).toThrow(/32-byte/)
  })
})

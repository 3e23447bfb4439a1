import { x25519 } from '@noble/curves/ed25519.js'
import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js'
import { blake2b } from '@noble/hashes/blake2.js'

// libsodium's sealed box (crypto_box_seal), which GitHub's secrets API takes: an ephemeral
// X25519 key pair, then crypto_box to the recipient with a nonce both sides can derive.
// Output: ephemeral public key (32) || Poly1305 tag (16) || ciphertext. Why our own ~30 lines
// over libsodium-wrappers or tweetnacl: docs/decisions.md ("Sealed box"). Tested against
// libsodium itself (__tests__/rotate/sealed-box.test.ts).

/** "expand 32-byte k", Salsa20's constant, as four little-endian words. */
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574])

const words = (bytes: Uint8Array): Uint32Array => {
  const out = new Uint32Array(bytes.length / 4)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(4 * i, true)
  return out
}

const bytesOf = (w: Uint32Array): Uint8Array => {
  const out = new Uint8Array(w.length * 4)
  const view = new DataView(out.buffer)
  w.forEach((v, i) => view.setUint32(4 * i, v, true))
  return out
}

/** crypto_box_beforenm: HSalsa20 of the X25519 shared point with a zero nonce. */
function boxKey(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const shared = x25519.getSharedSecret(secretKey, publicKey)
  const out = new Uint32Array(8)
  hsalsa(SIGMA, words(shared), new Uint32Array(4), out)
  return bytesOf(out)
}

/** Seals `message` to a 32-byte X25519 public key, as libsodium's crypto_box_seal does. */
export function seal(message: Uint8Array, publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 32) throw new Error('A sealed box needs a 32-byte public key.')
  const ephemeral = x25519.utils.randomSecretKey()
  const ephemeralPublic = x25519.getPublicKey(ephemeral)
  const nonceInput = new Uint8Array(64)
  nonceInput.set(ephemeralPublic, 0)
  nonceInput.set(publicKey, 32)
  const nonce = blake2b(nonceInput, { dkLen: 24 })
  const boxed = xsalsa20poly1305(boxKey(ephemeral, publicKey), nonce).encrypt(message)
  ephemeral.fill(0)
  const out = new Uint8Array(32 + boxed.length)
  out.set(ephemeralPublic, 0)
  out.set(boxed, 32)
  return out
}

/** What GitHub's `PUT …/secrets/{name}` takes: the value sealed to its base64 key, base64. */
export function sealForGitHub(value: string, publicKeyBase64: string): string {
  const key = Buffer.from(publicKeyBase64, 'base64')
  return Buffer.from(seal(new TextEncoder().encode(value), key)).toString('base64')
}

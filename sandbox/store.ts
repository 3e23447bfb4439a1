import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { RecordedRequest } from './service.js'

/** A key as a fake provider keeps it. */
export interface FakeKey {
  id: string
  value: string
  owner: string
  name: string
  /** May this key manage (delete) keys? Scoped / invoke-only / restricted keys may not. */
  canManage: boolean
  deletedAt?: number
}

/** A management credential that is not itself a listed key (access token, JWT, …). */
export interface FakeToken {
  value: string
  owner: string
  canManage: boolean
}

/** Who a request authenticated as. */
export interface Identity {
  owner: string
  canManage: boolean
  /** Set when the credential is one of the keys (self-authentication). */
  key?: FakeKey
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export function alnum(n: number): string {
  const bytes = randomBytes(n)
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('')
}
export const hex = (n: number): string =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n)
export const uuid = (): string => randomUUID()

/**
 * The keys and tokens of one fake provider. A deleted key stops
 * authenticating (after `propagationMs`, unless `ignoreDeletes` plays a
 * provider that acknowledges a delete and keeps the key working).
 */
export class KeyStore {
  readonly keys: FakeKey[] = []
  readonly tokens: FakeToken[] = []
  /** How long a deleted key keeps working. */
  propagationMs = 0
  /** Acknowledge deletes but keep the key alive (a provider bug, for verify tests). */
  ignoreDeletes = false
  #seq = 0

  constructor(private readonly generate: (seq: number) => { id: string; value: string }) {}

  addKey(options: { owner?: string; name?: string; canManage?: boolean } = {}): FakeKey {
    const { id, value } = this.generate(++this.#seq)
    const key: FakeKey = {
      id,
      value,
      owner: options.owner ?? 'alice',
      name: options.name ?? `key-${this.#seq}`,
      canManage: options.canManage ?? true
    }
    this.keys.push(key)
    return key
  }

  addToken(options: { owner?: string; canManage?: boolean; value?: string } = {}): string {
    const value = options.value ?? `tok_${alnum(40)}`
    this.tokens.push({
      value,
      owner: options.owner ?? 'alice',
      canManage: options.canManage ?? true
    })
    return value
  }

  isAlive(key: FakeKey, now = Date.now()): boolean {
    return key.deletedAt === undefined || now < key.deletedAt + this.propagationMs
  }

  /** Keys the provider still holds (not deleted), whatever their propagation. */
  listed(owner: string): FakeKey[] {
    return this.keys.filter((k) => k.owner === owner && k.deletedAt === undefined)
  }

  find(predicate: (k: FakeKey) => boolean): FakeKey | undefined {
    return this.keys.find((k) => k.deletedAt === undefined && predicate(k))
  }

  /** The identity of a credential, or undefined when it authenticates nobody. */
  authenticate(secret: string | undefined): Identity | undefined {
    if (!secret) return undefined
    const token = this.tokens.find((t) => t.value === secret)
    if (token) return { owner: token.owner, canManage: token.canManage }
    const key = this.keys.find((k) => k.value === secret && this.isAlive(k))
    return key ? { owner: key.owner, canManage: key.canManage, key } : undefined
  }

  delete(key: FakeKey): void {
    if (this.ignoreDeletes) return
    key.deletedAt = Date.now()
  }
}

/** A fake organization id for an owner: the same owner, the same id, in every fake. */
export function organizationId(owner: string, prefix = 'org-'): string {
  return `${prefix}${createHash('sha256').update(owner).digest('hex').slice(0, 24)}`
}

/**
 * A route whose answers carry the organization of the credential they authenticated, in the
 * header its provider documents (Anthropic's `anthropic-organization-id`, OpenAI's
 * `openai-organization`).
 */
export function withOrganizationHeader<R extends { headers?: Record<string, string> }>(
  route: (req: RecordedRequest) => R,
  header: string,
  ownerOf: (req: RecordedRequest) => string | undefined
): (req: RecordedRequest) => R {
  return (req) => {
    const reply = route(req)
    const owner = ownerOf(req)
    return owner
      ? { ...reply, headers: { ...reply.headers, [header]: organizationId(owner) } }
      : reply
  }
}

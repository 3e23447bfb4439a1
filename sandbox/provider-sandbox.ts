import type { FakeService, RateLimit } from './service.js'
import type { KeyStore } from './store.js'

/** What a fake provider gives the sandbox: its key store and its request router. */
export interface Fake {
  store: KeyStore
  route: FakeService['route']
}

/**
 * Everything the sandbox, the bench and the shared suites need from one provider's folder,
 * exported by its `fake.ts` as `sandbox`: a provider added to the registry without it is a
 * compile error in `sandbox/providers/index.ts` that names its `fake.ts`.
 */
export interface ProviderSandbox<F extends Fake = Fake> {
  /** Makes the fake, with its own knobs. */
  fake(): F
  /** The provider's published rate limits (or, unpublished, an assumed one), for the bench. */
  rateLimits(fake: F): RateLimit[]
  /**
   * How the sandbox's GitHub reports a secret of this provider in an alert: GitHub's own type
   * and display name where GitHub detects it, otherwise what its custom pattern would give.
   */
  alert: { type: string; name: string }
  /** A value and an id of this provider's shapes, for suites that need any well-formed pair. */
  sample: { value: string; id: string }
  /** The operations its contract (`openapi.yaml`) holds, exactly: what the adapter calls. */
  operations: readonly string[]
  /** Requests a run sends for `n` keys given by value, with verification (the bench's bound). */
  requests(n: number): number
}

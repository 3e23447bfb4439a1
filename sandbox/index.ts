import { PROVIDERS, apiUrlInput } from '../src/providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../src/providers/types.js'
import { loadContract, loadGitHubContract } from './contract.js'
import { githubFake } from './github.js'
import { githubTokensHandle } from '../src/providers/github/fake.js'
import { SANDBOXES, type Fakes } from './providers/index.js'
import { FakeService } from './service.js'
import type { KeyStore } from './store.js'

/** The sandbox plays every provider of the registry. */

export interface FakeProvider {
  service: FakeService
  store: KeyStore
}

/**
 * The local sandbox: one HTTP service per provider and one for GitHub, all on
 * 127.0.0.1, each checking what it receives against the published contract.
 * Development tooling for tests, the demo and benchmarks; not bundled.
 */
export class Sandbox {
  readonly github = githubFake()
  readonly githubService: FakeService
  readonly providers: Record<ProviderId, FakeProvider>
  /** The fakes themselves, for their provider-specific knobs. */
  readonly fakes: Fakes

  constructor() {
    this.fakes = Object.fromEntries(PROVIDER_IDS.map((id) => [id, SANDBOXES[id].fake()])) as Fakes
    // GitHub's token revocation is part of GitHub's API: the run reaches it through
    // GITHUB_API_URL, so its fake answers on the GitHub fake's server, checked against
    // GitHub's own description there.
    const tokens = this.fakes.github
    this.githubService = new FakeService(
      'github',
      (req) =>
        githubTokensHandle(req) && !this.github.owns(req)
          ? tokens.route(req)
          : this.github.route(req),
      loadGitHubContract()
    )
    this.providers = Object.fromEntries(
      PROVIDER_IDS.map((id) => {
        const { route, store } = this.fakes[id]
        const service = apiUrlInput(PROVIDERS[id])
          ? new FakeService(id, route, loadContract(id))
          : this.githubService
        return [id, { service, store }]
      })
    ) as Record<ProviderId, FakeProvider>
  }

  static async start(): Promise<Sandbox> {
    const sandbox = new Sandbox()
    await Promise.all([...sandbox.#services()].map((s) => s.start()))
    sandbox.github.state.baseUrl = sandbox.githubService.url
    return sandbox
  }

  #services(): FakeService[] {
    return [
      ...new Set([...Object.values(this.providers).map((p) => p.service), this.githubService])
    ]
  }

  /** Base URL of each provider's fake, keyed by provider id. */
  urls(): Record<ProviderId, string> {
    return Object.fromEntries(
      PROVIDER_IDS.map((id) => [id, this.providers[id].service.url])
    ) as Record<ProviderId, string>
  }

  /**
   * The `INPUT_<provider>-API-URL` variables that point the action at the sandbox (a provider
   * on GitHub's API has none: GITHUB_API_URL, the GitHub fake's URL, points the run there).
   */
  inputEnv(): Record<string, string> {
    return Object.fromEntries(
      PROVIDER_IDS.flatMap((id) => {
        const input = apiUrlInput(PROVIDERS[id])
        return input ? [[`INPUT_${input.toUpperCase()}`, this.providers[id].service.url]] : []
      })
    )
  }

  /** Every contract violation any fake has seen. */
  violations(): string[] {
    return this.#services().flatMap((s) => s.violations)
  }

  /** Forgets recorded requests and faults (keys and tokens stay). */
  resetRequests(): void {
    this.#services().forEach((s) => s.reset())
  }

  async close(): Promise<void> {
    await Promise.all(this.#services().map((s) => s.close()))
  }
}

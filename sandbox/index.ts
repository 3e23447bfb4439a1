import { loadContract, loadGitHubContract } from './contract.js'
import { githubFake } from './github.js'
import { basetenFake } from './providers/baseten.js'
import { braintrustFake } from './providers/braintrust.js'
import { cometapiFake } from './providers/cometapi.js'
import { quivaFake } from './providers/quiva.js'
import { vastaiFake } from './providers/vastai.js'
import { FakeService } from './service.js'
import type { KeyStore } from './store.js'

export type SandboxProviderId = 'vastai' | 'baseten' | 'braintrust' | 'quiva' | 'cometapi'
export const SANDBOX_PROVIDERS: SandboxProviderId[] = [
  'vastai',
  'baseten',
  'braintrust',
  'quiva',
  'cometapi'
]

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
  readonly cometapi = cometapiFake()
  readonly github = githubFake()
  readonly githubService = new FakeService('github', this.github.route, loadGitHubContract())
  readonly providers: Record<SandboxProviderId, FakeProvider>

  constructor() {
    const make = (
      id: SandboxProviderId,
      fake: { store: KeyStore; route: FakeService['route'] }
    ): FakeProvider => ({
      service: new FakeService(id, fake.route, loadContract(id)),
      store: fake.store
    })
    this.providers = {
      vastai: make('vastai', vastaiFake()),
      baseten: make('baseten', basetenFake()),
      braintrust: make('braintrust', braintrustFake()),
      quiva: make('quiva', quivaFake()),
      cometapi: make('cometapi', this.cometapi)
    }
  }

  static async start(): Promise<Sandbox> {
    const sandbox = new Sandbox()
    await Promise.all([...sandbox.#services()].map((s) => s.start()))
    sandbox.github.state.baseUrl = sandbox.githubService.url
    return sandbox
  }

  #services(): FakeService[] {
    return [...Object.values(this.providers).map((p) => p.service), this.githubService]
  }

  /** Base URL of each provider's fake, keyed by provider id. */
  urls(): Record<SandboxProviderId, string> {
    return Object.fromEntries(
      SANDBOX_PROVIDERS.map((id) => [id, this.providers[id].service.url])
    ) as Record<SandboxProviderId, string>
  }

  /** The `INPUT_<provider>-API-URL` variables that point the action at the sandbox. */
  inputEnv(): Record<string, string> {
    return Object.fromEntries(
      SANDBOX_PROVIDERS.map((id) => [
        `INPUT_${id.toUpperCase()}-API-URL`,
        this.providers[id].service.url
      ])
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

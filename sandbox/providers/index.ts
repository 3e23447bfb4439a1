import type { ProviderId } from '../../src/providers/types.js'
import type { FakeService } from '../service.js'
import type { KeyStore } from '../store.js'
import { anthropicFake } from '../../src/providers/anthropic/fake.js'
import { basetenFake } from '../../src/providers/baseten/fake.js'
import { braintrustFake } from '../../src/providers/braintrust/fake.js'
import { cometapiFake } from '../../src/providers/cometapi/fake.js'
import { openaiFake } from '../../src/providers/openai/fake.js'
import { githubTokensFake } from '../../src/providers/github/fake.js'
import { gitlabFake } from '../../src/providers/gitlab/fake.js'
import { quivaFake } from '../../src/providers/quiva/fake.js'
import { slackFake } from '../../src/providers/slack/fake.js'
import { vastaiFake } from '../../src/providers/vastai/fake.js'

/** What a fake provider gives the sandbox: its key store and its request router. */
export interface Fake {
  store: KeyStore
  route: FakeService['route']
}

/**
 * One fake per provider of the registry: a provider added to `PROVIDER_IDS` without a fake
 * here is a compile error.
 */
export const FAKES = {
  vastai: vastaiFake,
  baseten: basetenFake,
  braintrust: braintrustFake,
  quiva: quivaFake,
  cometapi: cometapiFake,
  openai: openaiFake,
  github: githubTokensFake,
  gitlab: gitlabFake,
  slack: slackFake,
  anthropic: anthropicFake
} satisfies Record<ProviderId, () => Fake>

/** Each provider's fake as made, with its own knobs (CometAPI's `options`, …). */
export type Fakes = { [Id in ProviderId]: ReturnType<(typeof FAKES)[Id]> }

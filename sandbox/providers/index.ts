import type { ProviderId } from '../../src/providers/types.js'
import type { FakeService } from '../service.js'
import type { KeyStore } from '../store.js'
import { anthropicFake } from './anthropic.js'
import { basetenFake } from './baseten.js'
import { braintrustFake } from './braintrust.js'
import { cometapiFake } from './cometapi.js'
import { openaiFake } from './openai.js'
import { githubTokensFake } from './github.js'
import { gitlabFake } from './gitlab.js'
import { quivaFake } from './quiva.js'
import { slackFake } from './slack.js'
import { vastaiFake } from './vastai.js'

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

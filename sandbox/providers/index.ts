import type { ProviderId } from '../../src/providers/types.js'
import type { Fake, ProviderSandbox } from '../provider-sandbox.js'
// generated: sandbox-imports
import { sandbox as vastai } from '../../src/providers/vastai/fake.js'
import { sandbox as baseten } from '../../src/providers/baseten/fake.js'
import { sandbox as braintrust } from '../../src/providers/braintrust/fake.js'
import { sandbox as quiva } from '../../src/providers/quiva/fake.js'
import { sandbox as cometapi } from '../../src/providers/cometapi/fake.js'
import { sandbox as openai } from '../../src/providers/openai/fake.js'
import { sandbox as github } from '../../src/providers/github/fake.js'
import { sandbox as gitlab } from '../../src/providers/gitlab/fake.js'
import { sandbox as slack } from '../../src/providers/slack/fake.js'
import { sandbox as anthropic } from '../../src/providers/anthropic/fake.js'
import { sandbox as fastly } from '../../src/providers/fastly/fake.js'
import { sandbox as buildkite } from '../../src/providers/buildkite/fake.js'
import { sandbox as vercel } from '../../src/providers/vercel/fake.js'
import { sandbox as heroku } from '../../src/providers/heroku/fake.js'
import { sandbox as huggingface } from '../../src/providers/huggingface/fake.js'
import { sandbox as npm } from '../../src/providers/npm/fake.js'
import { sandbox as cloudflare } from '../../src/providers/cloudflare/fake.js'
import { sandbox as sendgrid } from '../../src/providers/sendgrid/fake.js'
import { sandbox as twilio } from '../../src/providers/twilio/fake.js'
import { sandbox as aws } from '../../src/providers/aws/fake.js'
import { sandbox as google } from '../../src/providers/google/fake.js'
// end generated: sandbox-imports

export type { Fake } from '../provider-sandbox.js'

/**
 * Each provider's `sandbox` (its `fake.ts`): the list is written by `npm run generate` from the
 * provider folders, and a folder whose `fake.ts` lacks the export is a compile error here.
 */
export const SANDBOXES = {
  // generated: sandboxes
  vastai,
  baseten,
  braintrust,
  quiva,
  cometapi,
  openai,
  github,
  gitlab,
  slack,
  anthropic,
  fastly,
  buildkite,
  vercel,
  heroku,
  huggingface,
  npm,
  cloudflare,
  sendgrid,
  twilio,
  aws,
  google
  // end generated: sandboxes
} satisfies Record<ProviderId, ProviderSandbox<Fake>>

/** Each provider's fake as made, with its own knobs (CometAPI's `options`, …). */
export type Fakes = { [Id in ProviderId]: ReturnType<(typeof SANDBOXES)[Id]['fake']> }

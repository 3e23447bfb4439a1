import type { ProviderId } from '../src/providers/types.js'
import { SANDBOXES } from './providers/index.js'

/**
 * How the sandbox's GitHub reports a secret of each provider in an alert (each provider's
 * `sandbox.alert`, in its `fake.ts`): GitHub's own type and display name where GitHub detects
 * the provider's keys natively, otherwise the type and name its custom pattern would give. Each
 * maps to its provider with no `secret-types` line (`__tests__/sandbox/secret-types.test.ts`).
 */
export const ALERT_TYPES = Object.fromEntries(
  Object.entries(SANDBOXES).map(([id, sandbox]) => [id, sandbox.alert])
) as Record<ProviderId, { type: string; name: string }>

import { secretLabel, type SecretRef } from '../../src/model.js'
import type { ProviderId } from '../../src/providers/types.js'
import { Rotator, type SecretStore } from '../../src/rotate/rotate.js'
import { Redactor } from '../../src/secrets.js'
import type { Sandbox } from '../../sandbox/index.js'
import { revokeAt } from './harness.js'

/**
 * One leaked key rotated into the repository secret `K` (held in memory, opened as GitHub would),
 * then revoked, through the engine against the sandbox: what the result says, and what `K` holds.
 */
export async function rotateOne(
  sandbox: Sandbox,
  provider: ProviderId,
  value: string,
  token: string
) {
  const values = new Map([['repo:K', value]])
  const store: SecretStore = {
    exists: async (r: SecretRef) => values.has(secretLabel(r)),
    store: async (r: SecretRef, v: string) => {
      values.set(secretLabel(r), v)
    }
  }
  const rotator = new Rotator(
    { token: 'x'.repeat(10), named: { scope: 'repo', name: 'K' } },
    async () => store,
    new Redactor(),
    1
  )
  const { results } = await revokeAt(sandbox, {
    keys: [{ provider, value }],
    tokens: { [provider]: token },
    engine: { rotation: rotator }
  })
  return { result: results[0], held: values.get('repo:K') }
}

import { describe, expect, it } from '@jest/globals'
import { PROVIDERS, providerForSecretType } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'
import { ALERT_TYPES } from '../../sandbox/secret-types.js'

describe("the sandbox's alert secret types", () => {
  it.each(PROVIDER_IDS)('%s: its alerts map to it without a secret-types line', (id) => {
    const { type, name } = ALERT_TYPES[id]
    expect(providerForSecretType(type, name, new Map())).toBe(id)
  })

  it.each(PROVIDER_IDS.filter((id) => PROVIDERS[id].secretTypes?.length))(
    "%s: GitHub detects it natively, and the sandbox uses one of GitHub's own types",
    (id) => {
      expect(PROVIDERS[id].secretTypes).toContain(ALERT_TYPES[id].type)
    }
  )
})

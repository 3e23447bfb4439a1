/**
 * Figures the reliability suites are built from; docs/reliability.md's "Reliability"
 * section is generated from them (npm run generate).
 */
export const PROPERTY_RUNS = 1000

/** Random worlds per provider in the trust suite (__tests__/suites/trust.test.ts). */
export const TRUST_RUNS = 1000

/** The properties in __tests__/suites/properties.test.ts, one name each. */
export const PROPERTIES = [
  'inputs: any strings give settings or one InputError naming the input',
  'event payloads: any JSON gives a relay, an error text, or nothing',
  'provider answers: any status and body give an outcome or a RevocationFailure',
  'GitHub answers: any alert list gives alerts or a defined error',
  'secrets: no secret in any form survives into what the action writes',
  'key ids: rejected, or sent as exactly one encoded path segment',
  'markdown: provider and alert text cannot inject markup'
] as const

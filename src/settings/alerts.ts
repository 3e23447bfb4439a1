import * as z from 'zod/mini'
import type { AlertSettings } from '../model.js'
import { booleanInput, issueNumberInput, optional, type InputReader } from './inputs.js'
import { readSecretTypes } from './secret-types.js'

export function readAlertSettings(read: InputReader, token: string | undefined): AlertSettings {
  const mode = optional(
    read,
    'alerts',
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['none', 'open'])),
    "'none' or 'open'",
    'none'
  )
  const scope = optional(
    read,
    'alerts-scope',
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['repo', 'org'])),
    "'repo' or 'org'",
    'repo'
  )
  const org = optional(
    read,
    'org',
    z.string().check(z.trim(), z.regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/)),
    'an organization login',
    undefined
  )
  const alertNumber = optional(read, 'alert-number', issueNumberInput, 'an alert number', undefined)
  return {
    sweep: mode === 'open',
    scope,
    org,
    alertNumber,
    secretTypes: readSecretTypes(read('secret-types')),
    resolve: optional(read, 'resolve-alerts', booleanInput, "'true' or 'false'", true),
    resolveNotFound: optional(
      read,
      'resolve-not-found-alerts',
      booleanInput,
      "'true' or 'false'",
      false
    ),
    token
  }
}

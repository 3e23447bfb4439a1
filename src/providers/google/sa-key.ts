import * as z from 'zod/mini'

/** A project id (6 to 30 lower-case letters, digits or -; a domain-scoped one has `:` and `.`), never the `-` wildcard. */
export const PROJECT_ID = /^(?!-$)[a-z0-9][a-z0-9.:-]{0,99}$/

/**
 * A service account key file, as IAM's keys.create writes it (`TYPE_GOOGLE_CREDENTIALS_FILE`):
 * JSON with `type: service_account`, `project_id`, `private_key_id`, `private_key` (PEM, PKCS #8),
 * `client_email` and `token_uri`. Only what the action reads is required; the rest is kept.
 */
const KeyFile = z.looseObject({
  type: z.literal('service_account'),
  project_id: z.string().check(z.regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z0-9.:-]{1,100}$/)),
  private_key_id: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
  private_key: z
    .string()
    .check(z.regex(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n?$/)),
  client_email: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{0,99}@[a-z0-9.-]{1,200}$/)),
  token_uri: z.optional(z.string())
})

export interface ServiceAccountKey {
  projectId: string
  keyId: string
  clientEmail: string
  privateKey: string
  /** The JSON text itself, as decoded. */
  json: string
}

/**
 * The key file a value holds: the JSON itself (an alert's secret) or its base64 on one line (the
 * `key` input takes one line per key: `base64 -w0 key.json`). Base64 must be canonical, so a
 * copy with a character changed or cut is not read as the same file. Undefined: not a key file.
 */
export function readKeyFile(value: string): ServiceAccountKey | undefined {
  const text = value.trim()
  // A key file is some 2.3 KB (3.1 KB as base64): anything far larger is not one.
  if (text.length > 16_384) return undefined
  let json = text
  if (!text.startsWith('{')) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined
    const bytes = Buffer.from(text, 'base64')
    if (bytes.toString('base64') !== text) return undefined
    json = bytes.toString('utf8')
    if (!json.trim().startsWith('{')) return undefined
  }
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return undefined
  }
  const parsed = KeyFile.safeParse(raw)
  if (!parsed.success) return undefined
  const file = parsed.data
  return {
    projectId: file.project_id,
    keyId: file.private_key_id,
    clientEmail: file.client_email,
    privateKey: file.private_key,
    json
  }
}

/**
 * Every form in which the key file's secret part, its private key, could be written: the PEM,
 * with its line breaks as `\n` escapes, its base64 body whole and line by line (the redactor adds
 * the URL-encoded and JSON-escaped forms of each). The rest of the file (project, account, key
 * id) names the key and is not secret; the value as given is registered whole by whoever read it.
 */
export function secretForms(key: ServiceAccountKey): string[] {
  const body = key.privateKey
    .replace(/-----(?:BEGIN|END) PRIVATE KEY-----/g, '')
    .split('\n')
    .filter((line) => line.length > 0)
  return [
    key.privateKey,
    key.privateKey.trim(),
    key.privateKey.replace(/\n/g, '\\n'),
    body.join(''),
    body.join('\n'),
    ...body
  ]
}

/** `projects/{project_id}/serviceAccounts/{client_email}/keys/{private_key_id}`. */
export function keyName(key: Pick<ServiceAccountKey, 'projectId' | 'clientEmail' | 'keyId'>) {
  return `projects/${key.projectId}/serviceAccounts/${key.clientEmail}/keys/${key.keyId}`
}

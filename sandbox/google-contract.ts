import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { formatted } from '../scripts/generate/format.js'
import { openapiFromDiscovery, type DiscoveryDocument } from './discovery.js'

const HEADER = `# Google Cloud contract (test fixture for sandbox/contract.ts), DERIVED: do not edit. It is
# written by \`tsx scripts/google-contract.ts\` from the Discovery documents stored beside it, as
# sandbox/discovery.ts describes, and a test derives it again and compares. Facts and sources:
# src/providers/google/README.md. The documents:
# - apikeys-discovery.json, cut from
#   https://github.com/googleapis/google-api-go-client/blob/0dc9fc6bbed2234e547ed7a901581c2b3eebd597/apikeys/v2/apikeys-api.json
#   (Google serves the same document at https://apikeys.googleapis.com/$discovery/rest?version=v2)
# - iam-discovery.json, cut from
#   https://github.com/googleapis/google-api-go-client/blob/0a0e6726f40bd4e0aebb9897666c9a3d7bb3f865/iam/v1/iam-api.json
# POST /token has no Discovery document: it is written from Google's page "Using OAuth 2.0 for
# Server to Server Applications", https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
# (the JWT bearer grant of RFC 7523, https://www.rfc-editor.org/rfc/rfc7523#section-2.1), at
# https://oauth2.googleapis.com/token: a form body, no Authorization header.
`

/** The Discovery documents of the Google provider, as stored beside its adapter. */
export function googleDiscovery(): DiscoveryDocument[] {
  const read = (name: string) =>
    JSON.parse(
      readFileSync(new URL(`../src/providers/google/${name}`, import.meta.url), 'utf8')
    ) as DiscoveryDocument
  return [read('apikeys-discovery.json'), read('iam-discovery.json')]
}

/** The OAuth 2.0 token endpoint's JWT bearer grant, as Google's page documents it. */
const TOKEN = {
  paths: {
    '/token': {
      post: {
        operationId: 'oauth2.token.jwtBearer',
        description:
          'Exchanges a JWT signed with a service account key (RS256) for an access token: grant_type urn:ietf:params:oauth:grant-type:jwt-bearer and the JWT as assertion.',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: { $ref: '#/components/schemas/JwtBearerTokenRequest' }
            }
          }
        },
        responses: {
          '200': {
            description: 'An access token (access_token, expires_in, token_type Bearer)',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/TokenResponse' } }
            }
          },
          '400': {
            description: 'error invalid_grant (for example "Invalid JWT Signature.")',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/TokenError' } }
            }
          }
        }
      }
    }
  },
  schemas: {
    JwtBearerTokenRequest: {
      type: 'object',
      required: ['grant_type', 'assertion'],
      properties: {
        grant_type: { type: 'string', enum: ['urn:ietf:params:oauth:grant-type:jwt-bearer'] },
        assertion: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }
      },
      additionalProperties: false
    },
    TokenResponse: {
      type: 'object',
      properties: {
        access_token: { type: 'string' },
        expires_in: { type: 'integer' },
        token_type: { type: 'string' }
      }
    },
    TokenError: {
      type: 'object',
      properties: { error: { type: 'string' }, error_description: { type: 'string' } }
    }
  }
}

/** The text of src/providers/google/openapi.yaml, formatted as the repository's files are. */
export function googleContract(): Promise<string> {
  return formatted(
    'src/providers/google/openapi.yaml',
    HEADER + stringify(openapiFromDiscovery(googleDiscovery(), TOKEN), { lineWidth: 0 })
  )
}

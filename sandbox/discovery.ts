/**
 * Google publishes its APIs as Discovery documents, not OpenAPI. The contract checks
 * (sandbox/contract.ts) read OpenAPI 3, so a provider that stores Discovery documents beside its
 * adapter derives its `openapi.yaml` from them with `openapiFromDiscovery`; a test derives it
 * again and compares, so the fixture never drifts from the documents it came from.
 *
 * How each part is carried over (Discovery format: https://developers.google.com/discovery/v1/reference/apis):
 * - a method becomes the operation `httpMethod` at `/` + its `flatPath`, the path with each
 *   `{+name}` already cut into one variable per segment (`v2/projects/{projectsId}/…`), as
 *   Google's own clients expand it: no variable spans a `/`;
 * - its `location: query` parameters become query parameters (type, enum, `repeated` as an
 *   exploded array; `required` as written), and the variables of `flatPath` path parameters;
 * - its `request` becomes a required JSON body, its `response` the 200 answer;
 * - schemas keep their properties; `$ref: X` points at `#/components/schemas/X`; type `any`
 *   admits anything; Google's own formats (`google-datetime`, `int32`, …) are dropped, as JSON
 *   Schema has none of them. An object schema with `properties` and no `additionalProperties`
 *   refuses other properties: Google's JSON parser refuses an unknown field ("Invalid JSON
 *   payload received. Unknown name"), https://cloud.google.com/apis/design/errors.
 * - every operation takes `Authorization: Bearer <OAuth 2.0 access token>` (the document's
 *   `auth.oauth2`).
 * The document's global parameters (`alt`, `fields`, `key`, …) are left out: the adapter sends
 * none, and a request that did would be refused here.
 */

type Obj = Record<string, unknown>

export interface DiscoveryDocument {
  id: string
  title: string
  revision: string
  rootUrl: string
  resources?: Record<string, DiscoveryResource>
  schemas?: Record<string, Obj>
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>
  resources?: Record<string, DiscoveryResource>
}

interface DiscoveryMethod {
  id: string
  description?: string
  httpMethod: string
  flatPath: string
  parameters?: Record<string, DiscoveryParameter>
  request?: { $ref: string }
  response?: { $ref: string }
}

interface DiscoveryParameter {
  location: 'query' | 'path'
  type: string
  description?: string
  enum?: string[]
  repeated?: boolean
  required?: boolean
  pattern?: string
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A Discovery schema as JSON Schema (see the header). */
function schemaOf(node: unknown): unknown {
  if (!isObj(node)) return node
  if (typeof node.$ref === 'string') return { $ref: `#/components/schemas/${node.$ref}` }
  const out: Obj = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'id' || key === 'format' || key === 'description' || key === 'readOnly') continue
    if (key === 'type' && value === 'any') continue
    if (key === 'properties' && isObj(value))
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, prop]) => [name, schemaOf(prop)])
      )
    else if (key === 'items' || key === 'additionalProperties') out[key] = schemaOf(value)
    else out[key] = value
  }
  if (out.type === 'object' && isObj(out.properties) && out.additionalProperties === undefined)
    out.additionalProperties = false
  return out
}

function* methodsOf(resources: Record<string, DiscoveryResource> = {}): Generator<DiscoveryMethod> {
  for (const name of Object.keys(resources).sort()) {
    const resource = resources[name] as DiscoveryResource
    for (const method of Object.keys(resource.methods ?? {}).sort())
      yield (resource.methods as Record<string, DiscoveryMethod>)[method] as DiscoveryMethod
    yield* methodsOf(resource.resources)
  }
}

function operationOf(doc: DiscoveryDocument, method: DiscoveryMethod): Obj {
  const parameters: Obj[] = []
  for (const variable of method.flatPath.matchAll(/\{([^{}/]+)\}/g))
    parameters.push({
      name: variable[1],
      in: 'path',
      required: true,
      schema: { type: 'string', minLength: 1 }
    })
  for (const [name, param] of Object.entries(method.parameters ?? {})) {
    if (param.location !== 'query') continue
    const item: Obj = { type: param.type }
    if (param.enum) item.enum = param.enum
    parameters.push({
      name,
      in: 'query',
      ...(param.required ? { required: true } : {}),
      ...(param.repeated
        ? { explode: true, schema: { type: 'array', items: item } }
        : { schema: item })
    })
  }
  const op: Obj = {
    operationId: method.id,
    description: `${method.description ?? method.id} (${doc.id} revision ${doc.revision})`
  }
  if (parameters.length) op.parameters = parameters
  if (method.request)
    op.requestBody = {
      required: true,
      content: {
        'application/json': { schema: { $ref: `#/components/schemas/${method.request.$ref}` } }
      }
    }
  op.responses = {
    '200': {
      description: 'Successful response',
      ...(method.response
        ? {
            content: {
              'application/json': {
                schema: { $ref: `#/components/schemas/${method.response.$ref}` }
              }
            }
          }
        : {})
    }
  }
  return op
}

/**
 * One OpenAPI 3 document from Discovery documents served under one origin (their paths do not
 * overlap) and operations written by hand for endpoints no Discovery document describes.
 */
export function openapiFromDiscovery(
  docs: DiscoveryDocument[],
  extra: { paths: Obj; schemas: Obj } = { paths: {}, schemas: {} }
): Obj {
  const paths: Record<string, Obj> = {}
  const schemas: Obj = {}
  for (const doc of docs) {
    for (const method of methodsOf(doc.resources)) {
      const path = `/${method.flatPath}`
      const item = paths[path] ?? (paths[path] = {})
      item[method.httpMethod.toLowerCase()] = operationOf(doc, method)
    }
    for (const [name, schema] of Object.entries(doc.schemas ?? {})) {
      if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schemaOf(schema)))
        throw new Error(`schema ${name} differs between the Discovery documents`)
      schemas[name] = schemaOf(schema)
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: docs.map((d) => d.title).join(', '),
      version: docs.map((d) => `${d.id}@${d.revision}`).join(', ')
    },
    servers: docs.map((d) => ({ url: d.rootUrl.replace(/\/+$/, '') })),
    security: [{ oauth2_bearer: [] }],
    paths: { ...paths, ...extra.paths },
    components: {
      securitySchemes: { oauth2_bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ...schemas, ...extra.schemas }
    }
  }
}

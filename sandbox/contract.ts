/**
 * Checks a request received by a sandbox provider against that provider's OpenAPI 3.x contract
 * (`src/providers/<provider>/openapi.yaml`, or GitHub's published description). `check` returns
 * human-readable violations; an empty list means the real provider would accept the request as far
 * as the contract can tell.
 *
 * JSON Schema is Ajv's: parameter values and JSON bodies are validated against the document's
 * schemas (with its `$ref`s, compiled on first use) by Ajv, formats by ajv-formats. What stays here
 * is how an HTTP server reads a request before any schema applies, which no schema validator does:
 * - routing: the path as received, trailing slash significant, a template variable never empty,
 *   concrete paths before templated ones, then more literal text before less (Google's
 *   `…/{keysId}:disable` before `…/{keysId}`), matches equal in both refused as ambiguous;
 * - path parameters are percent-decoded, and one that decodes to contain "/" is refused;
 * - parameter values are strings: one is read as a number only when written as a plain decimal
 *   (Ajv's own coercion would also read "0x10", " 1" and "+1"), as a boolean only as true/false;
 * - a query parameter the operation does not declare is refused, and so is a repeated one unless it
 *   is an exploded array;
 * - security requirements (alternatives, each all of its schemes), checked on the header shapes:
 *   "Authorization: Bearer <token>", "Authorization: Basic <base64 of user:password>", a
 *   non-empty API-key header, and the value pattern a fixture
 *   states as `x-value-pattern` where the provider documents one ("Api-Key <key>");
 * - a body only where the operation declares one (so none on a DELETE), a required body present,
 *   the JSON media type chosen by Content-Type, and the body parsed as JSON; a form body
 *   (application/x-www-form-urlencoded, as an OAuth token request) read as its name=value pairs,
 *   each name once, and validated as an object of strings;
 * - OpenAPI 3.0's `nullable: true` is rewritten to JSON Schema before Ajv sees the document; it
 *   admits null even next to an enum that does not list it, as GitHub's description writes it.
 * Not rewritten, as no contract here uses them: 3.0's boolean exclusiveMinimum/exclusiveMaximum
 * (Ajv refuses the schema: a contract error) and `readOnly` properties listed as required (Ajv
 * requires them in a request too; none of GitHub's request bodies has one).
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'
import { parse } from 'yaml'
import { SmithyContract } from './smithy-contract.js'

export interface ContractRequest {
  /** 'GET', 'DELETE', ... */
  method: string
  /** The request pathname exactly as received (percent-encoded), without the query. */
  path: string
  /** Decoded query pairs in order (as URLSearchParams yields them). */
  query: Array<[string, string]>
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  /** Raw request body ('' when none). */
  body: string
}

type Obj = Record<string, unknown>

interface Parameter {
  name: string
  in: string
  required: boolean
  explode: boolean
  /** The name of its schema in the operation's schema view (undefined when it declares none). */
  schema: string | undefined
  /** Whether its schema admits an array; then `types` are those of the items. */
  array: boolean
  /** The JSON types its schema admits (empty: any), which decide how its strings are read. */
  types: Set<string>
}

interface PathTemplate {
  template: string
  regex: RegExp
  names: string[]
  /** Each segment's text where it is literal: compared before the regex is run. */
  literals: Array<string | undefined>
  literalSegments: number
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])
const INTEGER = /^-?\d+$/
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const BEARER = /^Bearer \S+$/
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/
const FORM = 'application/x-www-form-urlencoded'
/** Keywords that can refuse null whatever `type` says. */
const WOULD_REFUSE_NULL = ['allOf', 'anyOf', 'oneOf', 'not', '$ref', 'const'] as const
const MAX_REF_DEPTH = 32

/** A problem in the contract document itself (bad $ref, ...), reported as a violation. */
class DocumentError extends Error {}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value as shown in a violation: JSON, shortened when long. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/**
 * One Ajv error as a phrase: where (its JSON pointer after `below`), the value when it is a leaf,
 * the rule, and for an enum what it allows.
 */
function describe(below: string, error: ErrorObject): string {
  const { keyword, params, data } = error
  const at = below + error.instancePath
  const value = isObj(data) || Array.isArray(data) ? '' : ` ${show(data)}`
  if (keyword === 'enum') {
    const allowed = (params as { allowedValues: unknown[] }).allowedValues
    return `${at}:${value} must be one of ${allowed.map(show).join(', ')}`
  }
  if (keyword === 'additionalProperties') {
    const property = (params as { additionalProperty: string }).additionalProperty
    return `${at}: property ${show(property)} is not allowed`
  }
  return `${at}:${value} ${error.message ?? keyword}`
}

/** Media type without parameters, lower-cased ('application/json; charset=utf-8' -> ...). */
function baseMediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase()
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function compileTemplate(template: string): PathTemplate {
  const names: string[] = []
  const pattern = template
    .split(/(\{[^{}/]+\})/)
    .map((part) => {
      const variable = /^\{([^{}/]+)\}$/.exec(part)?.[1]
      if (variable === undefined) return escapeRegExp(part)
      names.push(variable)
      return '([^/]+)'
    })
    .join('')
  const literals = template.split('/').map((part) => (part.includes('{') ? undefined : part))
  const literalSegments = literals.filter((part) => part !== undefined).length
  return { template, regex: new RegExp(`^${pattern}$`), names, literals, literalSegments }
}

/**
 * A copy of `node` with OpenAPI 3.0's `nullable: true` written as JSON Schema: `type: [t, "null"]`
 * (and null added to an enum), or `anyOf: [{type: "null"}, schema]` where other keywords would
 * still refuse null. The local `$ref`s met are added to `refs`.
 */
function admitNull(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => admitNull(item, refs))
  if (!isObj(node)) return node
  const copy: Obj = {}
  for (const [key, value] of Object.entries(node)) copy[key] = admitNull(value, refs)
  if (typeof copy.$ref === 'string') refs.add(copy.$ref)
  if (copy.nullable !== true) return copy
  delete copy.nullable
  if (typeof copy.type !== 'string' || WOULD_REFUSE_NULL.some((key) => key in copy)) {
    return { anyOf: [{ type: 'null' }, copy] }
  }
  copy.type = [copy.type, 'null']
  if (Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null]
  return copy
}

/** The keys of a local `$ref` ("#/components/schemas/a~1b" -> components, schemas, a/b). */
function keys(ref: string): string[] {
  return ref
    .slice(2)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** The value at a local `$ref`, or undefined. */
function at(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined
  let target = doc
  for (const key of keys(ref)) {
    if (Array.isArray(target) && /^\d+$/.test(key)) target = target[Number(key)]
    else if (isObj(target) && Object.hasOwn(target, key)) target = target[key]
    else return undefined
  }
  return target
}

/** Stores `value` at a local `$ref` of `doc`, creating the objects on the way. */
function put(doc: Obj, ref: string, value: unknown): void {
  const path = keys(ref)
  const last = path.pop()
  let parent = doc
  for (const key of path) {
    if (!isObj(parent[key])) parent[key] = {}
    parent = parent[key] as Obj
  }
  if (last !== undefined) parent[last] = value
}

/**
 * What Ajv is given for one operation: its schemas under the names of `roots` (param0, body0, ...)
 * and everything their `$ref`s reach, each at its place in the document ("#/components/..."), with
 * `nullable` rewritten. Only these: Ajv walks every key of what it is given, and responses and
 * examples are most of GitHub's description.
 */
function schemaView(doc: Obj, roots: Obj): Obj {
  const refs = new Set<string>()
  const view: Obj = {}
  for (const [name, schema] of Object.entries(roots)) view[name] = admitNull(schema, refs)
  // A Set's iteration visits what is added during it: each copy's own $refs are followed too.
  for (const ref of refs) {
    const target = at(doc, ref)
    if (target !== undefined) put(view, ref, admitNull(target, refs))
  }
  return view
}

/** An operation, prepared when the first request is routed to it. */
interface Operation {
  template: PathTemplate
  value: Obj
  parameters: Parameter[]
  requestBody: unknown
  /** The name in the schema view of the schema of each JSON media type of the request body. */
  bodies: Map<string, string>
  /** The Ajv key of the operation's schema view. */
  key: string
}

export class Contract {
  private readonly doc: Obj
  private readonly ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    logger: false
  })
  /** Path templates by segment count: a template variable never spans a "/". */
  private readonly index = new Map<number, PathTemplate[]>()
  /** The operations prepared so far, by "get /x". */
  private readonly operations = new Map<string, Operation>()

  constructor(doc: unknown) {
    if (!isObj(doc) || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
      throw new Error('Contract: not an OpenAPI 3.x document (missing or unsupported "openapi")')
    }
    if (!isObj(doc.paths)) throw new Error('Contract: the document has no "paths" object')
    this.doc = doc
    // ajv-formats is CommonJS: its plugin is the module's `default` property.
    ajvFormats.default(this.ajv)
    for (const template of Object.keys(doc.paths)) {
      if (!template.startsWith('/')) continue
      const count = template.split('/').length
      this.index.set(count, [...(this.index.get(count) ?? []), compileTemplate(template)])
    }
  }

  static load(file: string): Contract {
    return new Contract(parse(readFileSync(file, 'utf8')))
  }

  /** Violations of the contract: empty when the real provider would accept the request. */
  check(req: ContractRequest): string[] {
    const method = req.method.toUpperCase()
    const label = `${method} ${req.path}`
    try {
      const route = this.route(req.path, method.toLowerCase(), label)
      if (typeof route === 'string') return [route]
      const { op, match } = route
      const violations = [
        ...this.checkPath(label, op, match),
        ...this.checkQuery(label, op, req.query),
        ...this.checkHeaders(label, op, req.headers),
        ...this.checkSecurity(label, req.headers, op.value),
        ...this.checkBody(label, op, req)
      ]
      return [...new Set(violations)]
    } catch (error) {
      // A broken document (unresolvable $ref, a schema Ajv cannot compile, a reference cycle
      // without descent) fails the test like any other violation.
      const reason = error instanceof Error ? error.message : String(error)
      return [`${label}: contract error: ${reason}`]
    }
  }

  /** The operation for a request and the path's match, or why there is none. */
  private route(
    path: string,
    method: string,
    label: string
  ): { op: Operation; match: RegExpExecArray } | string {
    const segments = path.split('/')
    const matches: Array<{ template: PathTemplate; match: RegExpExecArray }> = []
    for (const template of this.index.get(segments.length) ?? []) {
      if (template.literals.some((text, i) => text !== undefined && text !== segments[i])) continue
      const match = template.regex.exec(path)
      if (match !== null) matches.push({ template, match })
    }
    if (matches.length === 0) return `no operation for ${label}: no path template matches`
    // OpenAPI: concrete paths are matched before templated ones (/api/token/search before
    // /api/token/{id}). Equally concrete matches are ambiguous.
    const best = Math.max(...matches.map((m) => m.template.literalSegments))
    const concrete = matches.filter((m) => m.template.literalSegments === best)
    // Then the template with more literal text: Google's custom methods put a verb after the
    // last variable (`/keys/{keysId}:disable` before `/keys/{keysId}`).
    const literal = (t: PathTemplate) => t.template.replace(/\{[^{}/]+\}/g, '').length
    const most = Math.max(...concrete.map((m) => literal(m.template)))
    const chosen = concrete.filter((m) => literal(m.template) === most)
    if (chosen.length > 1) {
      const names = chosen.map((m) => m.template.template).join(', ')
      return `no operation for ${label}: the path matches several templates (${names})`
    }
    const { template, match } = chosen[0] as { template: PathTemplate; match: RegExpExecArray }
    const op = this.operation(template, method)
    if (op !== undefined) return { op, match }
    const item = this.resolve((this.doc.paths as Obj)[template.template])
    const allowed = Object.keys(isObj(item) ? item : {})
      .filter((key) => HTTP_METHODS.has(key))
      .map((key) => key.toUpperCase())
    return `no operation for ${label}: ${template.template} allows ${allowed.join(', ') || 'no method'}`
  }

  /** The operation `method` of a path (prepared once), or undefined when it has none. */
  private operation(template: PathTemplate, method: string): Operation | undefined {
    const name = `${method} ${template.template}`
    const known = this.operations.get(name)
    if (known !== undefined || !HTTP_METHODS.has(method)) return known
    const item = this.resolve((this.doc.paths as Obj)[template.template])
    const operation = isObj(item) ? this.resolve(item[method]) : undefined
    if (!isObj(item) || !isObj(operation)) return undefined
    const roots: Obj = {}
    const parameters = this.parameters(template, [item, operation], roots)
    const requestBody = this.resolve(operation.requestBody)
    const content = isObj(requestBody) ? this.resolve(requestBody.content) : undefined
    const bodies = new Map<string, string>()
    for (const [type, media] of Object.entries(isObj(content) ? content : {})) {
      if (!JSON_MEDIA_TYPE.test(baseMediaType(type)) && baseMediaType(type) !== FORM) continue
      const root = `body${bodies.size}`
      bodies.set(baseMediaType(type), root)
      roots[root] = (isObj(media) ? media.schema : undefined) ?? {}
    }
    const op: Operation = {
      template,
      value: operation,
      parameters,
      requestBody,
      bodies,
      key: `operation${this.operations.size}`
    }
    this.ajv.addSchema(schemaView(this.doc, roots), op.key)
    this.operations.set(name, op)
    return op
  }

  /**
   * Path-item-level parameters overridden by operation-level ones (same name and location); the
   * schema of each is added to `roots` as param0, param1, ...
   */
  private parameters(template: PathTemplate, owners: Obj[], roots: Obj): Parameter[] {
    const merged = new Map<string, Parameter>()
    for (const list of owners.map((owner) => owner.parameters)) {
      if (list === undefined) continue
      if (!Array.isArray(list)) throw new DocumentError('"parameters" is not a list')
      for (const raw of list) {
        const p = this.resolve(raw)
        if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') {
          throw new DocumentError('a parameter lacks "name" or "in"')
        }
        if (p.in === 'path' && !template.names.includes(p.name)) {
          throw new DocumentError(`path parameter "${p.name}" is not in ${template.template}`)
        }
        const [media] = isObj(p.content) ? Object.values(p.content) : []
        const schema = p.schema ?? (isObj(media) ? media.schema : undefined)
        const root = `param${Object.keys(roots).length}`
        if (schema !== undefined) roots[root] = schema
        const resolved = this.resolve(schema)
        const array = this.types(resolved).has('array')
        merged.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.in === 'path' || p.required === true,
          explode: typeof p.explode === 'boolean' ? p.explode : p.in === 'query',
          schema: schema === undefined ? undefined : root,
          array,
          types: this.types(array && isObj(resolved) ? resolved.items : resolved)
        })
      }
    }
    return [...merged.values()]
  }

  private checkPath(label: string, op: Operation, match: RegExpExecArray): string[] {
    const violations: string[] = []
    const values = new Map<string, string>()
    op.template.names.forEach((name, index) => {
      let value: string
      try {
        value = decodeURIComponent(match[index + 1] ?? '')
      } catch {
        violations.push(`${label}: path parameter "${name}" is not valid percent-encoding`)
        return
      }
      if (value.includes('/')) {
        violations.push(`${label}: path parameter "${name}" contains "/" once decoded`)
        return
      }
      values.set(name, value)
    })
    for (const param of op.parameters) {
      const value = param.in === 'path' ? values.get(param.name) : undefined
      if (value !== undefined) violations.push(...this.checkParameter(label, op, param, [value]))
    }
    return violations
  }

  private checkQuery(label: string, op: Operation, query: Array<[string, string]>): string[] {
    const declared = new Map(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]))
    const received = new Map<string, string[]>()
    for (const [name, value] of query) received.set(name, [...(received.get(name) ?? []), value])
    const violations: string[] = []
    for (const [name, values] of received) {
      const param = declared.get(name)
      if (param === undefined) {
        violations.push(`${label}: query parameter "${name}" is not declared by the operation`)
      } else if (values.length > 1 && !(param.array && param.explode)) {
        violations.push(`${label}: query parameter "${name}" is given ${values.length} times`)
      } else {
        violations.push(...this.checkParameter(label, op, param, values))
      }
    }
    for (const param of declared.values()) {
      if (param.required && !received.has(param.name)) {
        violations.push(`${label}: required query parameter "${param.name}" is missing`)
      }
    }
    return violations
  }

  private checkHeaders(
    label: string,
    op: Operation,
    headers: Record<string, string | undefined>
  ): string[] {
    return op.parameters
      .filter((p) => p.in === 'header')
      .flatMap((param) => {
        const value = headers[param.name.toLowerCase()]
        if (value !== undefined) return this.checkParameter(label, op, param, [value])
        return param.required ? [`${label}: required header "${param.name}" is missing`] : []
      })
  }

  /** Validates the received values of one parameter (several only for exploded query arrays). */
  private checkParameter(label: string, op: Operation, param: Parameter, values: string[]) {
    if (param.schema === undefined) return []
    let value: unknown = read(values[0] ?? '', param.types)
    if (param.array) {
      const items =
        param.explode && param.in === 'query' ? values : values.flatMap((v) => v.split(','))
      value = items.map((item) => read(item, param.types))
    }
    const where = param.in === 'header' ? 'header' : `${param.in} parameter`
    return this.validate(op.key, param.schema, value).map(
      (error) => `${label}: ${describe(`${where} "${param.name}"`, error)}`
    )
  }

  /** The JSON types a schema admits, through $refs and allOf/anyOf/oneOf (empty: any). */
  private types(schema: unknown, depth = 0): Set<string> {
    const found = new Set<string>()
    const s = this.resolve(schema)
    if (!isObj(s) || depth > MAX_REF_DEPTH) return found
    for (const type of [s.type].flat()) if (typeof type === 'string') found.add(type)
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[key]
      if (!Array.isArray(list)) continue
      for (const sub of list) for (const type of this.types(sub, depth + 1)) found.add(type)
    }
    return found
  }

  private checkSecurity(
    label: string,
    headers: Record<string, string | undefined>,
    operation: Obj
  ): string[] {
    const requirements = operation.security !== undefined ? operation.security : this.doc.security
    if (requirements === undefined) return []
    if (!Array.isArray(requirements)) throw new DocumentError('"security" is not a list')
    if (requirements.length === 0) return []
    const violations: string[] = []
    const failures: string[] = []
    let satisfied = false
    for (const requirement of requirements) {
      if (!isObj(requirement)) throw new DocumentError('a security requirement is not an object')
      const unmet: string[] = []
      for (const name of Object.keys(requirement)) {
        const result = this.checkScheme(name, headers)
        if (result.unsupported) violations.push(`${label}: ${result.problem}`)
        if (result.problem !== undefined) unmet.push(result.problem)
      }
      if (unmet.length === 0) satisfied = true
      else failures.push(unmet.join(' and '))
    }
    if (!satisfied) {
      violations.push(`${label}: security not satisfied: ${failures.join('; or ')}`)
    }
    return violations
  }

  private checkScheme(
    name: string,
    headers: Record<string, string | undefined>
  ): { problem?: string; unsupported?: boolean } {
    const schemes = isObj(this.doc.components) ? this.doc.components.securitySchemes : undefined
    const scheme = isObj(schemes) ? this.resolve(schemes[name]) : undefined
    if (!isObj(scheme)) {
      return { problem: `security scheme "${name}" is not defined`, unsupported: true }
    }
    if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      return BEARER.test(headers.authorization ?? '')
        ? {}
        : { problem: `${name} needs "Authorization: Bearer <token>"` }
    }
    if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
      const encoded = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(headers.authorization ?? '')?.[1]
      const pair = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8')
      return pair.includes(':')
        ? {}
        : { problem: `${name} needs "Authorization: Basic <base64 of user:password>"` }
    }
    if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') {
      const value = headers[scheme.name.toLowerCase()]
      if (value === undefined || value.trim() === '') {
        return { problem: `${name} needs a non-empty "${scheme.name}" header` }
      }
      const pattern = scheme['x-value-pattern']
      if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(value)) {
        return { problem: `${name} needs the "${scheme.name}" header to match ${pattern}` }
      }
      return {}
    }
    const kind = [scheme.type, scheme.scheme ?? scheme.in].filter((x) => x !== undefined)
    return {
      problem: `security scheme "${name}" has an unsupported type (${kind.join(' ')})`,
      unsupported: true
    }
  }

  private checkBody(label: string, op: Operation, req: ContractRequest): string[] {
    const { body } = req
    const { requestBody } = op
    if (requestBody === undefined) {
      return body === '' ? [] : [`${label}: the operation takes no request body, but one was sent`]
    }
    if (!isObj(requestBody)) throw new DocumentError('"requestBody" is not an object')
    if (body === '') {
      return requestBody.required === true
        ? [`${label}: the operation requires a request body, but none was sent`]
        : []
    }
    // The schema of the media type Content-Type names, if declared, else of the JSON one; none
    // when Content-Type names a declared media type that is not JSON.
    const contentType = baseMediaType(req.headers['content-type'] ?? '')
    const content = this.resolve(requestBody.content)
    const declared =
      isObj(content) && Object.keys(content).some((t) => baseMediaType(t) === contentType)
    const schema = declared
      ? op.bodies.get(contentType)
      : (op.bodies.get('application/json') ?? [...op.bodies.values()][0])
    if (schema === undefined) return []
    let value: unknown
    if (contentType === FORM && declared) {
      // A form body is read as a server reads it: name=value pairs, each name once.
      const pairs = [...new URLSearchParams(body)]
      const names = pairs.map(([name]) => name)
      const repeated = names.find((name, i) => names.indexOf(name) !== i)
      if (repeated !== undefined) return [`${label}: form field "${repeated}" is repeated`]
      return this.validate(op.key, schema, Object.fromEntries(pairs)).map(
        (error) => `${label}: ${describe('body', error)}`
      )
    }
    try {
      value = JSON.parse(body)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return [`${label}: body is not valid JSON (${reason})`]
    }
    return this.validate(op.key, schema, value).map(
      (error) => `${label}: ${describe('body', error)}`
    )
  }

  /** Ajv's errors for `value` against the schema `name` of an operation's view. */
  private validate(key: string, name: string, value: unknown): ErrorObject[] {
    // Compiled on first use, then cached by Ajv; a schema it cannot compile throws.
    const validator = this.ajv.getSchema(`${key}#/${name}`)
    if (validator === undefined) throw new DocumentError(`cannot compile ${name}`)
    return validator(value) ? [] : (validator.errors ?? [])
  }

  /** Follows local `$ref`s (`#/...`) until a non-reference value is reached. */
  private resolve(value: unknown): unknown {
    for (let depth = 0; isObj(value) && typeof value.$ref === 'string'; depth++) {
      const ref = value.$ref
      if (depth >= MAX_REF_DEPTH) throw new DocumentError(`$ref cycle at ${ref}`)
      if (!ref.startsWith('#/')) {
        throw new DocumentError(`unsupported $ref ${ref} (only local references are followed)`)
      }
      value = at(this.doc, ref)
      if (value === undefined) throw new DocumentError(`cannot resolve $ref ${ref}`)
    }
    return value
  }
}

/** A parameter's string as the server reads it for a schema admitting `types`. */
function read(value: string, types: Set<string>): unknown {
  if (types.has('integer') && INTEGER.test(value)) return Number(value)
  if (types.has('number') && NUMBER.test(value)) return Number(value)
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

let githubContract: Contract | undefined

/**
 * GitHub's REST API description for api.github.com, from the @octokit/openapi package (the
 * referencing variant: the dereferenced one is several times bigger). Parsed once and cached.
 */
export function loadGitHubContract(): Contract {
  if (githubContract === undefined) {
    const require = createRequire(import.meta.url)
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
    githubContract = new Contract(JSON.parse(readFileSync(file, 'utf8')))
  }
  return githubContract
}

/** What checks a request against a published description (OpenAPI, or a Smithy model). */
export interface RequestContract {
  check(req: ContractRequest): string[]
}

/**
 * Loads src/providers/<provider>/openapi.yaml (resolved relative to this file), or its
 * smithy.json where the provider publishes Smithy models instead (AWS).
 */
export function loadContract(provider: string): RequestContract {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(provider)) {
    throw new Error(`loadContract: invalid provider name ${JSON.stringify(provider)}`)
  }
  const smithy = new URL(`../src/providers/${provider}/smithy.json`, import.meta.url)
  if (existsSync(smithy)) return SmithyContract.load(fileURLToPath(smithy))
  const url = new URL(`../src/providers/${provider}/openapi.yaml`, import.meta.url)
  return Contract.load(fileURLToPath(url))
}

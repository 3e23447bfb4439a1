/**
 * Checks a request received by a sandbox provider against that provider's OpenAPI 3.x contract
 * (`__fixtures__/openapi/<provider>.yaml`, or GitHub's published description): is there an
 * operation for it, are its path and query parameters valid, does it satisfy the security
 * requirements, does it carry a body only where one is allowed, and does a JSON body match the
 * operation's schema. `check` returns human-readable violations; an empty list means the real
 * provider would accept the request as far as the contract can tell.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

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
  schema: unknown
  explode: boolean
}

interface PathTemplate {
  template: string
  regex: RegExp
  names: string[]
  literalSegments: number
  /** The first segment after the leading "/" when it is literal (the index key), else undefined. */
  head: string | undefined
  item: unknown
}

/** Templates with one segment count: by literal first segment, plus those starting templated. */
interface TemplateBucket {
  byHead: Map<string, PathTemplate[]>
  templatedHead: PathTemplate[]
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])
const INTEGER = /^-?\d+$/
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
/** RFC 3339 date-time (as JSON Schema's "date-time" format); the date is checked separately. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/
const BEARER = /^Bearer \S+$/
const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n]
}
const MAX_REF_DEPTH = 32
/** Nesting limit for schema evaluation (guards against allOf/anyOf reference cycles). */
const MAX_SCHEMA_DEPTH = 128
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

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

/** The JSON path of a property (body.state, body["x-y"]) or an array item (body.labels[0]). */
function child(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`
  return IDENTIFIER.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`
}

/** JSON Schema equality: numbers by value, objects regardless of key order. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]))
  }
  if (isObj(a) && isObj(b)) {
    const keys = Object.keys(a)
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
    )
  }
  return false
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function isValidDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value)
  if (!match) return false
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number]
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return month >= 1 && month <= 12 && day >= 1 && day <= days
}

/** Media type without parameters, lower-cased ('application/json; charset=utf-8' -> ...). */
function baseMediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase()
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Compiles a pattern as ECMA-262 with unicode semantics, falling back to legacy semantics. */
function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u')
  } catch {
    try {
      return new RegExp(pattern)
    } catch {
      throw new DocumentError(`invalid pattern ${JSON.stringify(pattern)}`)
    }
  }
}

function compileTemplate(template: string, item: unknown): PathTemplate {
  const names: string[] = []
  let literalSegments = 0
  const rawSegments = template.split('/')
  const first = rawSegments[1]
  const head = first !== undefined && !first.includes('{') ? first : undefined
  const segments = rawSegments.map((segment) => {
    if (!segment.includes('{')) {
      literalSegments++
      return escapeRegExp(segment)
    }
    return segment
      .split(/(\{[^{}/]+\})/)
      .map((part) => {
        const variable = /^\{([^{}/]+)\}$/.exec(part)
        if (variable?.[1] === undefined) return escapeRegExp(part)
        names.push(variable[1])
        return '([^/]+)'
      })
      .join('')
  })
  return {
    template,
    regex: new RegExp(`^${segments.join('/')}$`),
    names,
    literalSegments,
    head,
    item
  }
}

/** minimum/maximum (3.0 boolean and 3.1 numeric exclusive forms) and multipleOf. */
function numberProblems(n: number, shown: string, schema: Obj): string[] {
  const problems: string[] = []
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema
  if (typeof minimum === 'number') {
    if (exclusiveMinimum === true ? n <= minimum : n < minimum) {
      problems.push(`${shown} is below the minimum ${minimum}`)
    }
  }
  if (typeof maximum === 'number') {
    if (exclusiveMaximum === true ? n >= maximum : n > maximum) {
      problems.push(`${shown} is above the maximum ${maximum}`)
    }
  }
  if (typeof exclusiveMinimum === 'number' && n <= exclusiveMinimum) {
    problems.push(`${shown} is not above ${exclusiveMinimum}`)
  }
  if (typeof exclusiveMaximum === 'number' && n >= exclusiveMaximum) {
    problems.push(`${shown} is not below ${exclusiveMaximum}`)
  }
  if (typeof multipleOf === 'number' && multipleOf > 0 && !Number.isInteger(n / multipleOf)) {
    problems.push(`${shown} is not a multiple of ${multipleOf}`)
  }
  return problems
}

export class Contract {
  private readonly doc: Obj
  /**
   * Path templates indexed by segment count, then by literal first segment: a template variable
   * never spans a "/", so only templates with the request's segment count can match it.
   */
  private readonly index = new Map<number, TemplateBucket>()
  /** The target of each local $ref followed so far (one step; chains are followed each time). */
  private readonly refs = new Map<string, { target: unknown }>()

  constructor(doc: unknown) {
    if (!isObj(doc) || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
      throw new Error('Contract: not an OpenAPI 3.x document (missing or unsupported "openapi")')
    }
    if (!isObj(doc.paths)) throw new Error('Contract: the document has no "paths" object')
    this.doc = doc
    for (const [template, item] of Object.entries(doc.paths)) {
      if (!template.startsWith('/')) continue
      const compiled = compileTemplate(template, item)
      const count = template.split('/').length
      let bucket = this.index.get(count)
      if (bucket === undefined) {
        bucket = { byHead: new Map(), templatedHead: [] }
        this.index.set(count, bucket)
      }
      if (compiled.head === undefined) bucket.templatedHead.push(compiled)
      else bucket.byHead.set(compiled.head, [...(bucket.byHead.get(compiled.head) ?? []), compiled])
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
      return [...new Set(this.checkRequest(req, method, label))]
    } catch (error) {
      if (error instanceof DocumentError) return [`${label}: contract error: ${error.message}`]
      throw error
    }
  }

  /** The templates that could match a request path (same segment count, same literal head). */
  private candidates(path: string): PathTemplate[] {
    const segments = path.split('/')
    const bucket = this.index.get(segments.length)
    if (bucket === undefined) return []
    return [...(bucket.byHead.get(segments[1] ?? '') ?? []), ...bucket.templatedHead]
  }

  private checkRequest(req: ContractRequest, method: string, label: string): string[] {
    const matches = this.candidates(req.path)
      .map((template) => ({ template, match: template.regex.exec(req.path) }))
      .filter((m): m is { template: PathTemplate; match: RegExpExecArray } => m.match !== null)
    if (matches.length === 0) return [`no operation for ${label}: no path template matches`]
    // OpenAPI: concrete paths are matched before templated ones (/api/token/search before
    // /api/token/{id}). Equally concrete matches are ambiguous.
    const best = Math.max(...matches.map((m) => m.template.literalSegments))
    const chosen = matches.filter((m) => m.template.literalSegments === best)
    if (chosen.length > 1) {
      const names = chosen.map((m) => m.template.template).join(', ')
      return [`no operation for ${label}: the path matches several templates (${names})`]
    }
    const { template, match } = chosen[0] as { template: PathTemplate; match: RegExpExecArray }
    const item = this.resolve(template.item)
    const operation = isObj(item) ? this.resolve(item[method.toLowerCase()]) : undefined
    if (!HTTP_METHODS.has(method.toLowerCase()) || !isObj(item) || !isObj(operation)) {
      const allowed = isObj(item)
        ? Object.keys(item)
            .filter((key) => HTTP_METHODS.has(key))
            .map((key) => key.toUpperCase())
        : []
      return [
        `no operation for ${label}: ${template.template} allows ${allowed.join(', ') || 'no method'}`
      ]
    }

    const parameters = this.parameters(item, operation)
    const violations: string[] = []
    violations.push(...this.checkPath(label, template, match, parameters))
    violations.push(...this.checkQuery(label, req.query, parameters))
    violations.push(...this.checkHeaders(label, req.headers, parameters))
    violations.push(...this.checkSecurity(label, req.headers, operation))
    violations.push(...this.checkBody(label, req, operation))
    return violations
  }

  /** Path-item-level parameters overridden by operation-level ones (same name and location). */
  private parameters(item: Obj, operation: Obj): Parameter[] {
    const merged = new Map<string, Parameter>()
    for (const list of [item.parameters, operation.parameters]) {
      if (list === undefined) continue
      if (!Array.isArray(list)) throw new DocumentError('"parameters" is not a list')
      for (const raw of list) {
        const param = this.resolve(raw)
        if (!isObj(param) || typeof param.name !== 'string' || typeof param.in !== 'string') {
          throw new DocumentError('a parameter lacks "name" or "in"')
        }
        let schema = param.schema
        if (schema === undefined && isObj(param.content)) {
          const first = Object.values(param.content)[0]
          schema = isObj(first) ? first.schema : undefined
        }
        const explode = typeof param.explode === 'boolean' ? param.explode : param.in === 'query'
        merged.set(`${param.in}:${param.name}`, {
          name: param.name,
          in: param.in,
          required: param.in === 'path' || param.required === true,
          schema,
          explode
        })
      }
    }
    return [...merged.values()]
  }

  private checkPath(
    label: string,
    template: PathTemplate,
    match: RegExpExecArray,
    parameters: Parameter[]
  ): string[] {
    const violations: string[] = []
    const values = new Map<string, string>()
    template.names.forEach((name, index) => {
      const raw = match[index + 1] ?? ''
      let value: string
      try {
        value = decodeURIComponent(raw)
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
    for (const param of parameters.filter((p) => p.in === 'path')) {
      if (!template.names.includes(param.name)) {
        throw new DocumentError(`path parameter "${param.name}" is not in ${template.template}`)
      }
      const value = values.get(param.name)
      if (value === undefined) continue
      for (const problem of this.validateParameter(param, [value])) {
        violations.push(`${label}: path parameter "${param.name}" ${problem}`)
      }
    }
    return violations
  }

  private checkQuery(label: string, query: Array<[string, string]>, parameters: Parameter[]) {
    const declared = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]))
    const received = new Map<string, string[]>()
    for (const [name, value] of query) received.set(name, [...(received.get(name) ?? []), value])
    const violations: string[] = []
    for (const [name, values] of received) {
      const param = declared.get(name)
      if (param === undefined) {
        violations.push(`${label}: query parameter "${name}" is not declared by the operation`)
        continue
      }
      if (values.length > 1 && !(this.isArray(param.schema) && param.explode)) {
        violations.push(`${label}: query parameter "${name}" is given ${values.length} times`)
        continue
      }
      for (const problem of this.validateParameter(param, values)) {
        violations.push(`${label}: query parameter "${name}" ${problem}`)
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
    headers: Record<string, string | undefined>,
    parameters: Parameter[]
  ): string[] {
    const violations: string[] = []
    for (const param of parameters.filter((p) => p.in === 'header')) {
      const value = headers[param.name.toLowerCase()]
      if (value === undefined) {
        if (param.required) {
          violations.push(`${label}: required header "${param.name}" is missing`)
        }
        continue
      }
      for (const problem of this.validateParameter(param, [value])) {
        violations.push(`${label}: header "${param.name}" ${problem}`)
      }
    }
    return violations
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
    if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') {
      const value = headers[scheme.name.toLowerCase()]
      if (value === undefined || value.trim() === '') {
        return { problem: `${name} needs a non-empty "${scheme.name}" header` }
      }
      const pattern = scheme['x-value-pattern']
      if (typeof pattern === 'string' && !compilePattern(pattern).test(value)) {
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

  private checkBody(label: string, req: ContractRequest, operation: Obj): string[] {
    const { body } = req
    const requestBody = this.resolve(operation.requestBody)
    if (requestBody === undefined) {
      return body === '' ? [] : [`${label}: the operation takes no request body, but one was sent`]
    }
    if (!isObj(requestBody)) throw new DocumentError('"requestBody" is not an object')
    if (body === '') {
      return requestBody.required === true
        ? [`${label}: the operation requires a request body, but none was sent`]
        : []
    }
    const media = this.jsonMediaType(requestBody, req.headers['content-type'])
    if (media === undefined) return []
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return [`${label}: body is not valid JSON (${reason})`]
    }
    const schema = isObj(media) ? media.schema : undefined
    return this.validateJson(value, schema, 'body', 0).map((problem) => `${label}: ${problem}`)
  }

  /**
   * The JSON media type object the body is checked against, or undefined when the operation
   * declares none or the request's Content-Type names another declared (non-JSON) media type.
   */
  private jsonMediaType(requestBody: Obj, contentType: string | undefined): unknown {
    const content = this.resolve(requestBody.content)
    if (!isObj(content)) return undefined
    const entries = Object.entries(content).map(([type, media]) => ({
      type: baseMediaType(type),
      media
    }))
    const json =
      entries.find((entry) => entry.type === 'application/json') ??
      entries.find((entry) => JSON_MEDIA_TYPE.test(entry.type))
    if (contentType !== undefined) {
      const declared = entries.find((entry) => entry.type === baseMediaType(contentType))
      if (declared !== undefined) {
        return JSON_MEDIA_TYPE.test(declared.type) ? this.resolve(declared.media) : undefined
      }
    }
    return json === undefined ? undefined : this.resolve(json.media)
  }

  /** Problems with a parsed JSON value against a schema, each prefixed with its JSON path. */
  private validateJson(value: unknown, rawSchema: unknown, at: string, depth: number): string[] {
    if (depth > MAX_SCHEMA_DEPTH) throw new DocumentError('schema nesting is too deep (a cycle?)')
    const schema = this.resolve(rawSchema)
    if (schema === false) return [`${at}: no value is allowed here`]
    if (!isObj(schema)) return []
    // OpenAPI 3.0 "nullable: true" admits null, whatever the other keywords say (GitHub's enums
    // with nullable: true do not list null although null is meant to be accepted).
    if (value === null && schema.nullable === true) return []
    const next = depth + 1
    const problems: string[] = []

    if (Array.isArray(schema.allOf)) {
      for (const sub of schema.allOf) problems.push(...this.validateJson(value, sub, at, next))
    }
    if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
      const failures = schema.anyOf.map((sub) => this.validateJson(value, sub, at, next))
      if (!failures.some((f) => f.length === 0)) {
        problems.push(`${at}: matches none of the anyOf alternatives (${this.either(failures)})`)
      }
    }
    if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) {
      const failures = schema.oneOf.map((sub) => this.validateJson(value, sub, at, next))
      const passing = failures.flatMap((f, i) => (f.length === 0 ? [i] : []))
      if (passing.length === 0) {
        problems.push(`${at}: matches none of the oneOf alternatives (${this.either(failures)})`)
      } else if (passing.length > 1) {
        problems.push(
          `${at}: matches ${passing.length} oneOf alternatives (#${passing.join(', #')}), not exactly one`
        )
      }
    }
    if (schema.not !== undefined && this.validateJson(value, schema.not, at, next).length === 0) {
      problems.push(`${at}: ${show(value)} matches a schema it must not match`)
    }

    const types = this.types(schema)
    if (types.length > 0) {
      const actual = jsonType(value)
      const allowed =
        types.includes(actual) ||
        (actual === 'integer' && types.includes('number')) ||
        (actual === 'null' && schema.nullable === true)
      if (!allowed) {
        const expected = schema.nullable === true ? [...types, 'null'] : types
        return [...problems, `${at}: ${show(value)} is not of type ${expected.join(' or ')}`]
      }
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => jsonEqual(e, value))) {
      problems.push(`${at}: ${show(value)} is not one of ${schema.enum.map(show).join(', ')}`)
    }
    if ('const' in schema && !jsonEqual(schema.const, value)) {
      problems.push(`${at}: ${show(value)} is not ${show(schema.const)}`)
    }

    if (typeof value === 'string') {
      problems.push(...this.validateString(value, schema).map((p) => `${at}: ${p}`))
    } else if (typeof value === 'number') {
      problems.push(...numberProblems(value, show(value), schema).map((p) => `${at}: ${p}`))
      const range =
        Number.isInteger(value) && typeof schema.format === 'string' && INT_RANGES[schema.format]
      if (range && (BigInt(value) < range[0] || BigInt(value) > range[1])) {
        problems.push(`${at}: ${show(value)} is out of the ${String(schema.format)} range`)
      }
    } else if (Array.isArray(value)) {
      problems.push(...this.validateArray(value, schema, at, next))
    } else if (isObj(value)) {
      problems.push(...this.validateObject(value, schema, at, next))
    }
    return problems
  }

  /** Joins the failures of several alternatives, first problem of each. */
  private either(failures: string[][]): string {
    return failures.map((f) => f[0] ?? '').join('; or ')
  }

  private validateArray(value: unknown[], schema: Obj, at: string, depth: number): string[] {
    const problems: string[] = []
    const shown = show(value)
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      problems.push(`${at}: ${shown} has ${value.length} items, fewer than ${schema.minItems}`)
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      problems.push(`${at}: ${shown} has ${value.length} items, more than ${schema.maxItems}`)
    }
    if (schema.uniqueItems === true) {
      const duplicate = value.findIndex((item, i) =>
        value.slice(0, i).some((o) => jsonEqual(o, item))
      )
      if (duplicate >= 0) problems.push(`${child(at, duplicate)}: duplicates an earlier item`)
    }
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined
    value.forEach((item, i) => {
      const itemSchema = prefix !== undefined && i < prefix.length ? prefix[i] : schema.items
      problems.push(...this.validateJson(item, itemSchema, child(at, i), depth))
    })
    return problems
  }

  private validateObject(value: Obj, schema: Obj, at: string, depth: number): string[] {
    const problems: string[] = []
    const properties = isObj(schema.properties) ? schema.properties : {}
    if (Array.isArray(schema.required)) {
      for (const name of schema.required) {
        if (typeof name !== 'string' || Object.hasOwn(value, name)) continue
        // OpenAPI 3.0: a required readOnly property is required in responses only.
        const property = this.resolve(properties[name])
        if (isObj(property) && property.readOnly === true) continue
        problems.push(`${child(at, name)}: required property is missing`)
      }
    }
    const count = Object.keys(value).length
    if (typeof schema.minProperties === 'number' && count < schema.minProperties) {
      problems.push(`${at}: has ${count} properties, fewer than ${schema.minProperties}`)
    }
    if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) {
      problems.push(`${at}: has ${count} properties, more than ${schema.maxProperties}`)
    }
    const patterns = isObj(schema.patternProperties)
      ? Object.entries(schema.patternProperties).map(
          ([pattern, sub]) => [compilePattern(pattern), sub] as const
        )
      : []
    for (const [key, item] of Object.entries(value)) {
      const at2 = child(at, key)
      let known = false
      if (Object.hasOwn(properties, key)) {
        known = true
        problems.push(...this.validateJson(item, properties[key], at2, depth))
      }
      for (const [regex, sub] of patterns) {
        if (!regex.test(key)) continue
        known = true
        problems.push(...this.validateJson(item, sub, at2, depth))
      }
      if (known || schema.additionalProperties === undefined) continue
      const additional = this.resolve(schema.additionalProperties)
      if (additional === false) {
        const allowed = Object.keys(properties)
        problems.push(
          `${at2}: property is not allowed` +
            (allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '')
        )
      } else {
        problems.push(...this.validateJson(item, additional, at2, depth))
      }
    }
    return problems
  }

  private isArray(schema: unknown): boolean {
    const resolved = this.resolve(schema)
    return isObj(resolved) && this.types(resolved).includes('array')
  }

  /** Validates the received values of one parameter (several only for exploded query arrays). */
  private validateParameter(param: Parameter, values: string[]): string[] {
    if (!this.isArray(param.schema)) {
      return values.flatMap((value) => this.validate(value, param.schema))
    }
    const schema = this.resolve(param.schema) as Obj
    const items =
      param.explode && param.in === 'query' ? values : values.flatMap((v) => v.split(','))
    const problems: string[] = []
    if (typeof schema.minItems === 'number' && items.length < schema.minItems) {
      problems.push(`has ${items.length} items, fewer than ${schema.minItems}`)
    }
    if (typeof schema.maxItems === 'number' && items.length > schema.maxItems) {
      problems.push(`has ${items.length} items, more than ${schema.maxItems}`)
    }
    return [...problems, ...items.flatMap((item) => this.validate(item, schema.items))]
  }

  private types(schema: Obj): string[] {
    if (typeof schema.type === 'string') return [schema.type]
    if (Array.isArray(schema.type)) {
      return schema.type.filter((t): t is string => typeof t === 'string')
    }
    return []
  }

  /** Problems with one string value against a schema (empty when valid). */
  private validate(value: string, rawSchema: unknown): string[] {
    const schema = this.resolve(rawSchema)
    if (schema === false) return [`${JSON.stringify(value)} is not allowed`]
    if (!isObj(schema)) return []
    const shown = JSON.stringify(value)
    const problems: string[] = []

    if (Array.isArray(schema.allOf)) {
      for (const sub of schema.allOf) problems.push(...this.validate(value, sub))
    }
    // oneOf is checked like anyOf: a string that satisfies several alternatives is accepted.
    for (const key of ['anyOf', 'oneOf'] as const) {
      const alternatives = schema[key]
      if (!Array.isArray(alternatives) || alternatives.length === 0) continue
      if (!alternatives.some((sub) => this.validate(value, sub).length === 0)) {
        problems.push(`${shown} matches none of the ${key} alternatives`)
      }
    }

    const types = this.types(schema)
    let kind: 'integer' | 'number' | 'boolean' | 'string'
    if (types.length === 0 || types.includes('string')) kind = 'string'
    else if (types.includes('integer') && INTEGER.test(value)) kind = 'integer'
    else if (types.includes('number') && NUMBER.test(value)) kind = 'number'
    else if (types.includes('boolean') && (value === 'true' || value === 'false')) kind = 'boolean'
    else return [...problems, `${shown} is not of type ${types.join(' or ')}`]
    // A string-or-number schema: prefer the numeric reading when the value is numeric.
    if (kind === 'string' && types.includes('integer') && INTEGER.test(value)) kind = 'integer'
    else if (kind === 'string' && types.includes('number') && NUMBER.test(value)) kind = 'number'

    const numeric = kind === 'integer' || kind === 'number'
    const equals = (candidate: unknown): boolean =>
      typeof candidate === 'string'
        ? kind === 'string' && candidate === value
        : typeof candidate === 'number'
          ? numeric && Number(value) === candidate
          : typeof candidate === 'boolean' && kind === 'boolean' && String(candidate) === value
    if (Array.isArray(schema.enum) && !schema.enum.some(equals)) {
      problems.push(
        `${shown} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`
      )
    }
    if ('const' in schema && !equals(schema.const)) {
      problems.push(`${shown} is not ${JSON.stringify(schema.const)}`)
    }

    if (kind === 'integer' || kind === 'number') {
      problems.push(...this.validateNumber(value, kind, schema))
    }
    if (kind === 'string') problems.push(...this.validateString(value, schema))
    return problems
  }

  private validateNumber(value: string, kind: 'integer' | 'number', schema: Obj): string[] {
    const shown = JSON.stringify(value)
    const problems = numberProblems(Number(value), shown, schema)
    const range =
      kind === 'integer' && typeof schema.format === 'string' && INT_RANGES[schema.format]
    if (range && (BigInt(value) < range[0] || BigInt(value) > range[1])) {
      problems.push(`${shown} is out of the ${String(schema.format)} range`)
    }
    return problems
  }

  private validateString(value: string, schema: Obj): string[] {
    const shown = JSON.stringify(value)
    const length = [...value].length
    const problems: string[] = []
    if (typeof schema.minLength === 'number' && length < schema.minLength) {
      problems.push(`${shown} is shorter than ${schema.minLength} characters`)
    }
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
      problems.push(`${shown} is longer than ${schema.maxLength} characters`)
    }
    if (typeof schema.pattern === 'string' && !compilePattern(schema.pattern).test(value)) {
      problems.push(`${shown} does not match the pattern ${schema.pattern}`)
    }
    if (schema.format === 'uuid' && !UUID.test(value)) {
      problems.push(`${shown} is not a UUID`)
    }
    if (schema.format === 'date-time' && !isValidDateTime(value)) {
      problems.push(`${shown} is not an RFC 3339 date-time`)
    }
    return problems
  }

  /** Follows local `$ref`s (`#/...`) until a non-reference value is reached. */
  private resolve(value: unknown): unknown {
    let current = value
    for (let depth = 0; isObj(current) && typeof current.$ref === 'string'; depth++) {
      if (depth >= MAX_REF_DEPTH) throw new DocumentError(`$ref cycle at ${current.$ref}`)
      const ref = current.$ref
      const cached = this.refs.get(ref)
      if (cached !== undefined) {
        current = cached.target
        continue
      }
      if (ref !== '#' && !ref.startsWith('#/')) {
        throw new DocumentError(`unsupported $ref ${ref} (only local references are followed)`)
      }
      let target: unknown = this.doc
      for (const token of ref === '#' ? [] : ref.slice(2).split('/')) {
        let key: string
        try {
          key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')
        } catch {
          throw new DocumentError(`malformed $ref ${ref}`)
        }
        if (Array.isArray(target) && /^\d+$/.test(key)) target = target[Number(key)]
        else if (isObj(target) && Object.hasOwn(target, key)) target = target[key]
        else throw new DocumentError(`cannot resolve $ref ${ref}`)
      }
      this.refs.set(ref, { target })
      current = target
    }
    return current
  }
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

/** Loads __fixtures__/openapi/<provider>.yaml (resolved relative to this file). */
export function loadContract(provider: string): Contract {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(provider)) {
    throw new Error(`loadContract: invalid provider name ${JSON.stringify(provider)}`)
  }
  const url = new URL(`../__fixtures__/openapi/${provider}.yaml`, import.meta.url)
  return Contract.load(fileURLToPath(url))
}

/**
 * Checks a request against AWS Smithy models of awsQuery services (IAM, STS): what the service
 * would refuse before acting. `check` returns human-readable violations; empty means the request
 * is well formed as far as the model can tell:
 * - a form-encoded POST to `/` (Content-Type application/x-www-form-urlencoded) whose `Action`
 *   is an operation of one of the models, and whose `Version` is that service's version;
 * - every other parameter a member of the operation's input structure (awsQuery names members
 *   as written), every required member present, each value within its shape's length, pattern,
 *   enum and range;
 * - a SigV4 `Authorization` header whose credential scope names the service whose model holds
 *   the operation (its `aws.auth#sigv4` name), dated as `X-Amz-Date`, signing `host` and
 *   `x-amz-date`. Whether the signature is right is the fake's to say (it verifies it), as AWS
 *   answers a wrong one with its own error.
 */
import { readFileSync } from 'node:fs'
import type { ContractRequest } from './contract.js'

type Obj = Record<string, unknown>
interface Shape {
  type: string
  version?: string
  operations?: Array<{ target: string }>
  input?: { target: string }
  members?: Record<string, { target: string; traits?: Obj }>
  member?: { target: string }
  traits?: Obj
}

const FORM = /^application\/x-www-form-urlencoded(?:;\s*charset=utf-8)?$/i
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]{16,128})\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/

export class SmithyContract {
  /** Each operation's name, with its service's version and signing name, and its input. */
  readonly #operations = new Map<string, { version: string; signing: string; input?: string }>()

  constructor(private readonly shapes: Record<string, Shape>) {
    for (const shape of Object.values(shapes)) {
      if (shape.type !== 'service') continue
      const signing = (shape.traits?.['aws.auth#sigv4'] as { name?: string } | undefined)?.name
      if (!shape.version || !signing || !shape.traits?.['aws.protocols#awsQuery'])
        throw new Error('SmithyContract: a service without version, sigv4 name or awsQuery')
      for (const { target } of shape.operations ?? []) {
        const op = shapes[target]
        if (!op) throw new Error(`SmithyContract: operation ${target} is not in the model`)
        this.#operations.set(target.split('#')[1] ?? '', {
          version: shape.version,
          signing,
          input: op.input?.target === 'smithy.api#Unit' ? undefined : op.input?.target
        })
      }
    }
  }

  static load(file: string): SmithyContract {
    return new SmithyContract(
      (JSON.parse(readFileSync(file, 'utf8')) as { shapes: Record<string, Shape> }).shapes
    )
  }

  /** The operations the model holds, as `signing:Name` (`iam:UpdateAccessKey`). */
  get operations(): string[] {
    return [...this.#operations].map(([name, op]) => `${op.signing}:${name}`).sort()
  }

  check(req: ContractRequest): string[] {
    const problems: string[] = []
    if (req.method !== 'POST') problems.push(`${req.method} ${req.path}: awsQuery takes POST only`)
    if (req.path !== '/') problems.push(`${req.method} ${req.path}: awsQuery requests go to /`)
    if (req.query.length > 0)
      problems.push('the query string must be empty (parameters go in the body)')
    if (!FORM.test(req.headers['content-type'] ?? ''))
      problems.push(
        `Content-Type must be application/x-www-form-urlencoded, not ${JSON.stringify(req.headers['content-type'] ?? '')}`
      )
    const params = [...new URLSearchParams(req.body)]
    const seen = new Set<string>()
    for (const [name] of params) {
      if (seen.has(name)) problems.push(`parameter ${name} is repeated`)
      seen.add(name)
    }
    const get = (name: string) => params.find(([n]) => n === name)?.[1]
    const action = get('Action') ?? ''
    const op = this.#operations.get(action)
    if (!op)
      return [...problems, `Action ${JSON.stringify(action)} is not an operation of the model`]
    const label = `${op.signing}:${action}`
    if (get('Version') !== op.version)
      problems.push(
        `${label}: Version must be ${op.version}, not ${JSON.stringify(get('Version') ?? '')}`
      )
    problems.push(...this.#auth(req, op.signing, label))
    const input = op.input ? this.shapes[op.input] : undefined
    const members = input?.members ?? {}
    const present = new Set<string>()
    const lists = new Map<string, Map<number, Set<string>>>()
    for (const [name, value] of params) {
      if (name === 'Action' || name === 'Version') continue
      const member = members[name]
      if (member) {
        present.add(name)
        problems.push(...this.#value(`${label}: ${name}`, member.target, value))
        continue
      }
      // awsQuery sends a list of structures as `Name.member.N.Field` (N from 1).
      const item = /^([A-Za-z0-9]+)\.member\.([1-9]\d*)\.([A-Za-z0-9]+)$/.exec(name)
      const list = item ? members[item[1] ?? ''] : undefined
      const listShape = list ? this.shapes[list.target] : undefined
      const element = listShape?.type === 'list' ? listShape.member?.target : undefined
      const field = element ? this.shapes[element]?.members?.[item?.[3] ?? ''] : undefined
      if (!item || !element || listShape?.traits?.['aws.protocols#xmlFlattened'] || !field) {
        problems.push(`${label}: ${name} is not a member of its input`)
        continue
      }
      present.add(item[1] ?? '')
      const indexes = lists.get(item[1] ?? '') ?? new Map<number, Set<string>>()
      const fields = indexes.get(Number(item[2])) ?? new Set<string>()
      fields.add(item[3] ?? '')
      indexes.set(Number(item[2]), fields)
      lists.set(item[1] ?? '', indexes)
      problems.push(...this.#value(`${label}: ${name}`, field.target, value))
    }
    for (const [name, indexes] of lists) {
      const listShape = this.shapes[members[name]?.target ?? '']
      const element = this.shapes[listShape?.member?.target ?? '']
      const max = (listShape?.traits?.['smithy.api#length'] as { max?: number } | undefined)?.max
      if (max !== undefined && indexes.size > max)
        problems.push(`${label}: ${name} has more than ${max} members`)
      const numbers = [...indexes.keys()].sort((a, b) => a - b)
      if (numbers.some((n, i) => n !== i + 1))
        problems.push(`${label}: ${name}.member.N is not numbered 1, 2, … without gaps`)
      for (const [n, fields] of indexes)
        for (const [field, m] of Object.entries(element?.members ?? {}))
          if (m.traits?.['smithy.api#required'] !== undefined && !fields.has(field))
            problems.push(`${label}: required member ${name}.member.${n}.${field} is missing`)
    }
    for (const [name, member] of Object.entries(members))
      if (member.traits?.['smithy.api#required'] !== undefined && !present.has(name))
        problems.push(`${label}: required member ${name} is missing`)
    return problems
  }

  #auth(req: ContractRequest, signing: string, label: string): string[] {
    const auth = AUTHORIZATION.exec(req.headers.authorization ?? '')
    if (!auth)
      return [
        `${label}: Authorization is not a SigV4 header (AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…)`
      ]
    const [, , day, , service, signed = ''] = auth
    const problems: string[] = []
    if (service !== signing)
      problems.push(`${label}: signed for service ${service}, not ${signing}`)
    const date = req.headers['x-amz-date'] ?? ''
    if (!/^\d{8}T\d{6}Z$/.test(date) || date.slice(0, 8) !== day)
      problems.push(
        `${label}: X-Amz-Date ${JSON.stringify(date)} does not match the credential scope`
      )
    const names = signed.split(';')
    for (const needed of ['host', 'x-amz-date'])
      if (!names.includes(needed)) problems.push(`${label}: SignedHeaders lacks ${needed}`)
    if ([...names].sort().join(';') !== signed)
      problems.push(`${label}: SignedHeaders are not sorted`)
    return problems
  }

  #value(label: string, target: string, value: string): string[] {
    const shape = this.shapes[target]
    if (!shape)
      return target.startsWith('smithy.api#')
        ? []
        : [`${label}: shape ${target} is not in the model`]
    const traits = shape.traits ?? {}
    const problems: string[] = []
    if (shape.type === 'string') {
      const length = traits['smithy.api#length'] as { min?: number; max?: number } | undefined
      const count = [...value].length
      if (length?.min !== undefined && count < length.min)
        problems.push(`${label}: shorter than ${length.min}`)
      if (length?.max !== undefined && count > length.max)
        problems.push(`${label}: longer than ${length.max}`)
      const pattern = traits['smithy.api#pattern'] as string | undefined
      if (pattern && !patternOf(pattern)?.test(value))
        problems.push(`${label}: ${JSON.stringify(value)} does not match ${pattern}`)
    } else if (shape.type === 'enum') {
      const values = Object.entries(shape.members ?? {}).map(
        ([name, m]) => (m.traits?.['smithy.api#enumValue'] as string | undefined) ?? name
      )
      if (!values.includes(value))
        problems.push(`${label}: ${JSON.stringify(value)} is not one of ${values.join(', ')}`)
    } else if (shape.type === 'integer') {
      const range = traits['smithy.api#range'] as { min?: number; max?: number } | undefined
      const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN
      if (Number.isNaN(n)) problems.push(`${label}: not an integer`)
      else if (
        (range?.min !== undefined && n < range.min) ||
        (range?.max !== undefined && n > range.max)
      )
        problems.push(`${label}: out of range`)
    } else if (shape.type === 'boolean') {
      if (value !== 'true' && value !== 'false') problems.push(`${label}: not true or false`)
    } else
      problems.push(
        `${label}: a ${shape.type} is not sent by the adapter; the contract does not check it`
      )
    return problems
  }
}

const patterns = new Map<string, RegExp | undefined>()
/** A Smithy pattern (ECMA 262) as a RegExp, with the `u` flag its `\u` escapes need. */
function patternOf(pattern: string): RegExp | undefined {
  if (!patterns.has(pattern)) {
    let compiled: RegExp | undefined
    try {
      compiled = new RegExp(pattern, 'u')
    } catch {
      compiled = undefined
    }
    patterns.set(pattern, compiled)
  }
  return patterns.get(pattern)
}

import * as z from 'zod/mini'
import { RevocationFailure } from '../../errors.js'
import { parseJson, type HttpResponse } from '../../http/client.js'
import { excerpt } from '../../secrets.js'
import { expectBody, failure, providerMessage, reasonForStatus, segment } from '../answers.js'
import { readAllPages } from '../pages.js'
import { couldShow, PartialFormIndex, type PartialForm } from '../partial-forms.js'
import type { Credential, DeleteResult, ProbeAnswer, Provider, ProviderContext } from '../types.js'
import { ADMIN, PART, openaiFacts, parseKeyId, type KeyRef } from './facts.js'

// Contract: src/providers/openai/README.md and src/providers/openai/openapi.yaml (a subset of OpenAI's
// official OpenAPI description). Every management call takes an admin API key as a bearer token.

const PAGE = 100
const MAX_PAGES = 200
/** The mask of a `redacted_value`, as every example of the reference shows it: "sk-abc...def". */
const MASK = '...'
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

const Page = z.object({
  data: z.array(z.unknown()),
  has_more: z.boolean(),
  last_id: z.nullish(z.string())
})
const Listed = z.looseObject({ id: z.string(), redacted_value: z.string() })
const ProjectKey = z.extend(Listed, {
  owner: z.optional(
    z.looseObject({
      type: z.optional(z.string()),
      service_account: z.nullish(z.looseObject({ id: z.string() }))
    })
  )
})
const Project = z.looseObject({ id: z.string() })
const Deleted = z.looseObject({ id: z.string(), object: z.string(), deleted: z.boolean() })
// The create answer (an AdminApiKey with its value, "only shown on create").
const CreatedAdmin = z.looseObject({
  id: z.string().check(z.minLength(1)),
  value: z.string().check(z.minLength(8))
})

const ErrorBody = z.looseObject({ error: z.looseObject({ message: z.string() }) })

/** A listed key, as one `key-id` and what the list says about it. */
interface Candidate {
  ref: string
  redacted: string
  name?: string
  /** The service account owning a project key, when one does. */
  serviceAccount?: string
}

/**
 * A `redacted_value`'s visible start and end. The reference documents it only as "the redacted
 * value of the API key" and shows it as a visible start, "...", a visible end ("sk-abc...def",
 * "sk-admin...def"); it is read exactly so, nothing else counts. `undefined`: the redacted
 * value does not have that shape, so it can tell nothing.
 */
export function redactedForm(redacted: string): PartialForm | undefined {
  const at = redacted.indexOf(MASK)
  if (at < 0 || redacted.indexOf(MASK, at + 1) >= 0) return undefined
  const start = redacted.slice(0, at)
  const end = redacted.slice(at + MASK.length)
  if (!start.startsWith('sk-') || end.length < 3 || end.includes('.')) return undefined
  return { start, end }
}

/** Whether a `redacted_value` could show this key; `undefined` when its shape is not the documented one. */
export function redactedMatches(redacted: string, value: string): boolean | undefined {
  const form = redactedForm(redacted)
  return form && couldShow(form, value)
}

/** OpenAI's `error.message`, or the body, with any `sk-…` it echoes (even masked) cut out. */
function said(ctx: ProviderContext, res: HttpResponse): string {
  const body = ErrorBody.safeParse(parseJson(res))
  const text = body.success
    ? body.data.error.message
    : providerMessage({ text: ctx.redactor.scrub(res.text) })
  return excerpt(maskKeys(text), ctx.redactor)
}

/**
 * `text` without anything that looks like an OpenAI key, whole or masked, and with the line
 * after it when the key goes on there (a line break, or JSON's escaped one, then key
 * characters): cutting only the first line of a wrapped key would leave a second the redactor
 * cannot tell from text.
 */
function maskKeys(text: string): string {
  return text.replace(/sk-[A-Za-z0-9_*.•…-]*(?:(?:\r?\n|\\r\\n|\\n)[A-Za-z0-9_*.•…-]+)?/g, 'sk-…')
}

/** A failure quoting OpenAI's answer, with any key it echoes cut out first. */
function openaiFailure(ctx: ProviderContext, res: HttpResponse, what: string) {
  return failure({ ...res, text: maskKeys(res.text) }, ctx.redactor, what)
}

/**
 * The organization an answer is for: `openai-organization`, "the organization associated with
 * the request", among the headers every API response carries (API reference, Debugging requests).
 */
function organizationOf(res: HttpResponse): string | undefined {
  const value = res.headers['openai-organization']
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** Every item of a cursor-paged list (`after` = the previous page's `last_id`). */
async function listAll(
  ctx: ProviderContext,
  auth: Credential,
  path: string,
  query: string,
  what: string,
  /** Called with each page's answer (for its headers). */
  onPage: (res: HttpResponse) => void = () => {}
): Promise<unknown[]> {
  const all: unknown[] = []
  await readAllPages(what, MAX_PAGES, async (after) => {
    const q = [query, after ? `after=${encodeURIComponent(after)}` : ''].filter(Boolean).join('&')
    const res = await ctx.http.send({
      method: 'GET',
      path: q ? `${path}?${q}` : path,
      headers: bearer(auth.secret),
      pace: 'list'
    })
    if (res.status !== 200) throw openaiFailure(ctx, res, what)
    const body = expectBody(res, Page, ctx.redactor, what)
    onPage(res)
    all.push(...body.data)
    return { more: body.has_more, next: body.last_id ?? undefined }
  })
  return all
}

function items<T>(
  ctx: ProviderContext,
  list: unknown[],
  schema: z.ZodMiniType<T>,
  what: string
): T[] {
  return list.map((item) => {
    const parsed = schema.safeParse(item)
    if (!parsed.success)
      throw new RevocationFailure('provider-error', `${what}: unexpected answer: an item lacks id`)
    return parsed.data
  })
}

async function adminKeys(
  ctx: ProviderContext,
  auth: Credential,
  onPage?: (res: HttpResponse) => void
): Promise<Candidate[]> {
  const what = 'OpenAI list admin API keys'
  const list = await listAll(ctx, auth, '/v1/organization/admin_api_keys', '', what, onPage)
  return items(ctx, list, Listed, what).map((k) => ({
    ref: `${ADMIN}:${k.id}`,
    redacted: k.redacted_value,
    ...(typeof k.name === 'string' && k.name ? { name: k.name } : {})
  }))
}

async function projectKeys(
  ctx: ProviderContext,
  auth: Credential,
  projectId: string
): Promise<Candidate[]> {
  const what = 'OpenAI list project API keys'
  // `any`: every enabled key; without it the list may leave out keys whose owner lost access.
  const list = await listAll(
    ctx,
    auth,
    `/v1/organization/projects/${segment(projectId)}/api_keys`,
    `limit=${PAGE}&owner_project_access=any`,
    what
  )
  return items(ctx, list, ProjectKey, what).map((k) => ({
    ref: `${projectId}:${k.id}`,
    redacted: k.redacted_value,
    ...(typeof k.name === 'string' && k.name ? { name: k.name } : {}),
    ...(k.owner?.type === 'service_account'
      ? { serviceAccount: k.owner.service_account?.id ?? '(id not given)' }
      : {})
  }))
}

/** Every listed key by its redacted value, how many show one of another shape, and whose they are. */
interface EveryKey {
  keys: PartialFormIndex<Candidate>
  odd: number
  organization: string | undefined
}

/**
 * Every key the admin key can see (admin keys, and the keys of every unarchived project), and
 * the organization they are of, when OpenAI's answers say it.
 */
async function everyKey(ctx: ProviderContext, auth: Credential): Promise<EveryKey> {
  return ctx.memo('every-key', async () => {
    let organization: string | undefined
    const admins = await adminKeys(ctx, auth, (res) => (organization ??= organizationOf(res)))
    const what = 'OpenAI list projects'
    const projects = items(
      ctx,
      await listAll(ctx, auth, '/v1/organization/projects', `limit=${PAGE}`, what),
      Project,
      what
    )
    const all = [...admins]
    for (const project of projects) {
      if (!PART.test(project.id))
        throw new RevocationFailure(
          'provider-error',
          `${what}: a project id outside the documented examples' shape; give \`key-id\``
        )
      all.push(
        ...(await ctx.memo(`project:${project.id}`, () => projectKeys(ctx, auth, project.id)))
      )
    }
    const keys = new PartialFormIndex<Candidate>()
    let odd = 0
    for (const key of all) {
      const form = redactedForm(key.redacted)
      if (form) keys.add(form, key)
      else odd++
    }
    return { keys, odd, organization }
  })
}

/** The service-account case, in words: OpenAI refuses such a delete. */
function serviceAccountNote(projectId: string, serviceAccount: string): string {
  return `the key belongs to service account ${serviceAccount} of project ${projectId}, and OpenAI's delete of a project API key answers "an error if the key belonged to a service account". To kill it, delete that service account (Projects > Service accounts in the dashboard, or DELETE /v1/organization/projects/${projectId}/service_accounts/${serviceAccount}), which also ends whatever uses it; this action does not delete service accounts`
}

/**
 * After a delete OpenAI did not confirm: does the documented list still show the key? `gone`
 * only when the list (which shows every enabled key) does not.
 */
async function stillListed(
  ctx: ProviderContext,
  auth: Credential,
  ref: KeyRef
): Promise<Candidate | 'gone'> {
  const wanted = ref.kind === 'admin' ? `${ADMIN}:${ref.keyId}` : `${ref.projectId}:${ref.keyId}`
  const listed =
    ref.kind === 'admin' ? await adminKeys(ctx, auth) : await projectKeys(ctx, auth, ref.projectId)
  return listed.find((k) => k.ref === wanted) ?? 'gone'
}

async function readDeleteAnswer(
  ctx: ProviderContext,
  res: HttpResponse,
  auth: Credential,
  ref: KeyRef
): Promise<DeleteResult> {
  const what =
    ref.kind === 'admin' ? 'OpenAI delete admin API key' : 'OpenAI delete project API key'
  if (res.status === 200) {
    const body = expectBody(res, Deleted, ctx.redactor, what)
    const object =
      ref.kind === 'admin'
        ? 'organization.admin_api_key.deleted'
        : 'organization.project.api_key.deleted'
    if (body.id !== ref.keyId || body.object !== object || body.deleted !== true)
      throw failure(res, ctx.redactor, `${what}: unexpected answer`, 'provider-error')
    return { answer: { kind: 'deleted' }, response: res }
  }
  // The reference documents only 200 and, for project keys, 400 "for various conditions": an
  // answer that is not 200 says "gone" only once the documented list no longer shows the key.
  if (res.status === 400 || res.status === 404) {
    let listed: Candidate | 'gone'
    try {
      listed = await stillListed(ctx, auth, ref)
    } catch (error) {
      // The project's own key list answers 404: there is no such project, so no such key.
      if (ref.kind === 'project' && error instanceof RevocationFailure && error.httpStatus === 404)
        return { answer: { kind: 'not-found' }, response: res }
      throw openaiFailure(ctx, res, `${what} (and the key list could not be read to check it)`)
    }
    if (listed === 'gone') return { answer: { kind: 'not-found' }, response: res }
    if (listed.serviceAccount !== undefined && ref.kind === 'project')
      throw new RevocationFailure(
        'provider-error',
        `${what}: HTTP ${res.status}: ${said(ctx, res)}. Not deleted: ${serviceAccountNote(ref.projectId, listed.serviceAccount)}.`,
        res.status,
        res.attempts
      )
    throw new RevocationFailure(
      reasonForStatus(res.status),
      `${what}: HTTP ${res.status}: ${said(ctx, res)} (the key is still listed)`,
      res.status,
      res.attempts
    )
  }
  throw new RevocationFailure(
    reasonForStatus(res.status),
    `${what}: HTTP ${res.status}: ${said(ctx, res)}`,
    res.status,
    res.attempts
  )
}

/**
 * The error guide's 401 "Incorrect API key provided" names a key that is wrong, deleted or
 * deactivated. Its other 401s (Invalid Authentication: also a live key lacking the permission;
 * IP not authorized; not a member of an organization) do not say the key is dead.
 */
function readProbeAnswer(ctx: ProviderContext, res: HttpResponse, what: string): ProbeAnswer {
  if (res.status === 200) {
    const organization = organizationOf(res)
    return organization ? { kind: 'alive', owner: organization } : { kind: 'alive' }
  }
  if (res.status === 401) {
    const body = ErrorBody.safeParse(parseJson(res))
    if (body.success && /^Incorrect API key provided\b/.test(body.data.error.message))
      return { kind: 'dead' }
    return {
      kind: 'inconclusive',
      note: `OpenAI answered 401 but not "Incorrect API key provided" (${said(ctx, res)}); a live key also gets a 401 without the permission for ${what} or from outside its IP allowlist`
    }
  }
  throw openaiFailure(ctx, res, `OpenAI probe (${what})`)
}

export const openai: Provider = {
  ...openaiFacts,

  async resolve(ctx, value, auth) {
    const { keys, odd, organization } = await everyKey(ctx, auth)
    if (odd > 0)
      throw new RevocationFailure(
        'unresolvable',
        `OpenAI: ${odd} listed key(s) show a redacted value in an undocumented shape (not "<start>...<end>"), so a match could not be told apart; give the key's id in \`key-id\` (<project id>:<key id>, or admin:<key id>).`
      )
    const matches = keys.matches(value)
    if (matches.length > 1) return { kind: 'ambiguous', matches: matches.length }
    const only = matches[0]
    if (!only) return { kind: 'not-found' }
    const ref = parseKeyId(only.ref)
    if (only.serviceAccount !== undefined && ref?.kind === 'project')
      throw new RevocationFailure(
        'unresolvable',
        `OpenAI: found as ${only.ref}, not deleted: ${serviceAccountNote(ref.projectId, only.serviceAccount)}.`
      )
    // A redacted value is a candidate: the engine deletes it only once the value's own answer
    // names the organization this list is of.
    return {
      kind: 'candidate',
      id: only.ref,
      ...(only.name ? { name: only.name } : {}),
      shown: 'redacted_value',
      ...(organization ? { owner: organization } : {})
    }
  },

  ownerOf(ctx, value) {
    return openai.probe(ctx, value)
  },

  async delete(ctx, target, auth) {
    const ref = parseKeyId(target.id ?? '')
    if (!ref) throw new RevocationFailure('invalid-input', 'OpenAI: not a key id')
    const path =
      ref.kind === 'admin'
        ? `/v1/organization/admin_api_keys/${segment(ref.keyId)}`
        : `/v1/organization/projects/${segment(ref.projectId)}/api_keys/${segment(ref.keyId)}`
    const res = await ctx.http.send({
      method: 'DELETE',
      path,
      headers: bearer(auth.secret),
      pace: 'delete'
    })
    return readDeleteAnswer(ctx, res, auth, ref)
  },

  async probe(ctx, value) {
    // Admin keys cannot call non-administration endpoints (OpenAI's Admin APIs guide), so an
    // admin key is asked about on the administration list instead of /v1/models.
    const admin = value.startsWith('sk-admin-')
    const path = admin ? '/v1/organization/admin_api_keys?limit=1' : '/v1/models'
    const res = await ctx.http.send({ method: 'GET', path, headers: bearer(value) })
    return readProbeAnswer(ctx, res, admin ? 'the admin key list' : '/v1/models')
  },

  replacement: {
    unsupported(old) {
      return parseKeyId(old.id)?.kind === 'admin'
        ? undefined
        : "OpenAI documents a create call for admin keys only, not for a project API key (a service account's key: its create call is not on OpenAI's own reference)"
    },

    async findEarlier(ctx, _old, marker, auth) {
      const found = (await adminKeys(ctx, auth)).find((k) => k.name === marker)
      return found ? { id: found.ref } : undefined
    },

    async create(ctx, _old, name, auth) {
      const what = 'OpenAI create admin API key'
      const res = await ctx.http.send({
        method: 'POST',
        path: '/v1/organization/admin_api_keys',
        headers: { ...bearer(auth.secret), 'content-type': 'application/json' },
        body: JSON.stringify({ name })
      })
      if (res.status !== 200) throw openaiFailure(ctx, res, what)
      // The new key is a secret from the moment it is read: masked before it is parsed further.
      const raw = /"value"\s*:\s*"([^"]+)"/.exec(res.text)?.[1]
      if (raw) ctx.redactor.add(raw)
      const body = expectBody(res, CreatedAdmin, ctx.redactor, what)
      ctx.redactor.add(body.value)
      return { id: `${ADMIN}:${body.id}`, value: body.value }
    }
  }
}

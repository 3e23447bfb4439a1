import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  PartialFormIndex,
  couldShow
} from "./chunk-QK34T73C.js";
import {
  readAllPages
} from "./chunk-WX5EKUHD.js";
import {
  ADMIN,
  PART,
  RevocationFailure,
  _minLength,
  array,
  boolean,
  excerpt,
  expectBody,
  extend,
  failure,
  looseObject,
  nullish,
  object,
  openaiFacts,
  optional,
  parseJson,
  parseKeyId,
  providerMessage,
  reasonForStatus,
  segment,
  string,
  unknown
} from "./chunk-YDRP5PTH.js";

// build/providers/openai/adapter.js
var PAGE = 100;
var MAX_PAGES = 200;
var MASK = "...";
var bearer = (secret) => ({ authorization: `Bearer ${secret}` });
var Page = object({
  data: array(unknown()),
  has_more: boolean(),
  last_id: nullish(string())
});
var Listed = looseObject({ id: string(), redacted_value: string() });
var ProjectKey = extend(Listed, {
  owner: optional(looseObject({
    type: optional(string()),
    service_account: nullish(looseObject({ id: string() }))
  }))
});
var Project = looseObject({ id: string() });
var Deleted = looseObject({ id: string(), object: string(), deleted: boolean() });
var CreatedAdmin = looseObject({
  id: string().check(_minLength(1)),
  value: string().check(_minLength(8))
});
var ErrorBody = looseObject({ error: looseObject({ message: string() }) });
function redactedForm(redacted) {
  const at = redacted.indexOf(MASK);
  if (at < 0 || redacted.indexOf(MASK, at + 1) >= 0)
    return void 0;
  const start = redacted.slice(0, at);
  const end = redacted.slice(at + MASK.length);
  if (!start.startsWith("sk-") || end.length < 3 || end.includes("."))
    return void 0;
  return { start, end };
}
function redactedMatches(redacted, value) {
  const form = redactedForm(redacted);
  return form && couldShow(form, value);
}
function said(ctx, res) {
  const body = ErrorBody.safeParse(parseJson(res));
  const text = body.success ? body.data.error.message : providerMessage({ text: ctx.redactor.scrub(res.text) });
  return excerpt(maskKeys(text), ctx.redactor);
}
function maskKeys(text) {
  return text.replace(/sk-[A-Za-z0-9_*.•…-]*(?:(?:\r?\n|\\r\\n|\\n)[A-Za-z0-9_*.•…-]+)?/g, "sk-\u2026");
}
function openaiFailure(ctx, res, what) {
  return failure({ ...res, text: maskKeys(res.text) }, ctx.redactor, what);
}
function organizationOf(res) {
  const value = res.headers["openai-organization"];
  return typeof value === "string" && value.trim() ? value.trim() : void 0;
}
async function listAll(ctx, auth, path, query, what, onPage = () => {
}) {
  const all = [];
  await readAllPages(what, MAX_PAGES, async (after) => {
    const q = [query, after ? `after=${encodeURIComponent(after)}` : ""].filter(Boolean).join("&");
    const res = await ctx.http.send({
      method: "GET",
      path: q ? `${path}?${q}` : path,
      headers: bearer(auth.secret),
      pace: "list"
    });
    if (res.status !== 200)
      throw openaiFailure(ctx, res, what);
    const body = expectBody(res, Page, ctx.redactor, what);
    onPage(res);
    all.push(...body.data);
    return { more: body.has_more, next: body.last_id ?? void 0 };
  });
  return all;
}
function items(ctx, list, schema, what) {
  return list.map((item) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success)
      throw new RevocationFailure("provider-error", `${what}: unexpected answer: an item lacks id`);
    return parsed.data;
  });
}
async function adminKeys(ctx, auth, onPage) {
  const what = "OpenAI list admin API keys";
  const list = await listAll(ctx, auth, "/v1/organization/admin_api_keys", "", what, onPage);
  return items(ctx, list, Listed, what).map((k) => ({
    ref: `${ADMIN}:${k.id}`,
    redacted: k.redacted_value,
    ...typeof k.name === "string" && k.name ? { name: k.name } : {}
  }));
}
async function projectKeys(ctx, auth, projectId) {
  const what = "OpenAI list project API keys";
  const list = await listAll(ctx, auth, `/v1/organization/projects/${segment(projectId)}/api_keys`, `limit=${PAGE}&owner_project_access=any`, what);
  return items(ctx, list, ProjectKey, what).map((k) => ({
    ref: `${projectId}:${k.id}`,
    redacted: k.redacted_value,
    ...typeof k.name === "string" && k.name ? { name: k.name } : {},
    ...k.owner?.type === "service_account" ? { serviceAccount: k.owner.service_account?.id ?? "(id not given)" } : {}
  }));
}
async function everyKey(ctx, auth) {
  return ctx.memo("every-key", async () => {
    let organization;
    const admins = await adminKeys(ctx, auth, (res) => organization ??= organizationOf(res));
    const what = "OpenAI list projects";
    const projects = items(ctx, await listAll(ctx, auth, "/v1/organization/projects", `limit=${PAGE}`, what), Project, what);
    const all = [...admins];
    for (const project of projects) {
      if (!PART.test(project.id))
        throw new RevocationFailure("provider-error", `${what}: a project id outside the documented examples' shape; give \`key-id\``);
      all.push(...await ctx.memo(`project:${project.id}`, () => projectKeys(ctx, auth, project.id)));
    }
    const keys = new PartialFormIndex();
    let odd = 0;
    for (const key of all) {
      const form = redactedForm(key.redacted);
      if (form)
        keys.add(form, key);
      else
        odd++;
    }
    return { keys, odd, organization };
  });
}
function serviceAccountNote(projectId, serviceAccount) {
  return `the key belongs to service account ${serviceAccount} of project ${projectId}, and OpenAI's delete of a project API key answers "an error if the key belonged to a service account". To kill it, delete that service account (Projects > Service accounts in the dashboard, or DELETE /v1/organization/projects/${projectId}/service_accounts/${serviceAccount}), which also ends whatever uses it; this action does not delete service accounts`;
}
async function stillListed(ctx, auth, ref) {
  const wanted = ref.kind === "admin" ? `${ADMIN}:${ref.keyId}` : `${ref.projectId}:${ref.keyId}`;
  const listed = ref.kind === "admin" ? await adminKeys(ctx, auth) : await projectKeys(ctx, auth, ref.projectId);
  return listed.find((k) => k.ref === wanted) ?? "gone";
}
async function readDeleteAnswer(ctx, res, auth, ref) {
  const what = ref.kind === "admin" ? "OpenAI delete admin API key" : "OpenAI delete project API key";
  if (res.status === 200) {
    const body = expectBody(res, Deleted, ctx.redactor, what);
    const object2 = ref.kind === "admin" ? "organization.admin_api_key.deleted" : "organization.project.api_key.deleted";
    if (body.id !== ref.keyId || body.object !== object2 || body.deleted !== true)
      throw failure(res, ctx.redactor, `${what}: unexpected answer`, "provider-error");
    return { answer: { kind: "deleted" }, response: res };
  }
  if (res.status === 400 || res.status === 404) {
    let listed;
    try {
      listed = await stillListed(ctx, auth, ref);
    } catch (error) {
      if (ref.kind === "project" && error instanceof RevocationFailure && error.httpStatus === 404)
        return { answer: { kind: "not-found" }, response: res };
      throw openaiFailure(ctx, res, `${what} (and the key list could not be read to check it)`);
    }
    if (listed === "gone")
      return { answer: { kind: "not-found" }, response: res };
    if (listed.serviceAccount !== void 0 && ref.kind === "project")
      throw new RevocationFailure("provider-error", `${what}: HTTP ${res.status}: ${said(ctx, res)}. Not deleted: ${serviceAccountNote(ref.projectId, listed.serviceAccount)}.`, res.status, res.attempts);
    throw new RevocationFailure(reasonForStatus(res.status), `${what}: HTTP ${res.status}: ${said(ctx, res)} (the key is still listed)`, res.status, res.attempts);
  }
  throw new RevocationFailure(reasonForStatus(res.status), `${what}: HTTP ${res.status}: ${said(ctx, res)}`, res.status, res.attempts);
}
function readProbeAnswer(ctx, res, what) {
  if (res.status === 200) {
    const organization = organizationOf(res);
    return organization ? { kind: "alive", owner: organization } : { kind: "alive" };
  }
  if (res.status === 401) {
    const body = ErrorBody.safeParse(parseJson(res));
    if (body.success && /^Incorrect API key provided\b/.test(body.data.error.message))
      return { kind: "dead" };
    return {
      kind: "inconclusive",
      note: `OpenAI answered 401 but not "Incorrect API key provided" (${said(ctx, res)}); a live key also gets a 401 without the permission for ${what} or from outside its IP allowlist`
    };
  }
  throw openaiFailure(ctx, res, `OpenAI probe (${what})`);
}
var openai = {
  ...openaiFacts,
  async resolve(ctx, value, auth) {
    const { keys, odd, organization } = await everyKey(ctx, auth);
    if (odd > 0)
      throw new RevocationFailure("unresolvable", `OpenAI: ${odd} listed key(s) show a redacted value in an undocumented shape (not "<start>...<end>"), so a match could not be told apart; give the key's id in \`key-id\` (<project id>:<key id>, or admin:<key id>).`);
    const matches = keys.matches(value);
    if (matches.length > 1)
      return { kind: "ambiguous", matches: matches.length };
    const only = matches[0];
    if (!only)
      return { kind: "not-found" };
    const ref = parseKeyId(only.ref);
    if (only.serviceAccount !== void 0 && ref?.kind === "project")
      throw new RevocationFailure("unresolvable", `OpenAI: found as ${only.ref}, not deleted: ${serviceAccountNote(ref.projectId, only.serviceAccount)}.`);
    return {
      kind: "candidate",
      id: only.ref,
      ...only.name ? { name: only.name } : {},
      shown: "redacted_value",
      ...organization ? { owner: organization } : {}
    };
  },
  ownerOf(ctx, value) {
    return openai.probe(ctx, value);
  },
  async delete(ctx, target, auth) {
    const ref = parseKeyId(target.id ?? "");
    if (!ref)
      throw new RevocationFailure("invalid-input", "OpenAI: not a key id");
    const path = ref.kind === "admin" ? `/v1/organization/admin_api_keys/${segment(ref.keyId)}` : `/v1/organization/projects/${segment(ref.projectId)}/api_keys/${segment(ref.keyId)}`;
    const res = await ctx.http.send({
      method: "DELETE",
      path,
      headers: bearer(auth.secret),
      pace: "delete"
    });
    return readDeleteAnswer(ctx, res, auth, ref);
  },
  async probe(ctx, value) {
    const admin = value.startsWith("sk-admin-");
    const path = admin ? "/v1/organization/admin_api_keys?limit=1" : "/v1/models";
    const res = await ctx.http.send({ method: "GET", path, headers: bearer(value) });
    return readProbeAnswer(ctx, res, admin ? "the admin key list" : "/v1/models");
  },
  replacement: {
    unsupported(old) {
      return parseKeyId(old.id)?.kind === "admin" ? void 0 : "OpenAI documents a create call for admin keys only, not for a project API key (a service account's key: its create call is not on OpenAI's own reference)";
    },
    async findEarlier(ctx, _old, marker, auth) {
      const found = (await adminKeys(ctx, auth)).find((k) => k.name === marker);
      return found ? { id: found.ref } : void 0;
    },
    async create(ctx, _old, name, auth) {
      const what = "OpenAI create admin API key";
      const res = await ctx.http.send({
        method: "POST",
        path: "/v1/organization/admin_api_keys",
        headers: { ...bearer(auth.secret), "content-type": "application/json" },
        body: JSON.stringify({ name })
      });
      if (res.status !== 200)
        throw openaiFailure(ctx, res, what);
      const raw = /"value"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
      if (raw)
        ctx.redactor.add(raw);
      const body = expectBody(res, CreatedAdmin, ctx.redactor, what);
      ctx.redactor.add(body.value);
      return { id: `${ADMIN}:${body.id}`, value: body.value };
    }
  }
};
export {
  openai,
  redactedForm,
  redactedMatches
};

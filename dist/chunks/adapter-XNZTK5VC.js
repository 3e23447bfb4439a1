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
  RevocationFailure,
  anthropicFacts,
  array,
  boolean,
  expectBody,
  expectSameKey,
  failure,
  looseObject,
  nullable,
  nullish,
  optional,
  readProbe,
  segment,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/anthropic/adapter.js
var VERSION = "2023-06-01";
var PAGE = 1e3;
var MAX_PAGES = 100;
var DEACTIVATED = "inactive";
var HINT = /^(sk-ant-[A-Za-z0-9_-]+)\.\.\.([A-Za-z0-9_-]{4,})$/;
var headers = (auth) => ({ "x-api-key": auth.secret, "anthropic-version": VERSION });
var ApiKey = looseObject({
  id: string(),
  status: string(),
  name: nullish(string()),
  partial_key_hint: optional(nullable(string()))
});
var ApiKeyList = looseObject({
  data: array(ApiKey),
  has_more: boolean(),
  last_id: optional(nullable(string()))
});
function hintForm(hint) {
  const parts = hint ? HINT.exec(hint) : null;
  if (!parts)
    return void 0;
  const [, start = "", end = ""] = parts;
  return { start, end };
}
function hintMatches(hint, value) {
  const form = hintForm(hint);
  return form !== void 0 && couldShow(form, value);
}
var ORGANIZATION = "anthropic-organization-id";
var organizationOf = (res) => {
  const value = res.headers[ORGANIZATION];
  return typeof value === "string" && value.trim() ? value.trim() : void 0;
};
async function listKeys(ctx, auth) {
  return ctx.memo("api-keys", async () => {
    const what = "Anthropic list API keys";
    const keys = new PartialFormIndex();
    let organization;
    await readAllPages(what, MAX_PAGES, async (after) => {
      const query = `limit=${PAGE}${after ? `&after_id=${encodeURIComponent(after)}` : ""}`;
      const res = await ctx.http.send({
        method: "GET",
        path: `/v1/organizations/api_keys?${query}`,
        headers: headers(auth),
        pace: "list"
      });
      if (res.status !== 200)
        throw failure(res, ctx.redactor, what);
      const body = expectBody(res, ApiKeyList, ctx.redactor, what);
      for (const key of body.data) {
        const form = hintForm(key.partial_key_hint);
        if (form)
          keys.add(form, key);
      }
      organization ??= organizationOf(res);
      return { more: body.has_more, next: body.last_id ?? body.data.at(-1)?.id };
    });
    return { keys, organization };
  });
}
async function readKey(ctx, id, auth) {
  const res = await ctx.http.send({
    method: "GET",
    path: `/v1/organizations/api_keys/${segment(id)}`,
    headers: headers(auth),
    pace: "list"
  });
  if (res.status === 404)
    return { kind: "read", response: res };
  if (res.status !== 200)
    throw failure(res, ctx.redactor, "Anthropic get API key");
  const key = expectBody(res, ApiKey, ctx.redactor, "Anthropic get API key");
  expectSameKey(res, ctx.redactor, "Anthropic get API key", id, key.id);
  return { kind: "read", response: res, status: key.status };
}
var anthropic = {
  ...anthropicFacts,
  async resolve(ctx, value, auth) {
    const { keys, organization } = await listKeys(ctx, auth);
    const matches = keys.matches(value);
    if (matches.length > 1)
      return { kind: "ambiguous", matches: matches.length };
    const [key] = matches;
    if (!key)
      return { kind: "not-found" };
    if (key.status !== "active")
      return { kind: "not-found" };
    const listed = { kind: "listed", status: key.status };
    await ctx.memo(`key:${key.id}`, () => Promise.resolve(listed));
    return {
      kind: "candidate",
      id: key.id,
      ...key.name ? { name: key.name } : {},
      shown: "partial_key_hint",
      ...organization ? { owner: organization } : {}
    };
  },
  ownerOf(ctx, value) {
    return anthropic.probe(ctx, value);
  },
  async delete(ctx, target, auth) {
    const id = target.id ?? "";
    const known = await ctx.memo(`key:${id}`, () => readKey(ctx, id, auth));
    if (known.kind === "read" && known.status !== "active")
      return { answer: { kind: "not-found" }, response: known.response };
    const res = await ctx.http.send({
      method: "POST",
      path: `/v1/organizations/api_keys/${segment(id)}`,
      headers: { ...headers(auth), "content-type": "application/json" },
      body: JSON.stringify({ status: DEACTIVATED }),
      pace: "delete",
      // Setting a status is idempotent: a repeat leaves the key as the first request did.
      idempotent: true
    });
    if (res.status === 404)
      return { answer: { kind: "not-found" }, response: res };
    if (res.status !== 200)
      throw failure(res, ctx.redactor, "Anthropic deactivate");
    const body = expectBody(res, ApiKey, ctx.redactor, "Anthropic deactivate");
    expectSameKey(res, ctx.redactor, "Anthropic deactivate", id, body.id);
    if (body.status !== DEACTIVATED)
      throw new RevocationFailure("provider-error", `Anthropic deactivate: the key's status is "${body.status.slice(0, 40)}" after the update, not "${DEACTIVATED}"`, res.status, res.attempts);
    return { answer: { kind: "deleted" }, response: res };
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v1/models?limit=1",
      headers: { "x-api-key": value, "anthropic-version": VERSION }
    });
    const answer = readProbe(ctx, res, "Anthropic probe");
    const organization = organizationOf(res);
    return answer.kind === "alive" && organization ? { ...answer, owner: organization } : answer;
  }
};
export {
  anthropic,
  hintForm,
  hintMatches
};

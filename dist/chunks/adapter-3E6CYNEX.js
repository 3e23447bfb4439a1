import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  KEY,
  RevocationFailure,
  _enum,
  _nonnegative,
  array,
  basetenFacts,
  expectBody,
  expectSameKey,
  failure,
  looseObject,
  nullable,
  number,
  optional,
  parseJson,
  readDelete,
  readProbe,
  segment,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/baseten/adapter.js
var apiKey = (auth) => ({ authorization: `Api-Key ${auth.secret}` });
var Tombstone = looseObject({ prefix: string() });
var Listed = looseObject({
  keys: array(looseObject({
    prefix: string(),
    name: optional(nullable(string())),
    type: _enum([
      "PERSONAL",
      "WORKSPACE_MANAGE_ALL",
      "WORKSPACE_EXPORT_METRICS",
      "WORKSPACE_INVOKE"
    ]),
    model_ids: optional(nullable(array(string()))),
    team_name: optional(nullable(string()))
  }))
});
var Created = looseObject({ api_key: string() });
var SCOPED = /* @__PURE__ */ new Set(["WORKSPACE_EXPORT_METRICS", "WORKSPACE_INVOKE"]);
async function keyList(ctx, auth) {
  const res = await ctx.http.send({ method: "GET", path: "/v1/api_keys", headers: apiKey(auth) });
  if (res.status !== 200)
    throw failure(res, ctx.redactor, "Baseten key list");
  return expectBody(res, Listed, ctx.redactor, "Baseten key list").keys;
}
var RateLimited = looseObject({ retry_after: number().check(_nonnegative()) });
var baseten = {
  ...basetenFacts,
  // Its 429 says how long to wait in the body: {"error": "Rate limit exceeded…", "retry_after": 37}.
  retryAfterFromBody(text) {
    const parsed = RateLimited.safeParse(parseJson({ text }));
    return parsed.success ? parsed.data.retry_after : void 0;
  },
  async resolve(_ctx, value) {
    const match = KEY.exec(value);
    return match?.[1] ? { kind: "candidate", id: match[1], shown: "prefix" } : { kind: "not-found" };
  },
  async delete(ctx, target, auth) {
    const id = target.id ?? "";
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/v1/api_keys/${segment(id)}`,
      headers: apiKey(auth),
      pace: "delete"
    });
    return readDelete(ctx, res, auth, "Baseten delete", (ok) => {
      const body = expectBody(ok, Tombstone, ctx.redactor, "Baseten delete");
      expectSameKey(ok, ctx.redactor, "Baseten delete", id, body.prefix);
    });
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v1/models",
      headers: apiKey({ kind: "self", secret: value })
    });
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: "Baseten answered 403, which a live key without model access also gets"
      };
    return readProbe(ctx, res, "Baseten probe");
  },
  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const found = (await keyList(ctx, auth)).find((k) => k.name === marker);
      return found ? { id: found.prefix } : void 0;
    },
    async create(ctx, old, name, auth) {
      const listed = (await keyList(ctx, auth)).find((k) => k.prefix === old.id);
      if (!listed)
        throw new RevocationFailure("provider-error", "Baseten: the key list does not show the leaked key, so its type cannot be copied");
      if (listed.team_name)
        throw new RevocationFailure("invalid-input", "Baseten: the leaked key is a team key, and the create call cannot name a team, so a replacement would not have the same scope");
      const res = await ctx.http.send({
        method: "POST",
        path: "/v1/api_keys",
        headers: { ...apiKey(auth), "content-type": "application/json" },
        body: JSON.stringify({
          name,
          type: listed.type,
          ...SCOPED.has(listed.type) ? { model_ids: listed.model_ids ?? [] } : {}
        })
      });
      if (res.status !== 200)
        throw failure(res, ctx.redactor, "Baseten create");
      const raw = /"api_key"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
      if (raw)
        ctx.redactor.add(raw);
      const value = expectBody(res, Created, ctx.redactor, "Baseten create").api_key;
      ctx.redactor.add(value);
      const prefix = KEY.exec(value)?.[1];
      if (!prefix)
        throw new RevocationFailure("provider-error", "Baseten create: the new key is not of the form <prefix>.<secret>");
      return { id: prefix, value };
    }
  }
};
export {
  baseten
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  KEY2 as KEY,
  KEY_ID,
  RevocationFailure,
  array,
  expectBody,
  failure,
  fingerprint,
  looseObject,
  optional,
  segment,
  sendgridFacts,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/sendgrid/adapter.js
var bearer = (secret) => ({ authorization: `Bearer ${secret}` });
var Listing = looseObject({
  result: array(looseObject({ api_key_id: string(), name: optional(string()) }))
});
var KeyScopes = looseObject({
  result: array(looseObject({ api_key_id: string(), scopes: optional(array(string())) }))
});
var Created = looseObject({ api_key: string(), api_key_id: string() });
var NEXT_STEP = "give `sendgrid-token` as an API key allowed to read and delete API keys (api_keys.read, api_keys.delete), or give `key-id`";
function listedIds(ctx, auth) {
  return ctx.memo(`sendgrid:keys:${fingerprint(auth.secret)}`, async () => {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v3/api_keys",
      headers: bearer(auth.secret),
      pace: "list"
    });
    if (res.status !== 200) {
      const error = failure(res, ctx.redactor, "SendGrid API key list");
      error.message += `; ${NEXT_STEP}`;
      throw error;
    }
    const body = expectBody(res, Listing, ctx.redactor, "SendGrid API key list");
    return new Map(body.result.map((k) => [k.api_key_id, k.name]));
  });
}
var sendgrid = {
  ...sendgridFacts,
  async resolve(ctx, value, auth) {
    const id = KEY.exec(value)?.[1];
    if (id === void 0)
      return { kind: "not-found" };
    ctx.redactor.add(id);
    const listed = await listedIds(ctx, auth);
    if (!listed.has(id))
      return { kind: "not-found" };
    const name = listed.get(id);
    return { kind: "candidate", id, shown: "API key id", ...name ? { name } : {} };
  },
  async delete(ctx, target, auth) {
    const id = target.id ?? "";
    if (target.value?.includes(id))
      ctx.redactor.add(id);
    if (!KEY_ID.test(id))
      throw new RevocationFailure("invalid-input", `SendGrid: ${NEXT_STEP}`, null, 0);
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/v3/api_keys/${segment(id)}`,
      headers: bearer(auth.secret),
      pace: "delete"
    });
    if (res.status === 204)
      return { answer: { kind: "deleted" }, response: res };
    if (res.status === 404)
      return { answer: { kind: "not-found" }, response: res };
    if (res.status >= 200 && res.status < 300)
      throw failure(res, ctx.redactor, "SendGrid delete: unexpected answer", "provider-error");
    const error = failure(res, ctx.redactor, "SendGrid delete");
    if (res.status === 401 || res.status === 403)
      error.message += `; ${NEXT_STEP}`;
    throw error;
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({ method: "GET", path: "/v3/scopes", headers: bearer(value) });
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 200)
      return { kind: "alive" };
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: "SendGrid answered 403 to the key reading its own scopes, which proves neither"
      };
    throw failure(res, ctx.redactor, "SendGrid probe");
  },
  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const found = [...await listedIds(ctx, auth)].find(([, name]) => name === marker);
      if (!found)
        return void 0;
      ctx.redactor.add(found[0]);
      return { id: found[0] };
    },
    async create(ctx, old, name, auth) {
      const got = await ctx.http.send({
        method: "GET",
        path: `/v3/api_keys/${segment(old.id)}`,
        headers: bearer(auth.secret)
      });
      if (got.status !== 200)
        throw failure(got, ctx.redactor, "SendGrid get API key");
      const listed = expectBody(got, KeyScopes, ctx.redactor, "SendGrid get API key").result;
      const scopes = listed.find((k) => k.api_key_id === old.id)?.scopes;
      if (!scopes || scopes.length === 0)
        throw new RevocationFailure("provider-error", "SendGrid get API key: the answer shows no scopes for the leaked key, and a key created without them has Full Access");
      const res = await ctx.http.send({
        method: "POST",
        path: "/v3/api_keys",
        headers: { ...bearer(auth.secret), "content-type": "application/json" },
        body: JSON.stringify({ name, scopes })
      });
      if (res.status !== 201)
        throw failure(res, ctx.redactor, "SendGrid create API key");
      const raw = /"api_key"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
      if (raw)
        ctx.redactor.add(raw);
      const body = expectBody(res, Created, ctx.redactor, "SendGrid create API key");
      ctx.redactor.add(body.api_key);
      ctx.redactor.add(body.api_key_id);
      return { id: body.api_key_id, value: body.api_key };
    }
  }
};
export {
  sendgrid
};

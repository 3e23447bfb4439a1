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
} from "./chunk-CBB5MUQU.js";

// build/providers/sendgrid/adapter.js
var bearer = (secret) => ({ authorization: `Bearer ${secret}` });
var Listing = looseObject({
  result: array(looseObject({ api_key_id: string(), name: optional(string()) }))
});
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
  }
};
export {
  sendgrid
};

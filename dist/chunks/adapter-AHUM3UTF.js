import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  API_KEY_NAME,
  OPERATION_NAME,
  RevocationFailure,
  boolean,
  expectBody,
  expectSameKey,
  failure,
  fingerprint,
  googleFacts,
  looseObject,
  number,
  optional,
  segment,
  sleep,
  string
} from "./chunk-FM4WKBHI.js";

// build/providers/google/adapter.js
var bearer = (secret) => ({ authorization: `Bearer ${secret}` });
var Lookup = looseObject({ parent: optional(string()), name: optional(string()) });
var Key = looseObject({ name: string(), deleteTime: optional(string()) });
var Operation = looseObject({
  name: optional(string()),
  done: optional(boolean()),
  error: optional(looseObject({ code: optional(number()), message: optional(string()) })),
  response: optional(looseObject({ name: optional(string()) }))
});
var NOT_FOUND_CODE = 5;
var POLL_MS = [500, 1e3, 2e3, 4e3];
var NEXT_STEP = "give `google-token` an access token with `roles/serviceusage.apiKeysAdmin` on the key's project (or give the key's resource name in `key-id`)";
function v2(name) {
  return `/v2/${name.split("/").map(segment).join("/")}`;
}
function names(ctx) {
  return ctx.memo("google:names", () => Promise.resolve(/* @__PURE__ */ new Map()));
}
async function lookup(ctx, value, token) {
  const known = (await names(ctx)).get(fingerprint(value));
  if (known)
    return { kind: "named", name: known };
  const res = await ctx.http.send({
    method: "GET",
    path: `/v2/keys:lookupKey?keyString=${encodeURIComponent(value)}`,
    headers: bearer(token),
    pace: "call"
  });
  if (res.status === 404)
    return { kind: "none", status: 404 };
  if (res.status !== 200) {
    const error = failure(res, ctx.redactor, "Google API Keys lookupKey");
    if (res.status === 401 || res.status === 403)
      error.message += ` (the token is invalid, or may not look up keys in the key's project: ${NEXT_STEP})`;
    throw error;
  }
  const body = expectBody(res, Lookup, ctx.redactor, "Google API Keys lookupKey");
  if (!body.name)
    return { kind: "none", status: 200 };
  if (!API_KEY_NAME.test(body.name))
    throw failure(res, ctx.redactor, "Google API Keys lookupKey: unexpected answer", "provider-error");
  (await names(ctx)).set(fingerprint(value), body.name);
  return { kind: "named", name: body.name };
}
function finished(ctx, res, op, name) {
  if (op.done !== true)
    return void 0;
  if (op.error) {
    if (op.error.code === NOT_FOUND_CODE)
      return { answer: { kind: "not-found" }, response: res };
    throw new RevocationFailure("provider-error", `Google API Keys delete: the operation failed (code ${op.error.code ?? "none"}): ${ctx.redactor.scrub(op.error.message ?? "").slice(0, 160)}`, res.status, res.attempts);
  }
  const answered = op.response?.name;
  if (answered !== void 0)
    expectSameKey(res, ctx.redactor, "Google API Keys delete", name, answered);
  return { answer: { kind: "deleted" }, response: res };
}
var google = {
  ...googleFacts,
  async resolve(ctx, value, auth) {
    const found = await lookup(ctx, value, auth.secret);
    return found.kind === "named" ? { kind: "found", id: found.name } : { kind: "not-found" };
  },
  async delete(ctx, target, auth) {
    const name = target.id ?? "";
    if (!API_KEY_NAME.test(name))
      throw new RevocationFailure("invalid-input", "Google Cloud: give `key-id` as the API key resource name, `projects/<project>/locations/global/keys/<key id>`", null, 0);
    const res = await ctx.http.send({
      method: "DELETE",
      path: v2(name),
      headers: bearer(auth.secret),
      pace: "call"
    });
    if (res.status === 404)
      return { answer: { kind: "not-found" }, response: res };
    if (res.status !== 200) {
      const error = failure(res, ctx.redactor, "Google API Keys delete");
      if (res.status === 401 || res.status === 403)
        error.message += ` (the token is invalid, or lacks apikeys.keys.delete on the key's project: ${NEXT_STEP})`;
      throw error;
    }
    const op = expectBody(res, Operation, ctx.redactor, "Google API Keys delete");
    const done = finished(ctx, res, op, name);
    if (done)
      return done;
    const opName = op.name ?? "";
    if (!OPERATION_NAME.test(opName))
      throw failure(res, ctx.redactor, "Google API Keys delete: unexpected answer", "provider-error");
    for (const pause of POLL_MS) {
      await sleep(pause);
      const polled = await ctx.http.send({
        method: "GET",
        path: v2(opName),
        headers: bearer(auth.secret),
        pace: "call"
      });
      if (polled.status !== 200)
        throw failure(polled, ctx.redactor, "Google API Keys operation");
      const read = expectBody(polled, Operation, ctx.redactor, "Google API Keys operation");
      const outcome = finished(ctx, polled, read, name);
      if (outcome)
        return { ...outcome, response: { ...outcome.response, attempts: res.attempts } };
    }
    return { answer: { kind: "submitted" }, response: res };
  },
  async probe(ctx, value) {
    if (!ctx.token)
      return {
        kind: "inconclusive",
        note: "an API key is checked with `google-token` (keys.get), which this run has not"
      };
    const found = await lookup(ctx, value, ctx.token);
    if (found.kind === "none")
      return { kind: "dead" };
    const res = await ctx.http.send({
      method: "GET",
      path: v2(found.name),
      headers: bearer(ctx.token),
      pace: "call"
    });
    if (res.status === 404)
      return { kind: "dead" };
    if (res.status !== 200)
      throw failure(res, ctx.redactor, "Google API Keys get");
    const key = expectBody(res, Key, ctx.redactor, "Google API Keys get");
    expectSameKey(res, ctx.redactor, "Google API Keys get", found.name, key.name);
    return key.deleteTime ? { kind: "dead" } : { kind: "alive" };
  }
};
export {
  google
};

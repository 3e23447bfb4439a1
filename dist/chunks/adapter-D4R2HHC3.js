import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  API_KEY_NAME,
  OPERATION_NAME,
  RevocationFailure,
  SA_KEY_NAME,
  TOKEN_AUDIENCE,
  boolean,
  expectBody,
  expectSameKey,
  failure,
  fingerprint,
  googleFacts,
  keyName,
  looseObject,
  number,
  optional,
  readKeyFile,
  secretForms,
  segment,
  sleep,
  strictObject,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/google/adapter.js
import { createSign } from "node:crypto";
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
  if (answered === void 0)
    throw failure(res, ctx.redactor, "Google API Keys delete: unexpected answer", "provider-error");
  expectSameKey(res, ctx.redactor, "Google API Keys delete", name, answered);
  return { answer: { kind: "deleted" }, response: res };
}
var Empty = strictObject({});
var TokenAnswer = looseObject({ access_token: string() });
var TokenError = looseObject({
  error: string(),
  error_description: optional(string())
});
var SA_NEXT_STEP = "give `google-token` an access token with `roles/iam.serviceAccountKeyAdmin` on the key's project";
function v1(name) {
  return `/v1/${name.split("/").map((part) => segment(part).replace(/%40/g, "@")).join("/")}`;
}
function keyFile(ctx, value) {
  const file = readKeyFile(value);
  if (file)
    for (const form of secretForms(file))
      ctx.redactor.add(form);
  return file;
}
var base64url = (data) => Buffer.from(data).toString("base64url");
function assertion(file, now = Math.floor(Date.now() / 1e3)) {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: file.keyId }));
  const claims = base64url(JSON.stringify({
    iss: file.clientEmail,
    scope: "https://www.googleapis.com/auth/cloud-platform",
    aud: TOKEN_AUDIENCE,
    iat: now,
    exp: now + 600
  }));
  let signature;
  try {
    signature = createSign("RSA-SHA256").update(`${header}.${claims}`).sign(file.privateKey).toString("base64url");
  } catch {
    throw new RevocationFailure("invalid-input", "Google Cloud: the key file's private_key is not an RSA private key this action can sign with", null, 0);
  }
  return `${header}.${claims}.${signature}`;
}
var CLOCK = /\b(?:iat|exp)\b|timeframe|clock|short-lived/i;
async function exchange(ctx, file) {
  const http = ctx.service?.("oauth2") ?? ctx.http;
  const jwt = ctx.redactor.add(assertion(file));
  const res = await http.send({
    method: "POST",
    path: "/token",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: jwt
    }).toString(),
    pace: "call",
    // An exchange changes nothing: asking again is harmless.
    idempotent: true
  });
  if (res.status === 200) {
    const body = (() => {
      try {
        return JSON.parse(res.text);
      } catch {
        return void 0;
      }
    })();
    const token = TokenAnswer.safeParse(body);
    if (token.success) {
      ctx.redactor.add(token.data.access_token);
      return { kind: "alive" };
    }
    throw failure(res, ctx.redactor, "Google token exchange: unexpected answer", "provider-error");
  }
  const refusal = TokenError.safeParse((() => {
    try {
      return JSON.parse(res.text);
    } catch {
      return void 0;
    }
  })());
  if (res.status === 400 && refusal.success && refusal.data.error === "invalid_grant") {
    const said = refusal.data.error_description ?? "";
    if (CLOCK.test(said))
      return {
        kind: "inconclusive",
        note: `Google refused the JWT's times (${ctx.redactor.scrub(said).slice(0, 120)}): check the runner's clock`
      };
    return { kind: "dead" };
  }
  throw failure(res, ctx.redactor, "Google token exchange");
}
async function deleteServiceAccountKey(ctx, name, secret) {
  const iam = ctx.service?.("iam") ?? ctx.http;
  const disabled = await iam.send({
    method: "POST",
    path: `${v1(name)}:disable`,
    headers: { ...bearer(secret), "content-type": "application/json" },
    body: "{}",
    pace: "call"
  });
  if (disabled.status === 404)
    return { answer: { kind: "not-found" }, response: disabled };
  if (disabled.status !== 200) {
    const error2 = failure(disabled, ctx.redactor, "Google IAM disable");
    if (disabled.status === 401 || disabled.status === 403)
      error2.message += ` (the token is invalid, or lacks iam.serviceAccountKeys.disable on the key's project: ${SA_NEXT_STEP})`;
    throw error2;
  }
  expectBody(disabled, Empty, ctx.redactor, "Google IAM disable");
  const res = await iam.send({
    method: "DELETE",
    path: v1(name),
    headers: bearer(secret),
    pace: "call"
  });
  if (res.status === 200) {
    try {
      expectBody(res, Empty, ctx.redactor, "Google IAM delete");
    } catch (error2) {
      if (error2 instanceof RevocationFailure)
        error2.message = `The key is disabled, but its delete was not confirmed: ${error2.message}`;
      throw error2;
    }
    return { answer: { kind: "deleted" }, response: res };
  }
  if (res.status === 404)
    return { answer: { kind: "not-found" }, response: res };
  const error = failure(res, ctx.redactor, "Google IAM delete");
  error.message = `The key is disabled, but its delete failed: ${error.message}${res.status === 401 || res.status === 403 ? ` (${SA_NEXT_STEP})` : ""}`;
  throw error;
}
async function readKey(ctx, name, secret) {
  const res = await ctx.http.send({
    method: "GET",
    path: v2(name),
    headers: bearer(secret),
    pace: "call"
  });
  if (res.status === 404)
    return { state: "absent", res };
  if (res.status !== 200)
    throw failure(res, ctx.redactor, "Google API Keys get");
  const key = expectBody(res, Key, ctx.redactor, "Google API Keys get");
  expectSameKey(res, ctx.redactor, "Google API Keys get", name, key.name);
  return key.deleteTime ? { state: "deleted", res } : "live";
}
async function deleteApiKey(ctx, name, secret) {
  const res = await ctx.http.send({
    method: "DELETE",
    path: v2(name),
    headers: bearer(secret),
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
      headers: bearer(secret),
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
}
var google = {
  ...googleFacts,
  async resolve(ctx, value, auth) {
    if (!value.startsWith("AIza")) {
      const file = keyFile(ctx, value);
      return file ? { kind: "found", id: keyName(file) } : { kind: "not-found" };
    }
    const found = await lookup(ctx, value, auth.secret);
    return found.kind === "named" ? { kind: "found", id: found.name } : { kind: "not-found" };
  },
  async delete(ctx, target, auth) {
    const name = target.id ?? "";
    if (target.value !== void 0)
      keyFile(ctx, target.value);
    if (SA_KEY_NAME.test(name))
      return deleteServiceAccountKey(ctx, name, auth.secret);
    if (!API_KEY_NAME.test(name))
      throw new RevocationFailure("invalid-input", "Google Cloud: give `key-id` as the key resource name: `projects/<project>/locations/global/keys/<key id>` for an API key, `projects/<project id>/serviceAccounts/<email>/keys/<private_key_id>` for a service account key", null, 0);
    if (target.value !== void 0)
      return deleteApiKey(ctx, name, auth.secret);
    const before = await readKey(ctx, name, auth.secret);
    if (before !== "live")
      return {
        answer: {
          kind: "not-found",
          said: before.state === "deleted" ? "Google Cloud shows this API key deleted already, before this run (keys.get: deleteTime set)" : `Google Cloud has no API key with this name (keys.get: HTTP ${before.res.status})`
        },
        response: before.res
      };
    const done = await deleteApiKey(ctx, name, auth.secret);
    if (done.answer.kind !== "deleted")
      return done;
    const after = await readKey(ctx, name, auth.secret);
    if (after === "live" || after.state !== "deleted")
      return done;
    return {
      ...done,
      answer: {
        kind: "deleted",
        readBack: "keys.get showed it with no deleteTime before the delete and shows its deleteTime after"
      }
    };
  },
  async probe(ctx, value) {
    if (!value.startsWith("AIza")) {
      const file = keyFile(ctx, value);
      return file ? exchange(ctx, file) : { kind: "dead" };
    }
    if (!ctx.token)
      return {
        kind: "inconclusive",
        note: "an API key is checked with `google-token` (keys.get), which this run has not"
      };
    const found = await lookup(ctx, value, ctx.token);
    if (found.kind === "none")
      return { kind: "dead" };
    const read = await readKey(ctx, found.name, ctx.token);
    if (read === "live")
      return { kind: "alive" };
    if (read.state === "deleted")
      return { kind: "dead" };
    return {
      kind: "inconclusive",
      note: "keys.get answered 404 for the key lookupKey names, which shows no deleteTime"
    };
  }
};
export {
  google
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  readAllPages
} from "./chunk-WX5EKUHD.js";
import {
  CREDENTIAL_FORM,
  KEY_SID,
  RevocationFailure,
  array,
  expectBody,
  expectSameKey,
  failure,
  looseObject,
  nullable,
  optional,
  parseCredential,
  parseValue,
  segment,
  string,
  twilioFacts,
  unknown
} from "./chunk-YDRP5PTH.js";

// build/providers/twilio/adapter.js
var basic = (user, password) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`
});
var Key = looseObject({ sid: string() });
var IamKey = looseObject({ sid: string(), policy: optional(nullable(unknown())) });
var IamList = looseObject({
  keys: array(looseObject({ sid: string(), friendly_name: optional(nullable(string())) })),
  meta: optional(looseObject({ next_page_url: optional(nullable(string())) }))
});
var IamCreated = looseObject({
  sid: string(),
  secret: string(),
  policy: optional(nullable(unknown()))
});
var LIST_PAGE_SIZE = 1e3;
var LIST_MAX_PAGES = 20;
var iamOf = (ctx) => ctx.service?.("iam") ?? ctx.http;
function samePolicy(a, b) {
  const canon = (v) => Array.isArray(v) ? v.map(canon) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x < y ? -1 : x > y ? 1 : 0).map(([k, w]) => [k, canon(w)])) : v;
  return JSON.stringify(canon(a ?? null)) === JSON.stringify(canon(b ?? null));
}
var NEXT_STEP = `give \`twilio-token\` as ${CREDENTIAL_FORM}, of the account that owns the key`;
function credentialOf(secret) {
  const credential = parseCredential(secret ?? "");
  if (!credential)
    throw new RevocationFailure("unauthorized", `Twilio: \`twilio-token\` is not ${CREDENTIAL_FORM}`, null, 0);
  return credential;
}
var keyPath = (accountSid, sid) => `/2010-04-01/Accounts/${segment(accountSid)}/Keys/${segment(sid)}.json`;
function fetchKey(ctx, credential, sid) {
  return ctx.http.send({
    method: "GET",
    path: keyPath(credential.accountSid, sid),
    headers: basic(credential.user, credential.password),
    pace: "list"
  });
}
function sameKey(ctx, res, sid) {
  const body = expectBody(res, Key, ctx.redactor, "Twilio key fetch");
  expectSameKey(res, ctx.redactor, "Twilio key fetch", sid, body.sid);
}
function managementFailure(ctx, res, what) {
  const error = failure(res, ctx.redactor, what);
  if (res.status === 401 || res.status === 403)
    error.message += ` (Twilio refuses a Standard key, another account's credential and a wrong secret alike: ${NEXT_STEP})`;
  return error;
}
var twilio = {
  ...twilioFacts,
  async resolve(ctx, value, auth) {
    const credential = credentialOf(auth.secret);
    const key = parseValue(value);
    if (!key)
      return { kind: "not-found" };
    ctx.redactor.add(key.sid);
    const res = await fetchKey(ctx, credential, key.sid);
    if (res.status === 404)
      return { kind: "not-found" };
    if (res.status !== 200)
      throw managementFailure(ctx, res, "Twilio key fetch");
    sameKey(ctx, res, key.sid);
    return { kind: "candidate", id: key.sid, shown: "SID" };
  },
  async delete(ctx, target, auth) {
    const credential = credentialOf(auth.secret);
    const sid = target.id ?? "";
    if (target.value?.includes(sid))
      ctx.redactor.add(sid);
    if (!KEY_SID.test(sid))
      throw new RevocationFailure("invalid-input", `Twilio: give \`key-id\` as the key's SID (SK\u2026)`, null, 0);
    const res = await ctx.http.send({
      method: "DELETE",
      path: keyPath(credential.accountSid, sid),
      headers: basic(credential.user, credential.password),
      pace: "delete"
    });
    if (res.status === 204) {
      if (target.value === void 0) {
        const after = await fetchKey(ctx, credential, sid);
        if (after.status === 200)
          throw failure(after, ctx.redactor, "Twilio delete answered 204, but the key is still there", "provider-error");
      }
      return { answer: { kind: "deleted" }, response: res };
    }
    if (res.status === 404)
      return { answer: { kind: "not-found" }, response: res };
    if (res.status >= 200 && res.status < 300)
      throw failure(res, ctx.redactor, "Twilio delete: unexpected answer", "provider-error");
    throw managementFailure(ctx, res, "Twilio delete");
  },
  async probe(ctx, value) {
    const credential = parseCredential(ctx.token ?? "");
    if (!credential)
      return {
        kind: "inconclusive",
        note: "without a `twilio-token` naming the account there is no call to ask"
      };
    const colon = value.indexOf(":");
    const [user, password] = colon < 0 ? [value, ""] : [value.slice(0, colon), value.slice(colon + 1)];
    const res = await ctx.http.send({
      method: "GET",
      path: `/2010-04-01/Accounts/${segment(credential.accountSid)}/Usage/Records.json?PageSize=1`,
      headers: basic(user, password)
    });
    if (res.status === 200)
      return { kind: "alive" };
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 403)
      return { kind: "inconclusive", note: "Twilio answered 403, which proves neither" };
    throw failure(res, ctx.redactor, "Twilio probe");
  },
  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const credential = credentialOf(auth.secret);
      const iam = iamOf(ctx);
      let found;
      const first = `/v1/Keys?AccountSid=${segment(credential.accountSid)}&PageSize=${LIST_PAGE_SIZE}`;
      await readAllPages("Twilio key list", LIST_MAX_PAGES, async (cursor) => {
        const res = await iam.send({
          method: "GET",
          path: cursor ?? first,
          headers: basic(credential.user, credential.password),
          pace: "list"
        });
        if (res.status !== 200)
          throw managementFailure(ctx, res, "Twilio key list");
        const body = expectBody(res, IamList, ctx.redactor, "Twilio key list");
        const hit = body.keys.find((k) => k.friendly_name === marker);
        if (hit) {
          found = hit.sid;
          return { more: false };
        }
        const next = body.meta?.next_page_url;
        if (!next)
          return { more: false };
        const url = new URL(next, "https://iam.twilio.com");
        return {
          more: true,
          next: url.pathname.startsWith("/v1/Keys") ? `${url.pathname}${url.search}` : void 0
        };
      });
      if (found === void 0)
        return void 0;
      ctx.redactor.add(found);
      return { id: found };
    },
    async create(ctx, old, name, auth) {
      const credential = credentialOf(auth.secret);
      const iam = iamOf(ctx);
      const headers = basic(credential.user, credential.password);
      const got = await iam.send({
        method: "GET",
        path: `/v1/Keys/${segment(old.id)}`,
        headers,
        pace: "list"
      });
      if (got.status !== 200)
        throw managementFailure(ctx, got, "Twilio key fetch (IAM v1)");
      const key = expectBody(got, IamKey, ctx.redactor, "Twilio key fetch (IAM v1)");
      expectSameKey(got, ctx.redactor, "Twilio key fetch (IAM v1)", old.id, key.sid);
      const policy = key.policy ?? null;
      const form = new URLSearchParams({ AccountSid: credential.accountSid, FriendlyName: name });
      if (policy !== null) {
        form.set("KeyType", "restricted");
        form.set("Policy", JSON.stringify(policy));
      }
      const res = await iam.send({
        method: "POST",
        path: "/v1/Keys",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: form.toString()
      });
      if (res.status !== 201)
        throw managementFailure(ctx, res, "Twilio create API key");
      const raw = /"secret"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
      if (raw)
        ctx.redactor.add(raw);
      const body = expectBody(res, IamCreated, ctx.redactor, "Twilio create API key");
      ctx.redactor.add(body.secret);
      ctx.redactor.add(body.sid);
      const value = `${body.sid}:${body.secret}`;
      ctx.redactor.add(value);
      if (!KEY_SID.test(body.sid) || !parseValue(value) || !samePolicy(body.policy, policy)) {
        await ctx.http.send({
          method: "DELETE",
          path: keyPath(credential.accountSid, body.sid),
          headers,
          pace: "delete"
        }).catch(() => void 0);
        throw new RevocationFailure("provider-error", "Twilio create API key: the new key is not of the leaked key's kind and policy (or not of the form `SK\u2026:secret`), so it was deleted again", null, 0);
      }
      return { id: body.sid, value };
    }
  }
};
export {
  twilio
};

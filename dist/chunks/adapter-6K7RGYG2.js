import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  CREDENTIAL_FORM,
  KEY_SID,
  RevocationFailure,
  expectBody,
  expectSameKey,
  failure,
  looseObject,
  parseCredential,
  parseValue,
  segment,
  string,
  twilioFacts
} from "./chunk-YZZN7GZU.js";

// build/providers/twilio/adapter.js
var basic = (user, password) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`
});
var Key = looseObject({ sid: string() });
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
  }
};
export {
  twilio
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure,
  boolean,
  excerpt,
  expectBody,
  failure,
  literal,
  looseObject,
  optional,
  ownValue,
  slackFacts,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/slack/adapter.js
var NOT_A_LIVE_TOKEN = /* @__PURE__ */ new Set([
  "invalid_auth",
  "token_revoked",
  "account_inactive",
  "not_authed"
]);
var FORBIDDEN = /* @__PURE__ */ new Set([
  "no_permission",
  "missing_scope",
  "not_allowed_token_type",
  "not_bearer_token",
  "access_denied",
  "ekm_access_denied",
  "org_login_required",
  "team_access_not_granted"
]);
var Answer = looseObject({ ok: boolean(), error: optional(string()) });
var Revoked = looseObject({ ok: literal(true), revoked: boolean() });
var bearer = (token) => ({ authorization: `Bearer ${token}` });
function answer(ctx, res, what) {
  if (res.status !== 200)
    throw failure(res, ctx.redactor, what);
  return expectBody(res, Answer, ctx.redactor, what);
}
function refused(res, error, what, ctx) {
  const reason = NOT_A_LIVE_TOKEN.has(error) ? "unauthorized" : FORBIDDEN.has(error) ? "forbidden" : error === "ratelimited" ? "rate-limited" : "provider-error";
  return new RevocationFailure(reason, `${what}: ok=false: ${excerpt(error, ctx.redactor)}`, res.status, res.attempts);
}
var slack = {
  ...slackFacts,
  async delete(ctx, target) {
    const value = ownValue(target, "Slack");
    const res = await ctx.http.send({
      method: "POST",
      path: "/api/auth.revoke",
      headers: bearer(value),
      pace: "delete",
      // Revoking twice is harmless (the second is refused): a retry after a lost answer is safe.
      idempotent: true
    });
    const body = answer(ctx, res, "Slack auth.revoke");
    if (!body.ok) {
      const error = body.error ?? "";
      if (NOT_A_LIVE_TOKEN.has(error)) {
        return {
          answer: { kind: res.retriedAfterAmbiguous ? "not-found" : "key-rejected" },
          response: res
        };
      }
      throw refused(res, error, "Slack auth.revoke", ctx);
    }
    const revoked = expectBody(res, Revoked, ctx.redactor, "Slack auth.revoke");
    if (!revoked.revoked)
      throw new RevocationFailure("provider-error", "Slack auth.revoke: answered ok with revoked=false: the token was not revoked", res.status, res.attempts);
    return { answer: { kind: "deleted" }, response: res };
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "POST",
      path: "/api/auth.test",
      headers: bearer(value),
      idempotent: true
    });
    const body = answer(ctx, res, "Slack auth.test");
    if (body.ok)
      return { kind: "alive" };
    const error = body.error ?? "";
    if (NOT_A_LIVE_TOKEN.has(error))
      return { kind: "dead" };
    throw refused(res, error, "Slack auth.test", ctx);
  }
};
export {
  slack
};

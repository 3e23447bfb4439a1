import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure,
  _minLength,
  expectBody,
  failure,
  looseObject,
  npmFacts,
  ownValue,
  readProbe,
  segment,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/npm/adapter.js
var bearer = (token) => ({ authorization: `Bearer ${token}` });
var WhoAmI = looseObject({ username: string().check(_minLength(1)) });
var WHAT = "npm delete token";
function asksForOtp(res) {
  const schemes = String(res.headers["www-authenticate"] ?? "").split(/,\s*/).map((s) => s.trim().toLowerCase());
  return schemes.includes("otp") || /one-time pass/i.test(res.text);
}
function readDelete(ctx, res) {
  if (res.status === 204) {
    if (res.text.trim() !== "")
      throw failure(res, ctx.redactor, `${WHAT}: unexpected answer`, "provider-error");
    return { answer: { kind: "deleted" }, response: res };
  }
  if (res.status === 404)
    return { answer: { kind: "not-found" }, response: res };
  if (res.status === 401 && asksForOtp(res))
    throw new RevocationFailure("forbidden", `${WHAT}: HTTP 401: npm demands a one-time password (two-factor authentication) to delete this token, and an unattended run has none to give: nothing was revoked. Revoke it now at npmjs.com (Access Tokens), or with \`npm token revoke\` and your one-time password.`, res.status, res.attempts);
  if (res.status === 401) {
    if (res.retriedAfterAmbiguous)
      return { answer: { kind: "not-found" }, response: res };
    throw failure(res, ctx.redactor, `${WHAT} (npm refused the token for its own delete: npm accepts only session tokens from \`npm login\` for token management, so a granular access token cannot revoke itself; revoke it at npmjs.com under Access Tokens)`, "forbidden");
  }
  if (res.status === 403)
    throw failure(res, ctx.redactor, `${WHAT} (the token may not manage tokens; revoke it at npmjs.com under Access Tokens)`, "forbidden");
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${WHAT}: unexpected answer`, "provider-error");
  throw failure(res, ctx.redactor, WHAT);
}
var npm = {
  ...npmFacts,
  // No `resolve`: the delete takes the token value itself.
  async delete(ctx, target) {
    const value = ownValue(target, "npm");
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/-/npm/v1/tokens/token/${segment(value)}`,
      headers: bearer(value),
      pace: "delete"
    });
    return readDelete(ctx, res);
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/-/whoami",
      headers: bearer(value)
    });
    const answer = readProbe(ctx, res, "npm whoami");
    if (answer.kind === "alive")
      expectBody(res, WhoAmI, ctx.redactor, "npm whoami");
    return answer;
  }
};
export {
  npm
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  Limiter,
  RevocationFailure,
  excerpt,
  failure,
  githubFacts,
  providerMessage,
  readProbe,
  sleep
} from "./chunk-YDRP5PTH.js";

// build/providers/github/adapter.js
var REVOKE_SPACING_MS = 6e4;
var PROBES_AT_ONCE = 8;
function refuseEnterpriseServer(ctx) {
  const url = ctx.http.url("/credentials/revoke");
  if (!/^\/api\/v3\//.test(url.pathname))
    return;
  throw new RevocationFailure("invalid-input", `GitHub: GITHUB_API_URL (${url.origin}/api/v3) is a GitHub Enterprise Server, and GitHub's REST description for Enterprise Server has no credential revocation API (POST /credentials/revoke), so nothing was sent. Revoke the token on the server itself: its owner under Settings > Developer settings, or a site administrator.`);
}
function probes(ctx) {
  return ctx.memo("probes", () => Promise.resolve(new Limiter(PROBES_AT_ONCE)));
}
function lastSent(ctx) {
  return ctx.memo("last-revoke", () => Promise.resolve({ at: -Infinity }));
}
async function revoke(ctx, values) {
  const last = await lastSent(ctx);
  const wait = last.at + REVOKE_SPACING_MS - Date.now();
  last.at = Date.now() + Math.max(0, wait);
  if (wait > 0)
    await sleep(wait);
  return ctx.http.send({
    method: "POST",
    path: "/credentials/revoke",
    // No Authorization header: GitHub answers 403 to an authenticated request.
    headers: { "content-type": "application/json", accept: "application/vnd.github+json" },
    body: JSON.stringify({ credentials: [...new Set(values)] }),
    // Revoking the same tokens again changes nothing (a revoked token cannot come back), so an
    // attempt whose answer was lost may be repeated.
    idempotent: true
  });
}
async function revokeAll(ctx, targets) {
  refuseEnterpriseServer(ctx);
  const values = targets.map((target) => {
    if (target.value === void 0)
      throw new RevocationFailure("invalid-input", "GitHub: a token is revoked by its value; give it in `key` (or `key-from-input`).");
    return target.value;
  });
  const answer = readRevoke(ctx, await revoke(ctx, values));
  return targets.map(() => answer);
}
function retryWhen(res) {
  const reset = Number(res.headers["x-ratelimit-reset"]);
  if (res.headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset) && reset > 0)
    return `after ${new Date(reset * 1e3).toISOString().replace(/\.\d+Z$/, "Z")}`;
  const after = Number(res.headers["retry-after"]);
  if (Number.isFinite(after) && after >= 0)
    return `in ${Math.ceil(after)} s`;
  return void 0;
}
function readRevoke(ctx, res) {
  if (res.status === 202)
    return { answer: { kind: "submitted" }, response: res };
  const what = "GitHub revoke credentials";
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, "provider-error");
  const when = retryWhen(res);
  if (res.status === 429 || res.status === 403 && when) {
    const said = excerpt(providerMessage({ text: ctx.redactor.scrub(res.text) }), ctx.redactor);
    throw new RevocationFailure("rate-limited", `${what}: HTTP ${res.status}: ${said}. The token was not revoked: GitHub takes 60 revocation requests an hour; run again ${when ?? "in an hour"}, or revoke it in its owner's settings now.`, res.status, res.attempts);
  }
  if (res.status === 403)
    throw failure(res, ctx.redactor, `${what} (GitHub refuses it when the request is authenticated)`, "forbidden");
  if (res.status === 422)
    throw failure(res, ctx.redactor, `${what}: GitHub refused the list ("validation failed, or the endpoint has been spammed"); run again later`, "invalid-input");
  throw failure(res, ctx.redactor, what);
}
var github = {
  ...githubFacts,
  async delete(ctx, target) {
    const [result] = await revokeAll(ctx, [target]);
    if (!result)
      throw new Error("one answer for one token");
    return result;
  },
  deleteMany: revokeAll,
  async probe(ctx, value) {
    refuseEnterpriseServer(ctx);
    if (value.startsWith("ghr_"))
      return {
        kind: "inconclusive",
        note: "a ghr_ refresh token does not authenticate API calls, so no request can show it alive or dead"
      };
    const res = await (await probes(ctx)).run(() => ctx.http.send({
      method: "GET",
      path: "/user",
      headers: { authorization: `Bearer ${value}`, accept: "application/vnd.github+json" }
    }));
    return readProbe(ctx, res, "GitHub probe");
  }
};
export {
  REVOKE_SPACING_MS,
  github
};

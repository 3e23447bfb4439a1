import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure,
  array,
  buildkiteFacts,
  expectBody,
  failure,
  looseObject,
  string
} from "./chunk-EFWSZRAP.js";

// build/providers/buildkite/adapter.js
var TokenRecord = looseObject({ uuid: string(), scopes: array(string()) });
var bearer = (token) => ({
  authorization: `Bearer ${token}`,
  accept: "application/json"
});
var buildkite = {
  ...buildkiteFacts,
  async delete(ctx, target) {
    const value = target.value;
    if (value === void 0)
      throw new RevocationFailure("invalid-input", "Buildkite: a token can only be revoked with its own value; give it in `key`.");
    const res = await ctx.http.send({
      method: "DELETE",
      path: "/v2/access-token",
      headers: bearer(value),
      pace: "api",
      // Revoking twice is harmless (a revoked token is refused): a retry after a lost answer
      // is safe.
      idempotent: true
    });
    if (res.status === 204)
      return { answer: { kind: "deleted" }, response: res };
    if (res.status === 401)
      return {
        answer: { kind: res.retriedAfterAmbiguous ? "not-found" : "key-rejected" },
        response: res
      };
    if (res.status >= 200 && res.status < 300)
      throw failure(res, ctx.redactor, "Buildkite DELETE /v2/access-token: unexpected answer", "provider-error");
    throw failure(res, ctx.redactor, "Buildkite DELETE /v2/access-token");
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v2/access-token",
      headers: bearer(value),
      pace: "api",
      idempotent: true
    });
    if (res.status === 200) {
      expectBody(res, TokenRecord, ctx.redactor, "Buildkite GET /v2/access-token");
      return { kind: "alive" };
    }
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: "Buildkite answered GET /v2/access-token with 403, which a live token may get from an address its Allowed IP Addresses do not include"
      };
    throw failure(res, ctx.redactor, "Buildkite GET /v2/access-token");
  }
};
export {
  buildkite
};

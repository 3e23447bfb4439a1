import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  array,
  buildkiteFacts,
  expectBody,
  failure,
  looseObject,
  ownValue,
  readSelfRevoke,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/buildkite/adapter.js
var TokenRecord = looseObject({ uuid: string(), scopes: array(string()) });
var bearer = (token) => ({
  authorization: `Bearer ${token}`,
  accept: "application/json"
});
var buildkite = {
  ...buildkiteFacts,
  async delete(ctx, target) {
    const value = ownValue(target, "Buildkite");
    const res = await ctx.http.send({
      method: "DELETE",
      path: "/v2/access-token",
      headers: bearer(value),
      pace: "api",
      // Revoking twice is harmless (a revoked token is refused): a retry after a lost answer
      // is safe.
      idempotent: true
    });
    return readSelfRevoke(ctx, res, "Buildkite DELETE /v2/access-token", 204);
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

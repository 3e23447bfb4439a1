import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  expectBody,
  failure,
  fastlyFacts,
  looseObject,
  optional,
  ownValue,
  readSelfRevoke,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/fastly/adapter.js
var TokenRecord = looseObject({ id: optional(string()) });
var key = (token) => ({ "fastly-key": token, accept: "application/json" });
var fastly = {
  ...fastlyFacts,
  async delete(ctx, target) {
    const value = ownValue(target, "Fastly");
    const res = await ctx.http.send({
      method: "DELETE",
      path: "/tokens/self",
      headers: key(value),
      pace: "delete",
      // Revoking twice is harmless (the second is refused): a retry after a lost answer is safe.
      idempotent: true
    });
    return readSelfRevoke(ctx, res, "Fastly DELETE /tokens/self", 204);
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/tokens/self",
      headers: key(value),
      idempotent: true
    });
    if (res.status === 200) {
      expectBody(res, TokenRecord, ctx.redactor, "Fastly GET /tokens/self");
      return { kind: "alive" };
    }
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: 'Fastly answered GET /tokens/self with 403 ("Invalid token" in its description), which a live token whose scope does not cover reading itself (purge-only) may also get'
      };
    throw failure(res, ctx.redactor, "Fastly GET /tokens/self");
  }
};
export {
  fastly
};

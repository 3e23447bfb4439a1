import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure,
  expectBody,
  failure,
  fastlyFacts,
  looseObject,
  optional,
  string
} from "./chunk-EFWSZRAP.js";

// build/providers/fastly/adapter.js
var TokenRecord = looseObject({ id: optional(string()) });
var key = (token) => ({ "fastly-key": token, accept: "application/json" });
var fastly = {
  ...fastlyFacts,
  async delete(ctx, target) {
    const value = target.value;
    if (value === void 0)
      throw new RevocationFailure("invalid-input", "Fastly: a token can only be revoked with its own value; give it in `key`.");
    const res = await ctx.http.send({
      method: "DELETE",
      path: "/tokens/self",
      headers: key(value),
      pace: "delete",
      // Revoking twice is harmless (the second is refused): a retry after a lost answer is safe.
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
      throw failure(res, ctx.redactor, "Fastly DELETE /tokens/self: unexpected answer", "provider-error");
    throw failure(res, ctx.redactor, "Fastly DELETE /tokens/self");
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

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure,
  expectBody,
  failure,
  looseObject,
  string,
  vercelFacts
} from "./chunk-EFWSZRAP.js";

// build/providers/vercel/adapter.js
var Deleted = looseObject({ tokenId: string() });
var AuthUser = looseObject({ user: looseObject({}) });
var bearer = (token) => ({
  authorization: `Bearer ${token}`,
  accept: "application/json"
});
var vercel = {
  ...vercelFacts,
  async delete(ctx, target) {
    const value = target.value;
    if (value === void 0)
      throw new RevocationFailure("invalid-input", "Vercel: a token can only be revoked with its own value; give it in `key`.");
    const res = await ctx.http.send({
      method: "DELETE",
      path: "/v3/user/tokens/current",
      headers: bearer(value),
      pace: "delete",
      // Revoking twice is harmless (a deleted token is refused): a retry after a lost answer
      // is safe.
      idempotent: true
    });
    if (res.status === 200) {
      expectBody(res, Deleted, ctx.redactor, "Vercel DELETE /v3/user/tokens/current");
      return { answer: { kind: "deleted" }, response: res };
    }
    if (res.status === 401)
      return {
        answer: { kind: res.retriedAfterAmbiguous ? "not-found" : "key-rejected" },
        response: res
      };
    if (res.status >= 200 && res.status < 300)
      throw failure(res, ctx.redactor, "Vercel DELETE /v3/user/tokens/current: unexpected answer", "provider-error");
    throw failure(res, ctx.redactor, "Vercel DELETE /v3/user/tokens/current");
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v2/user",
      headers: bearer(value),
      idempotent: true
    });
    if (res.status === 200) {
      expectBody(res, AuthUser, ctx.redactor, "Vercel GET /v2/user");
      return { kind: "alive" };
    }
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: 'Vercel answered GET /v2/user with 403 ("You do not have permission to access this resource"), which proves neither a live nor a dead token'
      };
    throw failure(res, ctx.redactor, "Vercel GET /v2/user");
  }
};
export {
  vercel
};

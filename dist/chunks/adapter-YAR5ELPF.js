import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  expectBody,
  failure,
  looseObject,
  ownValue,
  readSelfRevoke,
  string,
  vercelFacts
} from "./chunk-YDRP5PTH.js";

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
    const value = ownValue(target, "Vercel");
    const res = await ctx.http.send({
      method: "DELETE",
      path: "/v3/user/tokens/current",
      headers: bearer(value),
      pace: "delete",
      // Revoking twice is harmless (a deleted token is refused): a retry after a lost answer
      // is safe.
      idempotent: true
    });
    return readSelfRevoke(ctx, res, "Vercel DELETE /v3/user/tokens/current", 200, (ok) => expectBody(ok, Deleted, ctx.redactor, "Vercel DELETE /v3/user/tokens/current"));
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

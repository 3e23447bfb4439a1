import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  _positive,
  expectBody,
  failure,
  int,
  looseObject,
  readDelete,
  readProbe,
  segment,
  string,
  vastaiFacts
} from "./chunk-CBB5MUQU.js";

// build/providers/vastai/adapter.js
var bearer = (auth) => ({ authorization: `Bearer ${auth.secret}` });
var CurrentUser = looseObject({ key_id: int().check(_positive()) });
var vastai = {
  ...vastaiFacts,
  // Its 429 says "API requests too frequent endpoint threshold=2.0" and has no Retry-After.
  retryAfterFromBody(text) {
    const match = /threshold=(\d+(?:\.\d+)?)/.exec(text);
    return match ? Number(match[1]) : void 0;
  },
  async resolve(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/api/v0/users/current/",
      headers: bearer({ kind: "self", secret: value })
    });
    if (res.status === 401)
      return { kind: "key-rejected", httpStatus: res.status };
    if (res.status !== 200)
      throw failure(res, ctx.redactor, "Vast.ai users/current");
    return {
      kind: "found",
      id: String(expectBody(res, CurrentUser, ctx.redactor, "Vast.ai users/current").key_id),
      authenticated: true
    };
  },
  async delete(ctx, target, auth) {
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/api/v0/auth/apikeys/${segment(target.id ?? "")}/`,
      headers: bearer(auth),
      pace: "delete"
    });
    return readDelete(ctx, res, auth, "Vast.ai delete", (ok) => expectBody(ok, string(), ctx.redactor, "Vast.ai delete"));
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/api/v0/users/current/",
      headers: bearer({ kind: "self", secret: value })
    });
    return readProbe(ctx, res, "Vast.ai probe");
  }
};
export {
  vastai
};

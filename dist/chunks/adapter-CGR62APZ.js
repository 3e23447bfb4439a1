import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  expectBody,
  looseObject,
  quivaFacts,
  readDelete,
  readProbe
} from "./chunk-YDRP5PTH.js";

// build/providers/quiva/adapter.js
var Deleted = looseObject({ data: looseObject({}) });
function authHeaders(auth) {
  if (auth.kind === "self" || /^msr?-/.test(auth.secret))
    return { "x-api-key": auth.secret };
  return { authorization: `Bearer ${auth.secret}` };
}
var quiva = {
  ...quivaFacts,
  // No `resolve`: the delete endpoint accepts the full key value itself.
  async delete(ctx, target, auth) {
    const query = target.id !== void 0 ? `id=${encodeURIComponent(target.id)}` : `key=${encodeURIComponent(target.value ?? "")}`;
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/accounts/api-key?${query}`,
      headers: authHeaders(auth),
      pace: "delete"
    });
    return readDelete(ctx, res, auth, "quiva.ai delete", (ok) => expectBody(ok, Deleted, ctx.redactor, "quiva.ai delete"));
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/accounts/info",
      headers: authHeaders({ kind: "self", secret: value })
    });
    return readProbe(ctx, res, "quiva.ai probe");
  }
};
export {
  quiva
};

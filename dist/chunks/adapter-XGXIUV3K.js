import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  KEY,
  _nonnegative,
  basetenFacts,
  expectBody,
  expectSameKey,
  looseObject,
  number,
  parseJson,
  readDelete,
  readProbe,
  segment,
  string
} from "./chunk-CBB5MUQU.js";

// build/providers/baseten/adapter.js
var apiKey = (auth) => ({ authorization: `Api-Key ${auth.secret}` });
var Tombstone = looseObject({ prefix: string() });
var RateLimited = looseObject({ retry_after: number().check(_nonnegative()) });
var baseten = {
  ...basetenFacts,
  // Its 429 says how long to wait in the body: {"error": "Rate limit exceeded…", "retry_after": 37}.
  retryAfterFromBody(text) {
    const parsed = RateLimited.safeParse(parseJson({ text }));
    return parsed.success ? parsed.data.retry_after : void 0;
  },
  async resolve(_ctx, value) {
    const match = KEY.exec(value);
    return match?.[1] ? { kind: "candidate", id: match[1], shown: "prefix" } : { kind: "not-found" };
  },
  async delete(ctx, target, auth) {
    const id = target.id ?? "";
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/v1/api_keys/${segment(id)}`,
      headers: apiKey(auth),
      pace: "delete"
    });
    return readDelete(ctx, res, auth, "Baseten delete", (ok) => {
      const body = expectBody(ok, Tombstone, ctx.redactor, "Baseten delete");
      expectSameKey(ok, ctx.redactor, "Baseten delete", id, body.prefix);
    });
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v1/models",
      headers: apiKey({ kind: "self", secret: value })
    });
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: "Baseten answered 403, which a live key without model access also gets"
      };
    return readProbe(ctx, res, "Baseten probe");
  }
};
export {
  baseten
};

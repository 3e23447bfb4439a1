import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure,
  _minLength,
  _positive,
  array,
  expectBody,
  failure,
  int,
  looseObject,
  nullable,
  optional,
  readDelete,
  readProbe,
  segment,
  string,
  unknown,
  vastaiFacts
} from "./chunk-YDRP5PTH.js";

// build/providers/vastai/adapter.js
var bearer = (auth) => ({ authorization: `Bearer ${auth.secret}` });
var CurrentUser = looseObject({ key_id: int().check(_positive()) });
var KeyList = looseObject({
  apikeys: array(looseObject({
    id: int().check(_positive()),
    name: optional(nullable(string())),
    rights: optional(unknown())
  }))
});
var Created = looseObject({
  id: int().check(_positive()),
  key: string().check(_minLength(8))
});
async function keyList(ctx, auth) {
  const res = await ctx.http.send({
    method: "GET",
    path: "/api/v0/auth/apikeys/",
    headers: bearer(auth),
    pace: "list"
  });
  if (res.status !== 200)
    throw failure(res, ctx.redactor, "Vast.ai key list");
  return expectBody(res, KeyList, ctx.redactor, "Vast.ai key list").apikeys;
}
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
  },
  replacement: {
    async findEarlier(ctx, _old, marker, auth) {
      const found = (await keyList(ctx, auth)).find((k) => k.name === marker);
      return found ? { id: String(found.id) } : void 0;
    },
    async create(ctx, old, name, auth) {
      const listed = (await keyList(ctx, auth)).find((k) => String(k.id) === old.id);
      if (!listed)
        throw new RevocationFailure("provider-error", `Vast.ai: the key list does not show key ${old.id}, so its permissions cannot be copied`);
      const rights = listed.rights;
      const res = await ctx.http.send({
        method: "POST",
        path: "/api/v0/auth/apikeys/",
        headers: { ...bearer(auth), "content-type": "application/json" },
        body: JSON.stringify({
          name,
          ...rights !== null && typeof rights === "object" ? { permissions: rights } : {}
        })
      });
      if (res.status !== 200)
        throw failure(res, ctx.redactor, "Vast.ai create");
      const key = /"key"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
      if (key)
        ctx.redactor.add(key);
      const body = expectBody(res, Created, ctx.redactor, "Vast.ai create");
      ctx.redactor.add(body.key);
      return { id: String(body.id), value: body.key };
    }
  }
};
export {
  vastai
};

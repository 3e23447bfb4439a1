import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  readAllPages
} from "./chunk-WX5EKUHD.js";
import {
  RevocationFailure,
  _minLength,
  array,
  expectBody,
  expectSameKey,
  failure,
  herokuFacts,
  looseObject,
  nullable,
  number,
  optional,
  ownValue,
  parseJson,
  readDelete,
  readProbe,
  segment,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/heroku/adapter.js
var MAX_PAGES = 50;
function headers(token) {
  return {
    accept: "application/vnd.heroku+json; version=3",
    authorization: `Bearer ${token}`
  };
}
var TokenField = optional(nullable(looseObject({ token: optional(string()) })));
var Authorization = looseObject({
  id: string().check(_minLength(1)),
  description: optional(nullable(string())),
  access_token: TokenField
});
var Detailed = looseObject({
  id: string().check(_minLength(1)),
  description: optional(nullable(string())),
  scope: array(string()),
  access_token: optional(nullable(looseObject({
    token: optional(string()),
    expires_in: optional(nullable(number()))
  })))
});
var sameScope = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
function secretsOf(item) {
  if (!item || typeof item !== "object")
    return [];
  const record = item;
  const found = [];
  for (const [field, key] of [
    ["access_token", "token"],
    ["refresh_token", "token"],
    ["grant", "code"]
  ]) {
    const holder = record[field];
    const secret = holder && typeof holder === "object" ? holder[key] : void 0;
    if (typeof secret === "string" && secret !== "")
      found.push(secret);
  }
  return found;
}
function hideSecrets(ctx, res) {
  const body = parseJson(res);
  for (const item of Array.isArray(body) ? body : [body])
    for (const secret of secretsOf(item))
      ctx.redactor.add(secret);
}
var heroku = {
  ...herokuFacts,
  async resolve(ctx, value) {
    const what = "Heroku list OAuth authorizations";
    const matches = [];
    let refused;
    await readAllPages(what, MAX_PAGES, async (range) => {
      const res = await ctx.http.send({
        method: "GET",
        path: "/oauth/authorizations",
        headers: { ...headers(value), ...range ? { range } : {} },
        pace: "call"
      });
      if (res.status === 401 && range === void 0) {
        refused = res.status;
        return { more: false };
      }
      if (res.status === 403)
        throw failure(res, ctx.redactor, `${what} (the token may not read its account's authorizations: revoke it in the Heroku Dashboard, Account settings > Applications, or with \`heroku authorizations:revoke\`)`, "forbidden");
      if (res.status !== 200 && res.status !== 206)
        throw failure(res, ctx.redactor, what);
      hideSecrets(ctx, res);
      const page = expectBody(res, array(Authorization), ctx.redactor, what);
      for (const item of page)
        if (item.access_token?.token === value)
          matches.push({ id: item.id, ...item.description ? { name: item.description } : {} });
      return res.status === 206 ? { more: true, next: res.headers["next-range"] } : { more: false };
    });
    if (refused !== void 0)
      return { kind: "key-rejected", httpStatus: refused };
    if (matches.length > 1)
      return { kind: "ambiguous", matches: matches.length };
    const [match] = matches;
    if (!match)
      throw new RevocationFailure("unresolvable", "Heroku: the token works, but none of its account's OAuth authorizations holds it exactly, so nothing was deleted (it may be the Dashboard's API key, or a token Heroku does not list). Revoke it in the Heroku Dashboard (Account settings: regenerate the API key, or Applications), or with `heroku authorizations:revoke`.");
    return { kind: "found", ...match, authenticated: true };
  },
  async delete(ctx, target) {
    const what = "Heroku delete OAuth authorization";
    const value = ownValue(target, "Heroku");
    const auth = { kind: "self", secret: value };
    const id = target.id ?? "";
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/oauth/authorizations/${segment(id)}`,
      headers: headers(value),
      pace: "call"
    });
    if (res.status === 200)
      hideSecrets(ctx, res);
    return readDelete(ctx, res, auth, what, (ok) => {
      const deleted = expectBody(ok, Authorization, ctx.redactor, what);
      expectSameKey(ok, ctx.redactor, what, id, deleted.id);
      const token = deleted.access_token?.token;
      if (token !== void 0)
        expectSameKey(ok, ctx.redactor, what, value, token);
    });
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/account",
      headers: headers(value),
      pace: "call"
    });
    return readProbe(ctx, res, "Heroku account");
  },
  replacement: {
    async findEarlier(ctx, old, marker) {
      const what = "Heroku list OAuth authorizations";
      let found;
      await readAllPages(what, MAX_PAGES, async (range) => {
        const res = await ctx.http.send({
          method: "GET",
          path: "/oauth/authorizations",
          headers: { ...headers(old.value), ...range ? { range } : {} },
          pace: "call"
        });
        if (res.status !== 200 && res.status !== 206)
          throw failure(res, ctx.redactor, what);
        hideSecrets(ctx, res);
        const page = expectBody(res, array(Authorization), ctx.redactor, what);
        const hit = page.find((item) => item.description === marker);
        if (hit) {
          found = hit.id;
          return { more: false };
        }
        return res.status === 206 ? { more: true, next: res.headers["next-range"] } : { more: false };
      });
      return found === void 0 ? void 0 : { id: found };
    },
    async create(ctx, old, name) {
      const info = "Heroku OAuth authorization info";
      const got = await ctx.http.send({
        method: "GET",
        path: `/oauth/authorizations/${segment(old.id)}`,
        headers: headers(old.value),
        pace: "call"
      });
      if (got.status === 200)
        hideSecrets(ctx, got);
      if (got.status !== 200)
        throw failure(got, ctx.redactor, info);
      const leaked = expectBody(got, Detailed, ctx.redactor, info);
      expectSameKey(got, ctx.redactor, info, old.id, leaked.id);
      const token = leaked.access_token?.token;
      if (token !== void 0)
        expectSameKey(got, ctx.redactor, info, old.value, token);
      if (leaked.scope.length === 0)
        throw new RevocationFailure("provider-error", `${info}: the answer shows no scope for the leaked authorization, so a replacement could not be made the same`);
      const expiresIn = leaked.access_token?.expires_in;
      const what = "Heroku create OAuth authorization";
      const res = await ctx.http.send({
        method: "POST",
        path: "/oauth/authorizations",
        headers: { ...headers(old.value), "content-type": "application/json" },
        body: JSON.stringify({
          scope: leaked.scope,
          description: name,
          ...typeof expiresIn === "number" ? { expires_in: expiresIn } : {}
        }),
        pace: "call"
      });
      if (res.status === 200 || res.status === 201)
        hideSecrets(ctx, res);
      if (res.status !== 201 && res.status !== 200)
        throw failure(res, ctx.redactor, what);
      const made = expectBody(res, Detailed, ctx.redactor, what);
      const value = made.access_token?.token;
      if (value)
        ctx.redactor.add(value);
      const lasts = made.access_token?.expires_in;
      const longer = typeof expiresIn === "number" && (typeof lasts !== "number" || lasts > expiresIn);
      if (!value || !sameScope(made.scope, leaked.scope) || longer) {
        if (value)
          await ctx.http.send({
            method: "DELETE",
            path: `/oauth/authorizations/${segment(made.id)}`,
            headers: headers(value),
            pace: "call"
          }).catch(() => void 0);
        throw new RevocationFailure("provider-error", `${what}: the new authorization ${value ? "does not have the leaked one's scope and lifetime" : "holds no access token"}, so it was revoked again`);
      }
      return { id: made.id, value };
    }
  }
};
export {
  heroku
};

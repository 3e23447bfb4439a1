import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  API,
  PAT_ID,
  RevocationFailure,
  SCOPED_ID,
  _minLength,
  array,
  boolean,
  expectBody,
  failure,
  fingerprint,
  gitlabFacts,
  int,
  looseObject,
  nullish,
  optional,
  revokePath,
  segment,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/gitlab/adapter.js
var SELF = `${API}/personal_access_tokens/self`;
var privateToken = (secret) => ({ "private-token": secret });
var TokenInfo = looseObject({ id: int() });
var AccessToken = looseObject({
  id: int(),
  name: string(),
  scopes: array(string()),
  access_level: optional(int()),
  expires_at: nullish(string()),
  description: nullish(string()),
  active: optional(boolean()),
  revoked: optional(boolean())
});
var Created = looseObject({ id: int(), token: string().check(_minLength(8)) });
function scopedOf(id) {
  const match = SCOPED_ID.exec(id);
  if (!match)
    return void 0;
  const [, kind = "", owner = ""] = match;
  return {
    base: `${API}/${kind === "project" ? "projects" : "groups"}/${segment(owner)}/access_tokens`,
    kind,
    owner
  };
}
var NEXT_STEP = "give `key-id` as the token id (`123`, `project:<project id>:<token id>` or `group:<group id>:<token id>`) with a `gitlab-token` allowed to revoke it, or leave `gitlab-token` empty so the leaked token revokes itself";
function selfInfo(ctx, value) {
  return ctx.memo(`self:${fingerprint(value)}`, () => ctx.http.send({ method: "GET", path: SELF, headers: privateToken(value), pace: "list" }));
}
function selfId(ctx, res) {
  return String(expectBody(res, TokenInfo, ctx.redactor, "GitLab token self-information").id);
}
function readRevoke(ctx, res, what) {
  if (res.status === 204)
    return { answer: { kind: "deleted" }, response: res };
  if (res.status === 404)
    return { answer: { kind: "not-found" }, response: res };
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, "provider-error");
  const error = failure(res, ctx.redactor, what);
  if (res.status === 401 || res.status === 403)
    error.message += ` (the token is invalid, lacks the \`api\` scope, or may not revoke this token: ${NEXT_STEP})`;
  throw error;
}
async function revokeSelf(ctx, value, id) {
  if (id !== void 0 && PAT_ID.test(id)) {
    const info = await selfInfo(ctx, value);
    if (info.status === 401)
      return { answer: { kind: "key-rejected" }, response: info };
    if (info.status === 200 && selfId(ctx, info) !== id)
      throw new RevocationFailure("invalid-input", `GitLab: the value given is the token with id ${selfId(ctx, info)}, not \`key-id\` ${id}; nothing was deleted. Give the id of this token, or the value alone.`, info.status, info.attempts);
  }
  const res = await ctx.http.send({
    method: "DELETE",
    path: SELF,
    headers: privateToken(value),
    pace: "delete"
  });
  if (res.status === 401)
    return {
      answer: { kind: res.retriedAfterAmbiguous ? "not-found" : "key-rejected" },
      response: res
    };
  if (res.status === 404)
    throw failure(res, ctx.redactor, "GitLab self-revoke");
  return readRevoke(ctx, res, "GitLab self-revoke");
}
var gitlab = {
  ...gitlabFacts,
  async resolve(ctx, value, auth) {
    const res = await selfInfo(ctx, value);
    if (res.status === 401)
      return { kind: "key-rejected", httpStatus: 401 };
    if (res.status === 200)
      return { kind: "found", id: selfId(ctx, res), authenticated: true };
    if (auth.kind === "self" && res.status === 403)
      return { kind: "found", id: "self" };
    const error = failure(res, ctx.redactor, "GitLab token self-information");
    error.message += `; ${NEXT_STEP}`;
    throw error;
  },
  async delete(ctx, target, auth) {
    if (auth.kind === "self") {
      if (target.value === void 0)
        throw new RevocationFailure("invalid-input", `GitLab: self-revocation needs the value`);
      return revokeSelf(ctx, target.value, target.id);
    }
    const path = revokePath(target.id ?? "");
    if (!path)
      throw new RevocationFailure("invalid-input", `GitLab: ${NEXT_STEP}`, null, 0);
    const res = await ctx.http.send({
      method: "DELETE",
      path,
      headers: privateToken(auth.secret),
      pace: "delete"
    });
    return readRevoke(ctx, res, "GitLab revoke");
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({ method: "GET", path: SELF, headers: privateToken(value) });
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 200)
      return { kind: "alive" };
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: "GitLab answered 403 to the token reading itself, which a live token without the scope for it could also get"
      };
    throw failure(res, ctx.redactor, "GitLab probe");
  },
  // Create, store, then revoke: GitLab's rotate endpoints revoke the old token the moment they
  // answer, before the new one could be stored, so they are never called.
  replacement: {
    unsupported(old) {
      return scopedOf(old.id) ? void 0 : "GitLab creates a personal access token for its user only with an administrator's token (POST /users/:user_id/personal_access_tokens), which this action does not use; a project's or group's access token is replaced when `key-id` names it (project:<id>:<token id> or group:<id>:<token id>)";
    },
    async findEarlier(ctx, old, marker, auth) {
      const at = scopedOf(old.id);
      if (!at)
        return void 0;
      const res = await ctx.http.send({
        method: "GET",
        path: `${at.base}?state=active`,
        headers: privateToken(auth.secret),
        pace: "list"
      });
      if (res.status !== 200)
        throw failure(res, ctx.redactor, "GitLab list access tokens");
      const listed = expectBody(res, array(AccessToken), ctx.redactor, "GitLab list access tokens");
      const found = listed.find((t) => t.name === marker && t.active !== false && t.revoked !== true);
      return found ? { id: `${at.kind}:${at.owner}:${found.id}` } : void 0;
    },
    async create(ctx, old, name, auth) {
      const at = scopedOf(old.id);
      if (!at)
        throw new RevocationFailure("invalid-input", "GitLab: not a project or group access token");
      const token = old.id.slice(old.id.lastIndexOf(":") + 1);
      const got = await ctx.http.send({
        method: "GET",
        path: `${at.base}/${segment(token)}`,
        headers: privateToken(auth.secret)
      });
      if (got.status !== 200)
        throw failure(got, ctx.redactor, "GitLab get access token");
      const was = expectBody(got, AccessToken, ctx.redactor, "GitLab get access token");
      const res = await ctx.http.send({
        method: "POST",
        path: at.base,
        headers: { ...privateToken(auth.secret), "content-type": "application/json" },
        body: JSON.stringify({
          name,
          scopes: was.scopes,
          ...was.access_level !== void 0 ? { access_level: was.access_level } : {},
          ...was.expires_at ? { expires_at: was.expires_at } : {},
          description: `Replaces a leaked token (${name})`
        })
      });
      if (res.status !== 201)
        throw failure(res, ctx.redactor, "GitLab create access token");
      const raw = /"token"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
      if (raw)
        ctx.redactor.add(raw);
      const body = expectBody(res, Created, ctx.redactor, "GitLab create access token");
      ctx.redactor.add(body.token);
      return { id: `${at.kind}:${at.owner}:${body.id}`, value: body.token };
    }
  }
};
export {
  gitlab
};

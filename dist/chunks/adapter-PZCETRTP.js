import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  readAllPages
} from "./chunk-WX5EKUHD.js";
import {
  ACCOUNT_ID,
  ACCOUNT_PREFIX,
  API2 as API,
  RevocationFailure,
  TOKEN_ID,
  USER_PREFIX,
  array,
  cloudflareFacts,
  expectBody,
  expectSameKey,
  failure,
  fingerprint,
  literal,
  looseObject,
  nullable,
  number,
  optional,
  parseTokenId,
  record,
  segment,
  string,
  unknown
} from "./chunk-YDRP5PTH.js";

// build/providers/cloudflare/adapter.js
var bearer = (secret) => ({ authorization: `Bearer ${secret}` });
var Verified = looseObject({
  success: literal(true),
  result: looseObject({ id: string(), status: string() })
});
var Deleted = looseObject({
  success: literal(true),
  result: looseObject({ id: string() })
});
var Accounts = looseObject({
  success: literal(true),
  result: array(looseObject({ id: string() })),
  result_info: optional(looseObject({ page: optional(number()), total_pages: optional(number()) }))
});
var PER_PAGE = 50;
var MAX_PAGES = 20;
var NEXT_STEP = "give `key-id` as the token id (32 hexadecimal characters for a user token, `account:<account id>:<token id>` for an account-owned token) with a `cloudflare-token` allowed to delete it";
function kinds(ctx) {
  return ctx.memo("cloudflare:kinds", () => Promise.resolve(/* @__PURE__ */ new Map()));
}
function verifyPath(kind) {
  return kind.kind === "user" ? `${API}/user/tokens/verify` : `${API}/accounts/${segment(kind.accountId)}/tokens/verify`;
}
function verify(ctx, value, kind) {
  return ctx.http.send({ method: "GET", path: verifyPath(kind), headers: bearer(value) });
}
function verified(ctx, res) {
  const body = expectBody(res, Verified, ctx.redactor, "Cloudflare token verify");
  return { id: body.result.id, active: body.result.status === "active" };
}
function accounts(ctx, auth) {
  return ctx.memo(`cloudflare:accounts:${fingerprint(auth.secret)}`, async () => {
    const ids = [];
    await readAllPages("Cloudflare accounts", MAX_PAGES, async (cursor) => {
      const page = Number(cursor ?? "1");
      const res = await ctx.http.send({
        method: "GET",
        path: `${API}/accounts?page=${page}&per_page=${PER_PAGE}`,
        headers: bearer(auth.secret),
        pace: "list"
      });
      if (res.status !== 200) {
        const error = failure(res, ctx.redactor, "Cloudflare accounts list");
        error.message += `; ${NEXT_STEP}`;
        throw error;
      }
      const body = expectBody(res, Accounts, ctx.redactor, "Cloudflare accounts list");
      for (const account of body.result) {
        if (!ACCOUNT_ID.test(account.id))
          throw failure(res, ctx.redactor, "Cloudflare accounts list: unexpected answer", "provider-error");
        ids.push(account.id);
      }
      const total = body.result_info?.total_pages ?? page;
      return { more: page < total, next: String(page + 1) };
    });
    return ids;
  });
}
function refused(res) {
  return res.status === 401;
}
async function asUserToken(ctx, value) {
  const res = await verify(ctx, value, { kind: "user" });
  if (refused(res))
    return void 0;
  if (res.status !== 200)
    throw failure(res, ctx.redactor, "Cloudflare token verify");
  const { id, active } = verified(ctx, res);
  if (!TOKEN_ID.test(id))
    throw failure(res, ctx.redactor, "Cloudflare token verify: unexpected answer", "provider-error");
  (await kinds(ctx)).set(fingerprint(value), { kind: "user" });
  return active ? { kind: "found", id, authenticated: true } : { kind: "key-rejected", httpStatus: 200 };
}
async function asAccountToken(ctx, value, auth) {
  for (const accountId of await accounts(ctx, auth)) {
    const res = await verify(ctx, value, { kind: "account", accountId });
    if (refused(res))
      continue;
    if (res.status !== 200)
      throw failure(res, ctx.redactor, "Cloudflare account token verify");
    const { id, active } = verified(ctx, res);
    if (!TOKEN_ID.test(id))
      throw failure(res, ctx.redactor, "Cloudflare account token verify: unexpected answer", "provider-error");
    (await kinds(ctx)).set(fingerprint(value), { kind: "account", accountId });
    return active ? { kind: "found", id: `account:${accountId}:${id}`, authenticated: true } : { kind: "key-rejected", httpStatus: 200 };
  }
  return void 0;
}
var Policy = looseObject({
  effect: string(),
  resources: record(string(), unknown()),
  permission_groups: array(looseObject({ id: string(), meta: optional(unknown()) }))
});
var Policies = array(Policy);
var TokenDetails = looseObject({
  success: literal(true),
  result: looseObject({
    id: string(),
    policies: Policies,
    condition: optional(nullable(record(string(), unknown()))),
    expires_on: optional(nullable(string())),
    not_before: optional(nullable(string()))
  })
});
var TokenList = looseObject({
  success: literal(true),
  result: array(looseObject({ id: string(), name: optional(string()) })),
  result_info: optional(looseObject({ page: optional(number()), total_count: optional(number()) }))
});
var Created = looseObject({
  success: literal(true),
  result: looseObject({
    id: string(),
    value: string(),
    policies: optional(array(unknown()))
  })
});
function canonical(v) {
  const walk = (x) => Array.isArray(x) ? x.map(walk) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([k, w]) => [k, walk(w)])) : x;
  return JSON.stringify(walk(v ?? null));
}
var policiesIn = (policies) => policies.map((p) => ({
  effect: p.effect,
  resources: p.resources,
  permission_groups: p.permission_groups.map((g) => g.meta === void 0 ? { id: g.id } : { id: g.id, meta: g.meta })
}));
var USER_TOKENS_NEXT = 'give `cloudflare-token` the "Create additional tokens" template\'s API Tokens Write (it reads, lists and creates user tokens)';
function deletePath(ref) {
  return ref.kind === "user" ? `${API}/user/tokens/${segment(ref.tokenId)}` : `${API}/accounts/${segment(ref.accountId)}/tokens/${segment(ref.tokenId)}`;
}
var cloudflare = {
  ...cloudflareFacts,
  async resolve(ctx, value, auth) {
    if (!value.startsWith(ACCOUNT_PREFIX)) {
      const user = await asUserToken(ctx, value);
      if (user)
        return user;
      if (value.startsWith(USER_PREFIX))
        return { kind: "key-rejected", httpStatus: 401 };
    }
    return await asAccountToken(ctx, value, auth) ?? { kind: "key-rejected", httpStatus: 401 };
  },
  async delete(ctx, target, auth) {
    const ref = parseTokenId(target.id ?? "");
    if (!ref)
      throw new RevocationFailure("invalid-input", `Cloudflare: ${NEXT_STEP}`, null, 0);
    if (target.value !== void 0)
      (await kinds(ctx)).set(fingerprint(target.value), ref.kind === "user" ? { kind: "user" } : { kind: "account", accountId: ref.accountId });
    const res = await ctx.http.send({
      method: "DELETE",
      path: deletePath(ref),
      headers: bearer(auth.secret),
      pace: "delete"
    });
    if (res.status === 200) {
      const body = expectBody(res, Deleted, ctx.redactor, "Cloudflare delete");
      expectSameKey(res, ctx.redactor, "Cloudflare delete", ref.tokenId, body.result.id);
      return { answer: { kind: "deleted" }, response: res };
    }
    if (res.status === 404)
      return { answer: { kind: "not-found" }, response: res };
    const error = failure(res, ctx.redactor, "Cloudflare delete");
    if (res.status === 401 || res.status === 403)
      error.message += ` (the token is invalid, or lacks API Tokens Write / Account API Tokens Write for this token: ${NEXT_STEP})`;
    throw error;
  },
  async probe(ctx, value) {
    const known = (await kinds(ctx)).get(fingerprint(value));
    const kind = known ?? (value.startsWith(USER_PREFIX) ? { kind: "user" } : void 0);
    if (!kind && value.startsWith(ACCOUNT_PREFIX))
      return {
        kind: "inconclusive",
        note: "an account-owned token is verified at its account, which this run has not learned"
      };
    const res = await verify(ctx, value, kind ?? { kind: "user" });
    if (res.status === 200)
      return verified(ctx, res).active ? { kind: "alive" } : { kind: "dead" };
    if (refused(res)) {
      if (kind)
        return { kind: "dead" };
      return {
        kind: "inconclusive",
        note: "Cloudflare refused it as a user token; an account-owned token is verified at its account, which this run has not learned"
      };
    }
    throw failure(res, ctx.redactor, "Cloudflare probe");
  },
  replacement: {
    unsupported(old) {
      return parseTokenId(old.id)?.kind === "account" ? "Cloudflare: the leaked token is account-owned, and this action creates replacements for user tokens only (`POST /accounts/{account_id}/tokens` is on Cloudflare's current reference but not in the published description this adapter follows)" : void 0;
    },
    async findEarlier(ctx, _old, marker, auth) {
      let found;
      await readAllPages("Cloudflare token list", MAX_PAGES, async (cursor) => {
        const page = Number(cursor ?? "1");
        const res = await ctx.http.send({
          method: "GET",
          path: `${API}/user/tokens?page=${page}&per_page=${PER_PAGE}`,
          headers: bearer(auth.secret),
          pace: "list"
        });
        if (res.status !== 200) {
          const error = failure(res, ctx.redactor, "Cloudflare token list");
          if (res.status === 401 || res.status === 403)
            error.message += `; ${USER_TOKENS_NEXT}`;
          throw error;
        }
        const body = expectBody(res, TokenList, ctx.redactor, "Cloudflare token list");
        const hit = body.result.find((t) => t.name === marker);
        if (hit) {
          found = hit.id;
          return { more: false };
        }
        const total = body.result_info?.total_count;
        const more = total !== void 0 ? page * PER_PAGE < total : body.result.length === PER_PAGE;
        return { more, next: String(page + 1) };
      });
      if (found === void 0)
        return void 0;
      if (!TOKEN_ID.test(found))
        throw new RevocationFailure("provider-error", "Cloudflare token list: a token named for the leaked one has an id of another form");
      return { id: found };
    },
    async create(ctx, old, name, auth) {
      const ref = parseTokenId(old.id);
      if (ref?.kind !== "user")
        throw new RevocationFailure("invalid-input", `Cloudflare: ${NEXT_STEP}`, null, 0);
      const got = await ctx.http.send({
        method: "GET",
        path: `${API}/user/tokens/${segment(ref.tokenId)}`,
        headers: bearer(auth.secret),
        pace: "list"
      });
      if (got.status !== 200) {
        const error = failure(got, ctx.redactor, "Cloudflare token details");
        if (got.status === 401 || got.status === 403)
          error.message += `; ${USER_TOKENS_NEXT}`;
        throw error;
      }
      const details = expectBody(got, TokenDetails, ctx.redactor, "Cloudflare token details");
      expectSameKey(got, ctx.redactor, "Cloudflare token details", ref.tokenId, details.result.id);
      const { policies, condition, expires_on, not_before } = details.result;
      if (policies.length === 0)
        throw new RevocationFailure("provider-error", "Cloudflare token details: the answer shows no policies for the leaked token, so a replacement could not be made the same");
      const wanted = policiesIn(policies);
      const payload = {
        name,
        policies: wanted,
        ...condition && Object.keys(condition).length > 0 ? { condition } : {},
        ...expires_on ? { expires_on } : {},
        ...not_before ? { not_before } : {}
      };
      const res = await ctx.http.send({
        method: "POST",
        path: `${API}/user/tokens`,
        headers: { ...bearer(auth.secret), "content-type": "application/json" },
        body: JSON.stringify(payload)
      });
      if (res.status !== 200) {
        const error = failure(res, ctx.redactor, "Cloudflare create token");
        if (res.status === 401 || res.status === 403)
          error.message += `; ${USER_TOKENS_NEXT}`;
        throw error;
      }
      for (const [, raw] of res.text.matchAll(/"value"\s*:\s*"([^"]{40,80})"/g))
        if (raw)
          ctx.redactor.add(raw);
      const body = expectBody(res, Created, ctx.redactor, "Cloudflare create token");
      ctx.redactor.add(body.result.value);
      const { id, value } = body.result;
      const answered = body.result.policies;
      const parsed = answered === void 0 ? void 0 : Policies.safeParse(answered);
      const same = parsed === void 0 || parsed.success && canonical(policiesIn(parsed.data)) === canonical(wanted);
      if (!TOKEN_ID.test(id) || !same) {
        if (TOKEN_ID.test(id))
          await ctx.http.send({
            method: "DELETE",
            path: `${API}/user/tokens/${segment(id)}`,
            headers: bearer(auth.secret),
            pace: "delete"
          }).catch(() => void 0);
        throw new RevocationFailure("provider-error", "Cloudflare create token: the new token's policies are not the leaked token's (or its id is of another form), so it was deleted again");
      }
      ;
      (await kinds(ctx)).set(fingerprint(value), { kind: "user" });
      return { id, value };
    }
  }
};
export {
  cloudflare
};

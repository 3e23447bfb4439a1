import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  PartialFormIndex,
  couldShow
} from "./chunk-QK34T73C.js";
import {
  readAllPages
} from "./chunk-WX5EKUHD.js";
import {
  RevocationFailure,
  _default,
  array,
  boolean,
  cometapiFacts,
  excerpt,
  expectBody,
  failure,
  int,
  looseObject,
  number,
  optional,
  parseJson,
  readProbe,
  segment,
  string,
  union,
  unknown
} from "./chunk-YDRP5PTH.js";

// build/providers/cometapi/adapter.js
var PAGE = 100;
var MAX_PAGES = 200;
var raw = (auth) => ({ authorization: auth.secret });
var Token = looseObject({ id: int(), key: string() });
var Items = union([
  array(Token),
  looseObject({ items: array(Token), total: optional(number()) })
]);
var Envelope = looseObject({
  success: boolean(),
  message: _default(optional(string()), ""),
  data: optional(unknown())
});
function envelope(ctx, res, what) {
  if (res.status !== 200)
    throw failure(res, ctx.redactor, what);
  const body = expectBody(res, Envelope, ctx.redactor, what);
  if (!body.success) {
    const said = excerpt(body.message, ctx.redactor);
    const reason = /access token|token.*(invalid|无效)|未登录|无权|unauthori[sz]ed|not logged in/i.test(body.message) ? "unauthorized" : "provider-error";
    throw new RevocationFailure(reason, `${what}: success=false: ${said}`, res.status, res.attempts);
  }
  return body.data;
}
function items(ctx, res, data, what) {
  const parsed = Items.safeParse(data ?? []);
  if (!parsed.success)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, "provider-error");
  return Array.isArray(parsed.data) ? { items: parsed.data } : parsed.data;
}
function sameKey(stored, bare) {
  const s = stored.replace(/^sk-/, "");
  if (s === bare)
    return "exact";
  const form = maskedForm(s);
  return form && couldShow(form, bare) ? "masked" : false;
}
function maskedForm(s) {
  const mask = /\*+/.exec(s);
  if (!mask)
    return void 0;
  const start = s.slice(0, mask.index);
  const end = s.slice(mask.index + mask[0].length);
  return start.length + end.length >= 4 ? { start, end } : void 0;
}
var TokenIndex = class {
  /** Ids by stored key without `sk-`, in list order. */
  #exact = /* @__PURE__ */ new Map();
  #masked = new PartialFormIndex();
  add(token) {
    const s = token.key.replace(/^sk-/, "");
    const ids = this.#exact.get(s);
    if (ids)
      ids.push(token.id);
    else
      this.#exact.set(s, [token.id]);
    const form = maskedForm(s);
    if (form)
      this.#masked.add(form, token.id);
  }
  /** Ids of the tokens whose stored key is `bare` (`sameKey` says 'exact'). */
  exact(bare) {
    return this.#exact.get(bare) ?? [];
  }
  /** Whether a masked token could be `bare` (`sameKey` says 'masked' for one not exact). */
  masked(bare) {
    return this.#masked.matches(bare).length > 0;
  }
};
async function listTokens(ctx, auth) {
  return ctx.memo("tokens", async () => {
    const what = "CometAPI list tokens";
    const index = new TokenIndex();
    let listed = 0;
    await readAllPages(what, MAX_PAGES, async (cursor) => {
      const p = Number(cursor ?? 1);
      const res = await ctx.http.send({
        method: "GET",
        path: `/api/token/?p=${p}&page_size=${PAGE}`,
        headers: raw(auth),
        pace: "list"
      });
      const page = items(ctx, res, envelope(ctx, res, what), what);
      for (const token of page.items) {
        if (!token.key.includes("*"))
          ctx.redactor.add(token.key);
        index.add(token);
      }
      listed += page.items.length;
      const last = page.items.length < PAGE || page.total !== void 0 && listed >= page.total;
      return { more: !last, next: String(p + 1) };
    });
    return index;
  });
}
var cometapi = {
  ...cometapiFacts,
  async resolve(ctx, value, auth) {
    const bare = value.replace(/^sk-/, "");
    const listed = await listTokens(ctx, auth);
    const exact = listed.exact(bare);
    if (exact.length === 1 && exact[0] !== void 0)
      return { kind: "found", id: String(exact[0]) };
    if (exact.length > 1)
      return { kind: "ambiguous", matches: exact.length };
    if (!listed.masked(bare))
      return { kind: "not-found" };
    const res = await ctx.http.send({
      method: "GET",
      path: `/api/token/search?token=${encodeURIComponent(bare)}`,
      headers: raw(auth),
      pace: "list"
    });
    const found = items(ctx, res, envelope(ctx, res, "CometAPI search tokens"), "CometAPI search tokens").items.filter((t) => sameKey(t.key, bare));
    if (found.length === 1 && found[0])
      return { kind: "found", id: String(found[0].id) };
    return found.length > 1 ? { kind: "ambiguous", matches: found.length } : { kind: "not-found" };
  },
  async delete(ctx, target, auth) {
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/api/token/${segment(target.id ?? "")}`,
      headers: raw(auth),
      pace: "delete"
    });
    if (res.status === 200) {
      const body = Envelope.safeParse(parseJson(res));
      if (body.success && !body.data.success && /not found|不存在/i.test(body.data.message)) {
        return { answer: { kind: "not-found" }, response: res };
      }
    }
    envelope(ctx, res, "CometAPI delete");
    return { answer: { kind: "deleted" }, response: res };
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v1/models",
      headers: { authorization: `Bearer ${value}` }
    });
    return readProbe(ctx, res, "CometAPI probe");
  }
};
export {
  TokenIndex,
  cometapi,
  sameKey
};

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
  array,
  braintrustFacts,
  expectBody,
  expectSameKey,
  failure,
  looseObject,
  nullish,
  readDelete,
  readProbe,
  segment,
  string
} from "./chunk-YDRP5PTH.js";

// build/providers/braintrust/adapter.js
var PAGE = 100;
var MAX_PAGES = 200;
var bearer = (secret) => ({ authorization: `Bearer ${secret}` });
var sameUuid = (a, b) => a.toLowerCase() === b.toLowerCase();
var ApiKey = looseObject({
  id: string(),
  name: string(),
  preview_name: string(),
  org_id: nullish(string())
});
var Organizations = looseObject({ objects: array(looseObject({ id: string() })) });
var ApiKeyList = looseObject({ objects: array(ApiKey) });
function previewForm(preview) {
  const mask = /(\*+|…+|\.{3,}|•+)/.exec(preview);
  if (!mask)
    return void 0;
  const start = preview.slice(0, mask.index);
  const end = preview.slice(mask.index + mask[0].length);
  if (/[*…•]/.test(end))
    return void 0;
  return start.length + end.length >= 4 ? { start, end } : void 0;
}
function previewMatches(preview, value) {
  const form = previewForm(preview);
  return form !== void 0 && couldShow(form, value);
}
async function listKeys(ctx, auth) {
  return ctx.memo("api-keys", async () => {
    const what = "Braintrust list api_key";
    const index = new PartialFormIndex();
    await readAllPages(what, MAX_PAGES, async (after) => {
      const query = `limit=${PAGE}${after ? `&starting_after=${segment(after)}` : ""}`;
      const res = await ctx.http.send({
        method: "GET",
        path: `/v1/api_key?${query}`,
        headers: bearer(auth.secret),
        pace: "list"
      });
      if (res.status !== 200)
        throw failure(res, ctx.redactor, what);
      const { objects } = expectBody(res, ApiKeyList, ctx.redactor, what);
      for (const key of objects) {
        const form = previewForm(key.preview_name);
        if (form)
          index.add(form, { id: key.id, name: key.name, org: key.org_id ?? void 0 });
      }
      return { more: objects.length >= PAGE, next: objects.at(-1)?.id };
    });
    return index;
  });
}
var braintrust = {
  ...braintrustFacts,
  async resolve(ctx, value, auth) {
    const matches = (await listKeys(ctx, auth)).matches(value);
    if (matches.length > 1)
      return { kind: "ambiguous", matches: matches.length };
    const [only] = matches;
    if (!only)
      return { kind: "not-found" };
    return {
      kind: "candidate",
      id: only.id,
      name: only.name,
      shown: "preview_name",
      ...only.org ? { owner: only.org } : {}
    };
  },
  /**
   * `GET /v1/organization` with the value itself lists the organizations it can see; "API keys
   * are scoped to the organization", so a live key sees its own. Only an answer of exactly one
   * organization names the owner.
   */
  async ownerOf(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v1/organization?limit=2",
      headers: bearer(value)
    });
    if (res.status === 401)
      return { kind: "dead" };
    if (res.status === 403)
      return {
        kind: "inconclusive",
        note: "Braintrust answered 403 to the value listing its organizations"
      };
    if (res.status !== 200)
      throw failure(res, ctx.redactor, "Braintrust list organizations");
    const { objects } = expectBody(res, Organizations, ctx.redactor, "Braintrust list organizations");
    const [org] = objects;
    return objects.length === 1 && org ? { kind: "alive", owner: org.id } : { kind: "alive" };
  },
  async delete(ctx, target, auth) {
    const id = target.id ?? "";
    const res = await ctx.http.send({
      method: "DELETE",
      path: `/v1/api_key/${segment(id)}`,
      headers: bearer(auth.secret),
      pace: "delete"
    });
    return readDelete(ctx, res, auth, "Braintrust delete", (ok) => {
      const body = expectBody(ok, ApiKey, ctx.redactor, "Braintrust delete");
      expectSameKey(ok, ctx.redactor, "Braintrust delete", id, body.id, sameUuid);
    });
  },
  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: "GET",
      path: "/v1/project?limit=1",
      headers: bearer(value)
    });
    return readProbe(ctx, res, "Braintrust probe", [200, 403]);
  }
};
export {
  braintrust,
  previewForm,
  previewMatches
};

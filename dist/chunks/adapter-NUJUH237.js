import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  Limiter,
  failure,
  huggingfaceFacts,
  ownValue,
  readProbe
} from "./chunk-YDRP5PTH.js";

// build/providers/huggingface/adapter.js
var PROBES_AT_ONCE = 4;
function probes(ctx) {
  return ctx.memo("probes", () => Promise.resolve(new Limiter(PROBES_AT_ONCE)));
}
function revoke(ctx, values) {
  return ctx.http.send({
    method: "POST",
    path: "/api/credentials/revoke",
    // No Authorization header: the endpoint needs none, and huggingface_hub leaves it out on
    // purpose so that no other token can be caught up in the request.
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ credentials: [...new Set(values)] }),
    pace: "delete",
    // "Submitting the same token again is harmless": a request whose answer was lost may go again.
    idempotent: true
  });
}
function readRevoke(ctx, res) {
  const what = "Hugging Face revoke credentials";
  if (res.status === 202)
    return { answer: { kind: "submitted" }, response: res };
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, "provider-error");
  throw failure(res, ctx.redactor, what);
}
async function revokeAll(ctx, targets) {
  const values = targets.map((target) => ownValue(target, "Hugging Face"));
  const answer = readRevoke(ctx, await revoke(ctx, values));
  return targets.map(() => answer);
}
var huggingface = {
  ...huggingfaceFacts,
  async delete(ctx, target) {
    const [result] = await revokeAll(ctx, [target]);
    if (!result)
      throw new Error("one answer for one token");
    return result;
  },
  deleteMany: revokeAll,
  async probe(ctx, value) {
    const res = await (await probes(ctx)).run(() => ctx.http.send({
      method: "GET",
      path: "/api/whoami-v2",
      headers: { authorization: `Bearer ${value}` }
    }));
    return readProbe(ctx, res, "Hugging Face whoami");
  }
};
export {
  huggingface
};

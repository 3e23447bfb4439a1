import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  excerpt,
  parseJson
} from "./chunk-D6LOL2TQ.js";

// build/errors.js
var RevocationFailure = class extends Error {
  reason;
  httpStatus;
  attempts;
  constructor(reason, message, httpStatus = null, attempts = 0) {
    super(message);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.attempts = attempts;
    this.name = "RevocationFailure";
  }
};
var InputError = class extends Error {
  input;
  echo;
  /**
   * @param echo the part of `message` that quotes the input's value, if any, so
   *   the caller can drop it when the value turns out to overlap a secret.
   */
  constructor(input, message, echo) {
    super(message);
    this.input = input;
    this.echo = echo;
    this.name = "InputError";
  }
};

// build/providers/answers.js
function reasonForStatus(status) {
  if (status === 401)
    return "unauthorized";
  if (status === 403)
    return "forbidden";
  if (status === 429)
    return "rate-limited";
  if (status === 400 || status === 422)
    return "invalid-input";
  return "provider-error";
}
function failure(res, redactor, what, reason = reasonForStatus(res.status)) {
  if (res.status >= 200 && res.status < 300)
    return new RevocationFailure(reason, `${what}: HTTP ${res.status}: ${res.text.length} characters${contentType(res)}, not quoted (a successful answer may hold keys)`, res.status, res.attempts);
  const said = excerpt(providerMessage({ text: redactor.scrub(res.text) }), redactor);
  return new RevocationFailure(reason, `${what}: HTTP ${res.status}: ${said}`, res.status, res.attempts);
}
function contentType(res) {
  const type = String(res.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
  return /^[a-z]+\/[a-z0-9.+-]{1,60}$/i.test(type) ? ` of ${type}` : "";
}
function providerMessage(res) {
  const body = parseJson(res);
  if (typeof body === "string")
    return body;
  if (body && typeof body === "object") {
    const record = body;
    for (const field of ["msg", "message", "error", "detail"]) {
      const value = record[field];
      if (typeof value === "string" && value.trim())
        return value;
      if (value && typeof value === "object" && typeof value.message === "string") {
        return value.message;
      }
    }
  }
  return res.text.replace(/<[^>]*>/g, " ");
}
function expectBody(res, schema, redactor, what) {
  const parsed = schema.safeParse(parseJson(res));
  if (!parsed.success) {
    throw failure(res, redactor, `${what}: unexpected answer`, "provider-error");
  }
  return parsed.data;
}
function expectSameKey(res, redactor, what, asked, answered, same = (a, b) => a === b) {
  if (!same(asked, answered))
    throw failure(res, redactor, `${what}: answered for another key`, "provider-error");
}
function segment(value) {
  return encodeURIComponent(value);
}
function readDelete(ctx, res, auth, what, accept) {
  if (res.status === 200) {
    accept(res);
    return { answer: { kind: "deleted" }, response: res };
  }
  if (res.status === 404)
    return { answer: { kind: "not-found" }, response: res };
  if (res.status === 401 && auth.kind === "self")
    return { answer: { kind: "key-rejected" }, response: res };
  throw failure(res, ctx.redactor, what);
}
function readProbe(ctx, res, what, alive = [200]) {
  if (res.status === 401)
    return { kind: "dead" };
  if (alive.includes(res.status))
    return { kind: "alive" };
  throw failure(res, ctx.redactor, what);
}
function wholeKey(expected, length, id) {
  return `${expected}, and this has ${length}: is it cut short, or wrapped onto two lines? If it is the whole key, give ${id} in \`key-id\` instead`;
}

export {
  RevocationFailure,
  InputError,
  reasonForStatus,
  failure,
  providerMessage,
  expectBody,
  expectSameKey,
  segment,
  readDelete,
  readProbe,
  wholeKey
};

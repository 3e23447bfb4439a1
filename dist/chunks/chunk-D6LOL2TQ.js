import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// build/http/deadline.js
import { setTimeout as delay } from "node:timers/promises";
var Deadline = class {
  #controller = new AbortController();
  #endsAt;
  #timer;
  #why;
  constructor(ms) {
    this.#endsAt = Date.now() + ms;
    this.#timer = setTimeout(() => {
      this.#why ??= "time limit";
      this.#controller.abort(new Error("deadline reached"));
    }, ms);
    this.#timer.unref();
  }
  /** Aborts when the deadline is reached (or `cancel()` is called). */
  get signal() {
    return this.#controller.signal;
  }
  get expired() {
    return this.#controller.signal.aborted;
  }
  remainingMs() {
    return this.expired ? 0 : Math.max(0, this.#endsAt - Date.now());
  }
  /** Why the deadline ended, once it has. */
  get why() {
    return this.#why;
  }
  /** Ends the run early, as when the job is cancelled. */
  cancel() {
    this.#why ??= "cancelled";
    this.#controller.abort(new Error("cancelled"));
  }
  dispose() {
    clearTimeout(this.#timer);
  }
};
async function sleep(ms, signal) {
  if (ms <= 0)
    return;
  try {
    await delay(ms, void 0, { signal });
  } catch {
  }
}

// build/http/client.js
var DEFAULT_HTTP_POLICY = {
  requestTimeoutMs: 15e3,
  maxAttempts: 4,
  backoffBaseMs: 500,
  maxRetryDelayMs: 6e4,
  maxBodyBytes: 256 * 1024
};
var TransportError = class extends Error {
  kind;
  attempts;
  constructor(kind, message, attempts) {
    super(message);
    this.kind = kind;
    this.attempts = attempts;
    this.name = "TransportError";
  }
};
var RETRYABLE_STATUS = /* @__PURE__ */ new Set([429, 502, 503, 504]);
var NOT_SENT_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
]);
function parseRetryAfter(value, now = Date.now()) {
  if (value === void 0)
    return void 0;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed))
    return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? void 0 : Math.max(0, (at - now) / 1e3);
}
var HttpClient = class {
  options;
  policy;
  #origin;
  #prefix;
  /**
   * The attempts under way, which the run's deadline aborts: one listener on the deadline for
   * the client, not one per attempt (nor a signal combined per attempt, whose bookkeeping
   * outlived each request: at 30,000 requests, megabytes the collector had to promote).
   */
  #inFlight = /* @__PURE__ */ new Set();
  constructor(baseUrl, options) {
    this.options = options;
    this.#origin = baseUrl.origin;
    this.#prefix = baseUrl.pathname.replace(/\/+$/, "");
    this.policy = { ...DEFAULT_HTTP_POLICY, ...options.policy };
    const { signal } = options.deadline;
    signal.addEventListener("abort", () => {
      for (const attempt of this.#inFlight)
        attempt.abort(signal.reason);
    }, { once: true });
  }
  /** The absolute URL for a path below the base; refuses anything that leaves its origin. */
  url(path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new Error(`request path must start with a single '/': ${JSON.stringify(path)}`);
    }
    const url = new URL(this.#prefix + path, this.#origin);
    if (url.origin !== this.#origin) {
      throw new Error("request would leave the provider origin");
    }
    return url;
  }
  async send(req) {
    const { deadline } = this.options;
    const idempotent = req.idempotent ?? req.method !== "POST";
    let ambiguousBefore = false;
    for (let attempt = 1; ; attempt++) {
      if (deadline.expired) {
        throw new TransportError("timeout", stopped(deadline), attempt - 1);
      }
      const pacer = req.pace ? this.options.pacers?.[req.pace] : void 0;
      if (pacer)
        await pacer.wait(deadline.signal).catch((error) => {
          pacer.done();
          throw error;
        });
      let response;
      try {
        response = await this.#attempt(req).finally(() => pacer?.done());
      } catch (error) {
        const timedOut = error instanceof AttemptTimeout || deadline.expired;
        const kind = timedOut ? "timeout" : "network";
        const lastChance = attempt >= this.policy.maxAttempts || !idempotent && isAmbiguous(error);
        const wait = this.#backoff(attempt);
        if (lastChance || wait >= deadline.remainingMs()) {
          throw new TransportError(kind, deadline.expired ? stopped(deadline) : describe(error, timedOut), attempt);
        }
        ambiguousBefore ||= isAmbiguous(error);
        await sleep(wait, deadline.signal);
        continue;
      }
      const retryable = idempotent ? RETRYABLE_STATUS.has(response.status) : response.status === 429;
      if (retryable && attempt < this.policy.maxAttempts) {
        const asked = parseRetryAfter(response.headers["retry-after"]) ?? this.options.retryAfterFromBody?.(response.text);
        const wait = Math.max(this.#backoff(attempt), (asked ?? 0) * 1e3);
        if (wait <= this.policy.maxRetryDelayMs && wait < deadline.remainingMs()) {
          await sleep(wait, deadline.signal);
          continue;
        }
      }
      return { ...response, attempts: attempt, retriedAfterAmbiguous: ambiguousBefore };
    }
  }
  #backoff(attempt) {
    const step = this.policy.backoffBaseMs * 2 ** (attempt - 1);
    const random = this.options.random ?? Math.random;
    return Math.round(step / 2 + random() * step / 2);
  }
  async #attempt(req) {
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new AttemptTimeout());
    }, this.policy.requestTimeoutMs);
    const { deadline } = this.options;
    if (deadline.expired)
      attempt.abort(deadline.signal.reason);
    this.#inFlight.add(attempt);
    try {
      const url = this.url(req.path);
      const res = await this.options.dispatcher.request({
        origin: this.#origin,
        path: url.pathname + url.search,
        method: req.method,
        headers: { ...this.options.headers, ...req.headers },
        body: req.body,
        signal: attempt.signal
      });
      const { text, truncated } = await readBody(res.body, this.policy.maxBodyBytes);
      const headers = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== void 0)
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
      }
      return { status: res.statusCode, headers, text, truncated };
    } catch (error) {
      if (timedOut)
        throw new AttemptTimeout();
      throw error;
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(attempt);
    }
  }
};
function readBody(body, max) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let settled = false;
    const settle = (end) => {
      if (settled)
        return;
      settled = true;
      end();
    };
    const text = () => Buffer.concat(chunks).toString("utf8");
    body.on("data", (chunk) => {
      if (settled)
        return;
      const room = max - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        settle(() => resolve({ text: text(), truncated: true }));
        body.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    body.once("end", () => settle(() => resolve({ text: text(), truncated: false })));
    body.on("error", (error) => settle(() => reject(error)));
    body.once("close", () => settle(() => reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }))));
  });
}
var AttemptTimeout = class extends Error {
  constructor() {
    super("no complete answer in time");
    this.name = "AttemptTimeout";
  }
};
function stopped(deadline) {
  return deadline.why === "cancelled" ? "the run was cancelled before an answer came" : "the run reached its time limit";
}
function isAmbiguous(error) {
  const code = error?.code;
  return !(typeof code === "string" && NOT_SENT_CODES.has(code));
}
function describe(error, timedOut) {
  if (timedOut)
    return "no complete answer in time";
  const code = error?.code;
  return typeof code === "string" ? `connection failed (${code})` : "connection failed";
}
function parseJson(res) {
  try {
    return JSON.parse(res.text);
  } catch {
    return void 0;
  }
}

// build/secrets.js
import { createHash } from "node:crypto";
var REDACTED = "***";
var FRAGMENT = 6;
function variantsOf(secret) {
  const forms = /* @__PURE__ */ new Set([secret]);
  forms.add(encodeURIComponent(secret));
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, "\\/"));
  for (const form of base64Cores(secret))
    forms.add(form);
  return [...forms].filter((form) => form.length > 0);
}
function base64Cores(secret) {
  const bytes = Buffer.from(secret, "utf8");
  const cores = [];
  for (let pad = 0; pad < 3; pad++) {
    const text = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64");
    const first = Math.ceil(8 * pad / 6);
    const last = Math.floor((8 * (pad + bytes.length) - 6) / 6);
    const core = text.slice(first, last + 1);
    if (core.length >= 8)
      cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}
var KEY = 8;
var LEAVING = Array.from({ length: KEY - 1 }).reduce((p) => Math.imul(p, 31), 1);
function hashAt(text, from) {
  let h = 0;
  for (let k = from; k < from + KEY; k++)
    h = Math.imul(h, 31) + text.charCodeAt(k) | 0;
  return h;
}
var PatternSet = class {
  /** Patterns of KEY characters or more, by the hash of their ending. */
  #byKey = /* @__PURE__ */ new Map();
  /** Shorter patterns, looked for one by one. */
  #short = [];
  /** Whether a pattern holds `*`, so that a redaction mark could complete an occurrence. */
  starry = false;
  get empty() {
    return this.#byKey.size === 0 && this.#short.length === 0;
  }
  add(pattern) {
    if (!pattern)
      return;
    if (pattern.length < KEY)
      this.#short.push(pattern);
    else {
      const key = hashAt(pattern, pattern.length - KEY);
      const list = this.#byKey.get(key);
      if (list)
        list.push(pattern);
      else
        this.#byKey.set(key, [pattern]);
    }
    if (pattern.includes("*"))
      this.starry = true;
  }
  /**
   * Where the patterns occur in `text`: merged [start, end) pairs, flat, in order. Every
   * occurrence is covered, overlapping ones included. With `first`, stops at the first found.
   */
  spans(text, first = false) {
    const found = [];
    if (this.empty)
      return found;
    if (this.#byKey.size > 0 && text.length >= KEY) {
      let hash = hashAt(text, 0);
      for (let end = KEY; end <= text.length; end++) {
        if (end > KEY) {
          const leaving = Math.imul(text.charCodeAt(end - KEY - 1), LEAVING);
          hash = Math.imul(hash - leaving, 31) + text.charCodeAt(end - 1) | 0;
        }
        const list = this.#byKey.get(hash);
        if (!list)
          continue;
        for (const pattern of list) {
          const start = end - pattern.length;
          if (start >= 0 && text.startsWith(pattern, start)) {
            found.push(start, end);
            if (first)
              return found;
          }
        }
      }
    }
    for (const pattern of this.#short) {
      for (let j = text.indexOf(pattern); j >= 0; j = text.indexOf(pattern, j + 1)) {
        found.push(j, j + pattern.length);
        if (first)
          return found;
      }
    }
    return merge(found);
  }
};
function merge(pairs) {
  if (pairs.length <= 2)
    return pairs;
  const order = Array.from({ length: pairs.length / 2 }, (_, k) => 2 * k).sort((a, b) => pairs[a] - pairs[b] || pairs[b + 1] - pairs[a + 1]);
  const out = [];
  for (const k of order) {
    const start = pairs[k];
    const end = pairs[k + 1];
    const n = out.length;
    if (n > 0 && start < out[n - 1])
      out[n - 1] = Math.max(out[n - 1], end);
    else
      out.push(start, end);
  }
  return out;
}
function cut(text, spans) {
  if (spans.length === 0)
    return text;
  let out = "";
  let from = 0;
  for (let k = 0; k < spans.length; k += 2) {
    out += text.slice(from, spans[k]) + REDACTED;
    from = spans[k + 1];
  }
  return out + text.slice(from);
}
var FIRST = 33;
var BASE = 94;
var TOP = BASE ** (FRAGMENT - 1);
var PENDING = 1 << 15;
var FragmentSet = class {
  #sorted = new Float64Array(0);
  #pending = [];
  #other = /* @__PURE__ */ new Set();
  /** Adds every FRAGMENT-long piece of `secret`. */
  addPieces(secret) {
    forEachPiece(secret, (code, i) => {
      if (code >= 0)
        this.#pending.push(code);
      else
        this.#other.add(secret.slice(i, i + FRAGMENT));
    });
    if (this.#pending.length >= PENDING)
      this.#sortIn();
  }
  /** Calls `hit(i)` for each i at which a FRAGMENT-long piece of `text` is a known piece. */
  find(text, hit) {
    const sorted = this.#sortIn();
    forEachPiece(text, (code, i) => {
      if (code >= 0 ? includes(sorted, code) : this.#other.has(text.slice(i, i + FRAGMENT)))
        hit(i);
    });
  }
  #sortIn() {
    if (this.#pending.length > 0) {
      const all = new Float64Array(this.#sorted.length + this.#pending.length);
      all.set(this.#sorted);
      all.set(this.#pending, this.#sorted.length);
      all.sort();
      this.#sorted = all;
      this.#pending = [];
    }
    return this.#sorted;
  }
};
function forEachPiece(text, each) {
  let code = 0;
  let run = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j) - FIRST;
    if (c >= 0 && c < BASE) {
      code = run >= FRAGMENT ? code % TOP * BASE + c : code * BASE + c;
      run++;
    } else {
      code = 0;
      run = 0;
    }
    const i = j - FRAGMENT + 1;
    if (i >= 0)
      each(run >= FRAGMENT ? code : -1, i);
  }
}
function includes(sorted, value) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    const v = sorted[mid];
    if (v === value)
      return true;
    if (v < value)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return false;
}
var Redactor = class {
  onAdd;
  #secrets = /* @__PURE__ */ new Set();
  /** Every form of every secret (see `variantsOf`). */
  #patterns = new PatternSet();
  /** Every secret with its white space taken out, for `scrub`. */
  #compact = new PatternSet();
  /** Every FRAGMENT-long piece of every secret long enough to have them. */
  #fragments = new FragmentSet();
  /** Every provider's key shapes as one pattern: text matching it goes whether known or not. */
  #shapes;
  /**
   * @param shapes the shapes of every provider's secrets (`Provider.keyShapes`): what matches
   *   one is cut out of every text, so a key the run never registered (another key quoted in a
   *   provider's error) is not printed either.
   */
  constructor(onAdd = () => {
  }, shapes = []) {
    this.onAdd = onAdd;
    this.#shapes = shapes.length > 0 ? new RegExp(shapes.map((s) => `(?:${s.source})`).join("|"), "g") : void 0;
  }
  /** Registers a secret (and masks it in the runner's log). Returns it unchanged. */
  add(secret) {
    const trimmed = secret.trim();
    if (/^\**$/.test(trimmed) || this.#secrets.has(trimmed))
      return secret;
    this.#secrets.add(trimmed);
    this.onAdd(trimmed);
    for (const form of variantsOf(trimmed))
      this.#patterns.add(form);
    this.#compact.add(trimmed.replace(/\s+/g, ""));
    if (trimmed.length >= 2 * FRAGMENT)
      this.#fragments.addPieces(trimmed);
    return secret;
  }
  /**
   * The text with every known secret replaced by `***`. Overlapping occurrences become one
   * mark, so a secret that contains another, or overlaps it, is removed whole.
   */
  redact(text) {
    let out = this.#cutKnown(text);
    if (this.#shapes) {
      out = out.replace(this.#shapes, REDACTED);
      if (this.#patterns.starry)
        out = this.#cutKnown(out);
    }
    return out;
  }
  /** The text with every registered secret cut, in every form `variantsOf` gives. */
  #cutKnown(text) {
    let out = cut(text, this.#patterns.spans(text));
    if (this.#patterns.starry) {
      for (let before = text; out !== before; ) {
        before = out;
        out = cut(out, this.#patterns.spans(out));
      }
    }
    return out;
  }
  /**
   * For text from outside (provider and GitHub answers): `redact`, and also
   * every run of FRAGMENT or more characters that is part of a secret, so a
   * key wrapped across lines or cut short leaves no piece behind.
   */
  scrub(text) {
    const out = this.#cutKnown(text);
    if (out.length < FRAGMENT)
      return this.#shapes ? this.redact(out) : out;
    const hidden = new Uint8Array(out.length);
    let any = false;
    const hide = (from, to) => {
      hidden.fill(1, from, to);
      any = true;
    };
    if (this.#shapes)
      for (const found of out.matchAll(this.#shapes))
        hide(found.index, found.index + found[0].length);
    const joined = withoutLineBreaks(out);
    for (const found of joined.text.matchAll(this.#keyLike)) {
      const start = joined.at[found.index] ?? 0;
      hide(start, (joined.at[found.index + found[0].length - 1] ?? start) + 1);
    }
    if (this.#secrets.size > 0) {
      const compact = without(out, /\s/);
      const wholes = this.#compact.spans(compact.text);
      for (let k = 0; k < wholes.length; k += 2)
        hide(compact.at[wholes[k]] ?? 0, (compact.at[wholes[k + 1] - 1] ?? 0) + 1);
      this.#fragments.find(compact.text, (j) => {
        for (let k = j; k < j + FRAGMENT; k++)
          hidden[compact.at[k] ?? 0] = 1;
        any = true;
      });
    }
    if (!any)
      return out;
    let result = "";
    for (let i = 0; i < out.length; i++) {
      if (!hidden[i])
        result += out[i];
      else if (!hidden[i - 1])
        result += REDACTED;
    }
    return this.#patterns.starry ? this.#cutKnown(result) : result;
  }
  /** Key shapes, and runs of key characters long enough to be key material. */
  get #keyLike() {
    const runs = "[A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*";
    const shapes = this.#shapes ? `${this.#shapes.source}|` : "";
    return new RegExp(`${shapes}(?<![A-Za-z0-9_.-])(?=[A-Za-z0-9_.-]{16})${runs}`, "g");
  }
  /** Whether the text still holds any registered secret, or anything of a key's shape. */
  leaks(text) {
    if (this.#shapes && new RegExp(this.#shapes.source).test(text))
      return true;
    return this.#patterns.spans(text, true).length > 0;
  }
};
function withoutLineBreaks(text) {
  const at = [];
  let kept = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || c === "\r")
      continue;
    if (c === "\\" && (text[i + 1] === "n" || text[i + 1] === "r")) {
      i++;
      continue;
    }
    at.push(i);
    kept += c;
  }
  return { text: kept, at };
}
function without(text, drop) {
  const at = [];
  let kept = "";
  for (let i = 0; i < text.length; i++) {
    if (!drop.test(text[i] ?? "")) {
      at.push(i);
      kept += text[i];
    }
  }
  return { text: kept, at };
}
function fingerprint(value) {
  return `sha256:${createHash("sha256").update(value, "utf8").digest("hex").slice(0, 12)}`;
}
function excerpt(text, redactor, max = 160) {
  const flat = redactor.scrub(text.slice(0, 4096)).replace(/\s+/g, " ").trim();
  if (flat.length === 0)
    return "(empty body)";
  return flat.length > max ? `${flat.slice(0, max)}\u2026` : flat;
}

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  Deadline,
  sleep,
  TransportError,
  HttpClient,
  parseJson,
  Redactor,
  fingerprint,
  excerpt
};

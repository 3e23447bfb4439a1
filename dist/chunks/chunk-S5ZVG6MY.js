import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  sleep
} from "./chunk-D6LOL2TQ.js";

// build/github/rate-limits.js
var GITHUB_CONCURRENCY = 8;
var RESOLUTIONS_PER_MINUTE = 900 / 5;

// build/github/api-error.js
var GitHubApiError = class extends Error {
  status;
  route;
  rateLimited;
  /**
   * @param rateLimited GitHub refused for a rate limit (a 429, or a 403 with no requests left
   *   or a `retry-after`): no missing permission, though a 403 too.
   */
  constructor(status, route, message, rateLimited = false) {
    super(message);
    this.status = status;
    this.route = route;
    this.rateLimited = rateLimited;
    this.name = "GitHubApiError";
  }
};

// build/http/pacer.js
var Pacer = class {
  minIntervalMs;
  fromAnswer;
  #next = 0;
  #queue = Promise.resolve();
  #release;
  constructor(minIntervalMs, fromAnswer = false) {
    this.minIntervalMs = minIntervalMs;
    this.fromAnswer = fromAnswer;
  }
  /** Resolves when the caller may send; reserves that slot for it. Call `done()` after. */
  async wait(signal) {
    if (this.fromAnswer) {
      const previous = this.#queue;
      let release = () => void 0;
      this.#queue = new Promise((resolve) => release = resolve);
      await previous;
      this.#release = release;
    }
    const now = Date.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.minIntervalMs;
    await sleep(at - now, signal);
  }
  /** The call that waited got its answer, or failed: with `fromAnswer`, the next may go. */
  done() {
    if (!this.fromAnswer)
      return;
    this.#next = Math.max(this.#next, Date.now() + this.minIntervalMs);
    const release = this.#release;
    this.#release = void 0;
    release?.();
  }
};
var WindowPacer = class {
  budget;
  windowMs;
  /** The last `budget` reserved start times, in order. */
  #starts = [];
  constructor(budget, windowMs) {
    this.budget = budget;
    this.windowMs = windowMs;
  }
  async wait(signal) {
    const now = Date.now();
    const oldest = this.#starts.length >= this.budget ? this.#starts[0] : void 0;
    const at = oldest === void 0 ? now : Math.max(now, oldest + this.windowMs);
    this.#starts.push(at);
    if (this.#starts.length > this.budget)
      this.#starts.shift();
    await sleep(at - now, signal);
  }
  done() {
  }
};

// build/http/user-agent.js
var USER_AGENT = "revoke-leaked-keys/0.1 (+GitHub Action)";

export {
  GITHUB_CONCURRENCY,
  RESOLUTIONS_PER_MINUTE,
  GitHubApiError,
  Pacer,
  WindowPacer,
  USER_AGENT
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  NotReplaceable,
  RevocationFailure,
  TransportError,
  fingerprint,
  secretLabel,
  sleep
} from "./chunk-YDRP5PTH.js";

// build/rotate/rotate.js
function destinationOf(settings, value) {
  if (settings.named)
    return { secret: settings.named };
  const matches = (settings.candidates ?? []).filter((c) => c.value === value);
  if (matches.length === 1 && matches[0])
    return { secret: matches[0].secret };
  if (matches.length === 0)
    return {
      none: "no secret listed in 'rotate-secrets' holds this key, so the run cannot tell where a replacement would go"
    };
  return {
    none: `${matches.length} secrets listed in 'rotate-secrets' (${matches.map((m) => secretLabel(m.secret)).join(", ")}) hold this same key, so the run cannot tell which one to rotate: rotate them by hand, or name one with 'rotate-into'`
  };
}
function markerOf(value) {
  return `replaces-${fingerprint(value).replace(":", "-")}`;
}
var nameFor = (value) => markerOf(value);
var NEW_KEY_TRIES = 3;
var Rotator = class {
  settings;
  secrets;
  redactor;
  newKeyPauseMs;
  constructor(settings, secrets, redactor, newKeyPauseMs = 1e3) {
    this.settings = settings;
    this.secrets = secrets;
    this.redactor = redactor;
    this.newKeyPauseMs = newKeyPauseMs;
  }
  wants(key) {
    return key.value !== void 0;
  }
  skipped(key, provider, why) {
    const dest = key.value ? destinationOf(this.settings, key.value) : void 0;
    if (!provider.replacement && dest && "secret" in dest)
      return this.#noCreateCall(provider, dest.secret);
    return {
      outcome: "not-attempted",
      ...dest && "secret" in dest ? { secret: secretLabel(dest.secret) } : {},
      message: `No replacement was made: ${why}.`
    };
  }
  async rotate(step) {
    const { provider, key } = step;
    const value = key.value ?? "";
    const dest = destinationOf(this.settings, value);
    if ("none" in dest)
      return { outcome: "not-attempted", message: `No replacement: ${dest.none}.` };
    const secret = secretLabel(dest.secret);
    const where = provider.keysPage ?? `the ${provider.name} console`;
    const byHand = `create one in ${where} and store it in ${secret}`;
    const replacement = provider.replacement;
    if (!replacement)
      return this.#noCreateCall(provider, dest.secret);
    const old = { id: step.old.id, value };
    const unsupported = replacement.unsupported?.(old);
    if (unsupported)
      return {
        outcome: "no-create-call",
        secret,
        message: `No replacement: ${unsupported}; ${byHand}.`
      };
    let store;
    try {
      store = await this.secrets();
      if (!await store.exists(dest.secret))
        return {
          outcome: "not-attempted",
          secret,
          message: `No replacement: the secret ${secret} does not exist (or 'secrets-token' may not see it), so nothing was created; check the name, then ${byHand}.`
        };
    } catch (error) {
      return {
        outcome: "not-attempted",
        secret,
        message: `No replacement: GitHub did not let 'secrets-token' read ${secret} (${this.#why(error)}), so nothing was created; give it "Secrets: write", or ${byHand}.`
      };
    }
    const marker = markerOf(value);
    let earlier;
    try {
      earlier = await replacement.findEarlier(step.ctx, old, marker, step.auth);
    } catch (error) {
      return {
        outcome: "failed",
        secret,
        message: `No replacement: ${provider.name} could not be asked for one made by an earlier run (${this.#why(error)}), so none was created (never two); ${byHand}.`
      };
    }
    if (earlier)
      return {
        outcome: "replaced-earlier",
        secret,
        newKeyRef: this.redactor.redact(earlier.id),
        message: `An earlier run created the replacement (named ${marker}) and stored it in ${secret}; none was created now.`
      };
    let created;
    try {
      created = await replacement.create(step.ctx, old, nameFor(value), step.auth);
    } catch (error) {
      if (error instanceof NotReplaceable)
        return {
          outcome: "not-attempted",
          secret,
          message: `No replacement: ${this.redactor.redact(error.message)}; then ${byHand}.`
        };
      return {
        outcome: "failed",
        secret,
        message: `No replacement: ${provider.name} refused to create one (${this.#why(error)}); ${byHand}.`
      };
    }
    this.redactor.add(created.value);
    const newKeyRef = created.value.includes(created.id) ? fingerprint(created.value) : this.redactor.redact(created.id);
    const undo = async (what) => {
      const cleanup = await this.#deleteNew(step.ctx, provider, created, step.auth);
      return {
        outcome: "failed",
        secret,
        newKeyRef,
        cleanup,
        message: cleanup === "deleted" ? `No replacement: ${what}; the new key ${newKeyRef} was deleted again, so none is left behind. ${byHand[0]?.toUpperCase()}${byHand.slice(1)}.` : `No replacement: ${what}, and the new key ${newKeyRef} could not be deleted again: delete it in ${where}, then ${byHand}.`
      };
    };
    try {
      await store.store(dest.secret, created.value);
    } catch (error) {
      return undo(`GitHub refused to store it in ${secret} (${this.#why(error)})`);
    }
    const works = await this.#works(step.ctx, provider, created.value, replacement.probeTries);
    if (works !== true)
      return undo(`the new key did not work when asked with itself (${works}), and ${secret} now holds it`);
    return {
      outcome: "rotated",
      secret,
      newKeyRef,
      message: `Replacement ${newKeyRef} created, stored in ${secret} and seen working before the leaked key was revoked.`
    };
  }
  #noCreateCall(provider, ref) {
    const secret = secretLabel(ref);
    return {
      outcome: "no-create-call",
      secret,
      message: `No replacement: this action creates no ${provider.name} keys (README "Rotate, then revoke" says why: no documented create call, or not wired up yet); create one in ${provider.keysPage ?? `the ${provider.name} console`} and store it in ${secret}.`
    };
  }
  /** `true` when the new key's own probe accepts it; otherwise what it said. */
  async #works(ctx, provider, value, tries = NEW_KEY_TRIES) {
    let said = "";
    for (let i = 0; i < tries; i++) {
      if (i > 0)
        await sleep(this.newKeyPauseMs * i);
      try {
        const answer = await provider.probe(ctx, value);
        if (answer.kind === "alive")
          return true;
        said = answer.kind === "dead" ? "refused" : answer.note;
      } catch (error) {
        said = this.#why(error);
      }
    }
    return said;
  }
  async #deleteNew(ctx, provider, created, auth) {
    try {
      const { answer } = await provider.delete(ctx, { id: created.id, value: created.value }, auth);
      return answer.kind === "deleted" ? "deleted" : "left-behind";
    } catch {
      return "left-behind";
    }
  }
  #why(error) {
    const text = error instanceof RevocationFailure || error instanceof TransportError ? error.message : error instanceof Error ? error.message : String(error);
    return this.redactor.redact(text.replace(/^[^:]{1,40}: /, "")).slice(0, 200);
  }
};
export {
  Rotator,
  destinationOf,
  markerOf
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  wholeKey
} from "./chunk-R5V2FI4H.js";

// build/providers/baseten/facts.js
var KEY = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{8,256})$/;
var SEEN_FAMILY = /^[A-Za-z0-9]{8}\.[A-Za-z0-9]+$/;
var SEEN_SECRET_LENGTH = 32;
var basetenFacts = {
  id: "baseten",
  name: "Baseten",
  aliases: [],
  alertNames: /baseten/i,
  defaultBaseUrl: "https://api.baseten.co",
  tokenHelp: 'a Baseten personal or workspace "manage all" API key (app.baseten.co > Settings > API keys)',
  selfRevocation: true,
  probeDescription: "`GET /v1/models` with the leaked key must answer 401",
  ownsKeyFormat: (value) => KEY.test(value),
  // The seen family: an 8-character prefix, a dot, a 32-character secret.
  keyShapes: [/(?<![A-Za-z0-9])[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}(?![A-Za-z0-9])/],
  checkId: (id) => /^[A-Za-z0-9_-]{1,64}$/.test(id) ? void 0 : "the key prefix (letters, digits, - or _)",
  checkValue: (value) => {
    if (!KEY.test(value))
      return "a Baseten key of the form <prefix>.<secret>";
    const secret = value.length - value.indexOf(".") - 1;
    return SEEN_FAMILY.test(value) && secret !== SEEN_SECRET_LENGTH ? wholeKey(`a ${SEEN_SECRET_LENGTH}-character secret after the dot`, secret, "its prefix (the part before the dot)") : void 0;
  },
  // 100 requests/s per key and endpoint: deletes with one management key share it, so they
  // start at most every 11 ms (91/s), leaving room for network jitter.
  // 100 requests a second per key and endpoint (src/providers/baseten/README.md): deletes with one
  // management key share it; the adapter keeps 1 ms of margin.
  docs: {
    idForm: "prefix (the part before the first dot)",
    ownFormat: "`<prefix>.<secret>`",
    credential: {
      where: "app.baseten.co > Settings > API keys",
      allowed: 'A personal API key, or a workspace key with "manage all"; invoke-only keys cannot manage keys',
      without: "The leaked key deletes itself if it may manage keys (Baseten does not document this)"
    }
  },
  limits: { concurrency: 8, minIntervalMs: { delete: 11 }, publishedSpacingMs: 10 }
};

export {
  KEY,
  basetenFacts
};

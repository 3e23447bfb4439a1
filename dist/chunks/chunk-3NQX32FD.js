import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  wholeKey
} from "./chunk-R5V2FI4H.js";

// build/providers/cometapi/facts.js
var cometapiFacts = {
  id: "cometapi",
  name: "CometAPI",
  aliases: ["comet", "comet-api"],
  alertNames: /\bcomet(?:[\s._-]?api)?\b/i,
  defaultBaseUrl: "https://api.cometapi.com",
  tokenHelp: "a CometAPI personal access token (cometapi.com > Console > Personal Settings), not an sk- key",
  // An sk- model key can never delete itself: only the access token can.
  selfRevocation: false,
  probeDescription: "`GET /v1/models` with the leaked key as a bearer token must answer 401",
  keyShapes: [/(?<![A-Za-z0-9])sk-[A-Za-z0-9]{48}/],
  checkId: (id) => /^[1-9]\d{0,15}$/.test(id) ? void 0 : "the numeric key id (a whole number >= 1)",
  // sk- and 48 letters or digits (CometAPI's key format): anything else is not a whole key.
  checkValue: (value) => {
    if (!value.startsWith("sk-"))
      return "a CometAPI key (sk- and 48 letters or digits)";
    const body = value.slice(3);
    return /^[A-Za-z0-9]{48}$/.test(body) ? void 0 : wholeKey("sk- and 48 letters or digits", body.length, "its numeric id");
  },
  docs: {
    idForm: "integer id",
    credential: {
      where: "cometapi.com > Console > Personal Settings: the personal access token",
      allowed: "The access token itself, not an `sk-` key (it is sent raw in `Authorization`)",
      without: "Required: an `sk-` key can never delete itself"
    }
  },
  limits: { concurrency: 4 }
};

export {
  cometapiFacts
};

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// build/providers/braintrust/facts.js
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var braintrustFacts = {
  id: "braintrust",
  name: "Braintrust",
  aliases: [],
  alertNames: /braintrust/i,
  defaultBaseUrl: "https://api.braintrust.dev",
  tokenHelp: "a Braintrust API key of an organization owner or admin (braintrust.dev > Settings > API keys)",
  // Keys inherit their creator's permissions; self-deletion is undocumented.
  selfRevocation: false,
  probeDescription: "`GET /v1/project?limit=1` with the leaked key must answer 401",
  keyShapes: [/(?<![A-Za-z0-9])(?:sk|bt-st)-[A-Za-z0-9]{16,128}/],
  checkId: (id) => UUID.test(id) ? void 0 : "the key uuid (8-4-4-4-12 hex digits)",
  checkValue: (value) => /^(sk-|bt-st-)[A-Za-z0-9]{16,128}$/.test(value) ? void 0 : "a Braintrust key (sk-\u2026 or bt-st-\u2026)",
  docs: {
    idForm: "uuid",
    apiUrl: "self-hosted data planes",
    credential: {
      where: "braintrust.dev > Settings > API keys",
      allowed: "An API key of an organization owner or admin (a key carries its creator's permissions)",
      without: "Required: Braintrust does not document whether a key may delete itself, so the action never tries"
    }
  },
  limits: { concurrency: 4 }
};

export {
  braintrustFacts
};

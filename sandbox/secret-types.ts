import type { ProviderId } from '../src/providers/types.js'

/**
 * How the sandbox's GitHub reports a secret of each provider in an alert: GitHub's own type and
 * display name where GitHub detects the provider's keys natively, otherwise the type and name a
 * custom pattern from `custom-patterns/` would give. Each maps to its provider with no
 * `secret-types` line (`__tests__/sandbox/secret-types.test.ts` checks it).
 */
export const ALERT_TYPES: Record<ProviderId, { type: string; name: string }> = {
  vastai: { type: 'vastai_api_key', name: 'Vast.ai API key' },
  baseten: { type: 'baseten_api_key', name: 'Baseten API key' },
  braintrust: { type: 'braintrust_api_key', name: 'Braintrust API key' },
  quiva: { type: 'quiva_api_key', name: 'quiva.ai API key' },
  cometapi: { type: 'cometapi_api_key', name: 'CometAPI key' },
  openai: { type: 'openai_api_key', name: 'OpenAI API Key' },
  github: { type: 'github_personal_access_token', name: 'GitHub Personal Access Token' },
  gitlab: { type: 'gitlab_access_token', name: 'GitLab Access Token' },
  slack: { type: 'slack_api_token', name: 'Slack API Token' },
  anthropic: { type: 'anthropic_api_key', name: 'Anthropic API Key' }
}

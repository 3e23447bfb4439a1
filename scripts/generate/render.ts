import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import {
  PROVIDERS,
  apiUrlInput,
  customPatternProviders,
  providerForSecretType,
  tokenInput
} from '../../src/providers/registry.js'
import type { ProviderDocs, ProviderFacts, ProviderId } from '../../src/providers/types.js'
import { FAULTS, faultCaseCount } from '../../__tests__/helpers/faults.js'
import { PROPERTIES, PROPERTY_RUNS } from '../../__tests__/helpers/figures.js'

// What each generated block says, written from the registry's facts alone: a provider added to
// the registry appears in every list, table and example the next `npm run generate` writes.

const all = (): ProviderFacts[] => Object.values(PROVIDERS)

/** Each provider's `docs.ts`, read one at a time (no run loads them; only this generator). */
const DOCS = {} as Record<ProviderId, ProviderDocs>
for (const p of Object.values(PROVIDERS)) {
  const module = (await import(`../../src/providers/${p.id}/docs.js`)) as { docs: ProviderDocs }
  DOCS[p.id] = module.docs
}
/** What the docs say of a provider. */
const docsOf = (p: ProviderFacts): ProviderDocs => DOCS[p.id]
const withToken = () => all().filter((p) => tokenInput(p) !== undefined)
const withApiUrl = () => all().filter((p) => apiUrlInput(p) !== undefined)
/** Providers whose credential comes from the runner's environment (AWS), not an input. */
const withEnvCredential = () => all().filter((p) => p.credentialEnv !== undefined)
/** Providers that take no credential at all. */
const noCredential = () => all().filter((p) => !tokenInput(p) && !p.credentialEnv)
/** Every provider's yes/no inputs (`aws-delete`), with what each says. */
const flagInputs = () => all().flatMap((p) => Object.entries(p.flags ?? {}))
const plain = (markdown: string) => markdown.replace(/`/g, '')
/** A markdown paragraph in lines of at most 100 characters, as the hand-written ones are. */
const paragraph = (text: string, hang = '') =>
  wrap(text, 100 - hang.length)
    .map((line, i) => (i === 0 ? line : hang + line))
    .join('\n')
const code = (text: string) => `\`${text}\``

/** "a, b or c" (`last` is the word before the last item). */
export function list(items: readonly string[], last = 'and'): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`
}

/** Words of `text` in lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

/** A YAML folded scalar (`>-`) of `text`, its lines `indent` deep, at most 100 wide. */
function folded(key: string, text: string, indent: string): string {
  const lines = wrap(text, 100 - indent.length).map((l) => `${indent}${l}`)
  return `${key}: >-\n${lines.join('\n')}`
}

/** The secret a provider's `<id>-token` input is stored under, in every example. */
export const secretName = (p: ProviderFacts) => `${p.id.toUpperCase()}_TOKEN`
/** The alert token's secret, fixed: it is not a provider's. */
export const ALERTS_SECRET = 'SECRET_SCANNING_TOKEN'

/** The page each provider's details live on, from the repository's root. */
export const pagePath = (p: ProviderFacts) => `src/providers/${p.id}/README.md`

/** The custom pattern of a provider GitHub does not detect, as its file says. */
interface CustomPattern {
  file: string
  name: string
  matches: string
  nameBeforeKey: string
}
export function customPattern(p: ProviderFacts): CustomPattern | undefined {
  if (!customPatternProviders().includes(p.id)) return undefined
  const file = `src/providers/${p.id}/custom-pattern.yml`
  const raw = parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >
  return {
    file,
    name: raw.name ?? '',
    matches: raw.matches ?? '',
    nameBeforeKey: raw.name_before_key ?? ''
  }
}

// --- descriptions -----------------------------------------------------------------------

/** One sentence for action.yml's and package.json's description. */
export function actionDescription(): string {
  return `Revokes leaked API keys and tokens at ${list(all().map((p) => p.name))} with each provider's own API, proves each dead, and reports the outcome. Never prints a key.`
}

const idsText = () =>
  list(
    all().map((p) => p.id),
    'or'
  )
const aliasesText = () => all().flatMap((p) => p.aliases)
const ownFormats = () =>
  all().flatMap((p) => (docsOf(p).ownFormat ? [`${p.name} ${docsOf(p).ownFormat}`] : []))
const withoutIds = () => all().filter((p) => !docsOf(p).idForm)

// --- action.yml -------------------------------------------------------------------------

export function actionYmlDescription(): string {
  return folded('description', actionDescription(), '  ')
}

function tokenDescription(p: ProviderFacts): string {
  const noun = p.revocationWords?.noun ?? 'delete'
  const without = p.selfRevocation
    ? 'When empty, the leaked key revokes itself.'
    : 'Required for this provider.'
  return `${p.name} management credential that authorizes the ${noun}: ${p.tokenHelp}. ${without}`
}

function apiUrlDescription(p: ProviderFacts): string {
  const more = docsOf(p).apiUrl ? `; ${docsOf(p).apiUrl}` : ''
  return `${p.name} API base URL (default ${p.defaultBaseUrl}${more}). https only, except http to a loopback host.`
}

function providerInputDescription(): string {
  return `Provider of the key: ${idsText()} (any case; also ${aliasesText().join(', ')}). May be omitted only when the key's format names one provider (${ownFormats().join(', ')}).`
}

function keyIdDescription(): string {
  const forms = all().flatMap((p) => (docsOf(p).idForm ? [`${p.name} ${docsOf(p).idForm}`] : []))
  const none = withoutIds().map((p) => p.name)
  const noneText = none.length
    ? `; ${list(none)} keys have none: give the key in key or key-from-input`
    : ''
  return `The key's identifier at the provider (${forms.join(', ')}${noneText}); several one per line, line N of key-id the id of line N of key. At least one of key, key-from-input or key-id.`
}

/** action.yml's `provider`, `key-id`, `<id>-token` and `<id>-api-url` inputs. */
export function actionYmlProviderInputs(): string {
  const input = (name: string, description: string) =>
    `${name}:\n  ${folded('description', plain(description), '    ')}\n  required: false`
  return [
    input('provider', providerInputDescription()),
    input('key-id', keyIdDescription()),
    ...withToken().map((p) => input(tokenInput(p) ?? '', tokenDescription(p))),
    ...withApiUrl().map((p) => input(apiUrlInput(p) ?? '', apiUrlDescription(p))),
    ...flagInputs().map(([name, description]) => input(name, description))
  ].join('\n')
}

// --- README -----------------------------------------------------------------------------

export function readmeSupported(): string {
  const links = all().map((p) => `[${p.name}](${pagePath(p)})`)
  return paragraph(`Supported providers: **${links.join(', ')}**.`)
}

/** The `with:` lines that pass every provider's credential, as in every example. */
export function tokenLines(): string {
  return withToken()
    .map((p) => `${tokenInput(p)}: \${{ secrets.${secretName(p)} }}`)
    .join('\n')
}

export function readmeQuickStart(): string {
  const indent = (text: string, n: number) =>
    text
      .split('\n')
      .map((l) => ' '.repeat(n) + l)
      .join('\n')
  return `\`\`\`yaml
name: Revoke a leaked key
on:
  workflow_dispatch:
    inputs:
      provider:
        description: '${idsText()}'
        required: true
      leaked-key: { description: 'The leaked key (never printed)', required: true }
      issue: { description: 'Incident issue number for the report', required: false }

permissions:
  issues: write

jobs:
  revoke:
    runs-on: ubuntu-latest
    steps:
      - id: revoke
        uses: OWNER/REPO@COMMIT_SHA # vX.Y.Z: see Versions
        with:
          provider: \${{ inputs.provider }}
          key-from-input: leaked-key # the name of the form field, not its value
${indent(tokenLines(), 10)}
          issue-number: \${{ inputs.issue }}
      - env:
          STATUS: \${{ steps.revoke.outputs.status }}
        run: echo "status=$STATUS"
\`\`\``
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n')
}

/** The README's Providers table: one row a provider, its details on its own page. */
export function readmeProviders(): string {
  return table(
    [
      'Provider',
      '`provider`',
      'Credential input',
      'Without a credential',
      '`key-id`',
      'Alerts from',
      'Proven dead when'
    ],
    all().map((p) => {
      const pattern = customPattern(p)
      return [
        `[${p.name}](${pagePath(p)})`,
        code(p.id),
        tokenInput(p) ? code(tokenInput(p) ?? '') : 'none',
        p.selfRevocation ? 'the leaked key revokes itself' : 'required',
        docsOf(p).idForm ?? 'none: by value',
        pattern
          ? `custom pattern [\`${p.id}\`](${pattern.file})`
          : `GitHub: ${(p.secretTypes ?? []).map(code).join(', ')}`,
        p.probeDescription.replace(/\|/g, '\\|')
      ]
    })
  )
}

/** Which key formats name their provider: `provider` may then be omitted. */
export function readmeOwnFormats(): string {
  const others = all().filter((p) => !docsOf(p).ownFormat)
  return paragraph(
    `The key's format names the provider for ${ownFormats().join(', ')}. Keys of ${list(others.map((p) => p.name))} need \`provider\` (their formats are shared, or have no prefix).`
  )
}

/** The README's Inputs rows for the provider inputs. */
export function readmeProviderInputs(): string {
  return table(
    ['Input', 'Meaning'],
    [
      [
        '`provider`',
        `${list(
          all().map((p) => code(p.id)),
          'or'
        )} (any case; also ${aliasesText().map(code).join(', ')}). Optional when the key's format names one provider.`
      ],
      [
        '`key-id`',
        `The key's id at the provider (${all()
          .flatMap((p) => (docsOf(p).idForm ? [`${p.name}: ${docsOf(p).idForm}`] : []))
          .join(
            '; '
          )}); several one per line. With a key value too, line N of \`key-id\` is the id of line N of the value. Carries no secret.`
      ],
      ...withToken().map((p) => [code(tokenInput(p) ?? ''), tokenDescription(p)]),
      ...withApiUrl().map((p) => [
        code(apiUrlInput(p) ?? ''),
        `Base URL override; empty: \`${p.defaultBaseUrl}\`${docsOf(p).apiUrl ? ` (${docsOf(p).apiUrl})` : ''}. \`https\` only, except \`http\` to 127.0.0.0/8, \`::1\` or \`localhost\` (the sandbox).`
      ]),
      ...flagInputs().map(([name, description]) => [code(name), description])
    ]
  )
}

/** The README's Credentials table: each provider's, then the two GitHub tokens. */
export function readmeCredentials(): string {
  return table(
    ['Secret (input)', 'Where to create it', 'What it must be allowed', 'Without it'],
    [
      ...withToken().map((p) => {
        const c = docsOf(p).credential
        return [
          `${code(secretName(p))} (${code(tokenInput(p) ?? '')})`,
          c?.where ?? p.tokenHelp,
          c?.allowed ?? '',
          c?.without ?? ''
        ]
      }),
      ...withEnvCredential().map((p) => {
        const c = docsOf(p).credential
        return [
          `${(p.credentialEnv ?? []).map(code).join(', ')} (environment)`,
          c?.where ?? p.tokenHelp,
          c?.allowed ?? '',
          c?.without ?? ''
        ]
      }),
      [
        `${code(ALERTS_SECRET)} (\`alerts-token\`)`,
        'GitHub > Settings > Developer settings > Personal access tokens > Fine-grained tokens (resource owner: the organization, for `alerts-scope: org`), or a GitHub App',
        'Repository permission "Secret scanning alerts: Read and write" on the repositories whose alerts it handles',
        "No alert-driven run: the workflow's `GITHUB_TOKEN` can never read alerts"
      ],
      [
        'none (`github-token`)',
        "the workflow's own `GITHUB_TOKEN`, by default",
        '`permissions: issues: write` (or `pull-requests: write`) in the workflow',
        'No report comment or tracking issue; the job summary still has the report'
      ]
    ]
  )
}

/** Who is found by GitHub and who by a custom pattern (README, custom-patterns/README.md). */
export function detection(): string {
  const native = all().filter((p) => !customPattern(p))
  const custom = all().filter((p) => customPattern(p))
  return paragraph(
    `GitHub detects the keys of ${list(native.map((p) => p.name))} itself: their alerts map to their provider with no \`secret-types\` line and no custom pattern (see [docs/secret-types.md](docs/secret-types.md)). ${list(custom.map((p) => p.name))} are not GitHub secret scanning partners: GitHub raises no alert for their keys until you add a custom pattern for each.`
  )
}

// --- custom-patterns/README.md ----------------------------------------------------------

export function customPatternsTable(): string {
  return table(
    ['Provider', 'File', 'Pattern name', 'Matches', 'Needs a name before the key'],
    all().flatMap((p) => {
      const c = customPattern(p)
      return c
        ? [
            [
              p.name,
              `[\`${p.id}/custom-pattern.yml\`](../${c.file})`,
              code(c.name),
              c.matches,
              c.nameBeforeKey
            ]
          ]
        : []
    })
  )
}

/** The `secret-types` sample: one line per custom-pattern provider. */
export function secretTypesSample(): string {
  const ids = customPatternProviders()
  return `The action's \`secret-types\` input maps them, one \`secret_type=provider\` per line (provider is ${list(
    ids.map(code),
    'or'
  )}):

\`\`\`yaml
- uses: OWNER/REPO@COMMIT_SHA # vX.Y.Z (see the README, "Versions")
  with:
    alerts: open
    alerts-token: \${{ secrets.${ALERTS_SECRET} }}
    secret-types: |
${ids.map((id) => `      my_org_${id}_key=${id}`).join('\n')}
\`\`\``
}

/** The `secret-types:` lines of the examples. */
export function exampleSecretTypes(): string {
  return `secret-types: |\n${customPatternProviders()
    .map((id) => `  my_org_${id}_key=${id}`)
    .join('\n')}`
}

// --- examples ---------------------------------------------------------------------------

/** examples/sweep.yml's header lines naming the provider secrets. */
export function exampleSecretsHeader(): string {
  const names = wrap(withToken().map(secretName).join(', '), 94)
  const self = withToken().filter((p) => p.selfRevocation)
  const needs = withToken().filter((p) => !p.selfRevocation)
  const none = noCredential()
  const text = `each provider's management credential; drop the providers you do not use. ${list(self.map((p) => p.name))} keys can revoke themselves without one; ${list(needs.map((p) => p.name))} need it.${none.length ? ` ${list(none.map((p) => p.name))} keys need none (no token input).` : ''}`
  const lines = [
    ...names.map((l) => `   ${l}`),
    ...wrap(text, 72).map((l) => `${' '.repeat(26)}${l}`)
  ]
  return lines.map((l) => `#${l}`).join('\n')
}

export function exampleProviderField(): string {
  return `description: 'Provider of the key: ${idsText()}'`
}

// --- SECURITY.md ------------------------------------------------------------------------

export function securitySelfRevoking(): string {
  const self = all().filter((p) => p.selfRevocation)
  const none = noCredential()
  return paragraph(
    `- **\`<provider>-token\`**: use the narrowest credential that may delete keys (each provider's page, linked from the README's Providers table). Where a leaked key may revoke itself (${list(self.map((p) => p.name))}), you can leave the token out entirely${none.length ? ` (${list(none.map((p) => `${p.name}'s`))} take no credential at all)` : ''}.`,
    '  '
  )
}

// --- docs/secret-types.md ---------------------------------------------------------------

export function secretTypesPage(): string {
  const rows = all().flatMap((p) =>
    Object.entries(docsOf(p).secretTypes ?? {}).map(([type, why]) => {
      const exact = /^\w+$/.test(type)
      const goes = exact ? providerForSecretType(type, '', new Map()) : undefined
      return [
        exact
          ? code(type)
          : `${code(type.split(' ')[0] ?? '')} ${type.split(' ').slice(1).join(' ')}`,
        goes ? code(goes) : 'none',
        why
      ]
    })
  )
  const native = all().filter((p) => !customPattern(p))
  const custom = all().filter((p) => customPattern(p))
  return `# GitHub's secret types and the providers they map to

<!-- Written by \`npm run generate\` from each provider's folder (src/providers/<id>/facts.ts and docs.ts): edit those. -->

${paragraph(`GitHub's secret scanning detects the keys of ${list(native.map((p) => p.name))} itself. Their alerts map to a provider with no \`secret-types\` line and no custom pattern. The types below are from GitHub's list of supported secrets (<https://docs.github.com/en/code-security/reference/secret-security/supported-secret-scanning-patterns>, whose data is \`src/secret-scanning/data/public-docs.yml\` in the public \`github/docs\` repository). Where each goes is the action's own answer (\`providerForSecretType\` with no \`secret-types\` line); each provider's page, \`src/providers/<id>/README.md\`, says more.`)}

${table(['Secret type (`secret_type`)', 'Provider', 'Why'], rows)}

${paragraph(`${list(custom.map((p) => p.name))} keys are not detected by GitHub: their custom patterns are in each provider's folder (\`src/providers/<id>/custom-pattern.yml\`); see [custom-patterns/README.md](../custom-patterns/README.md).`)}
`
}

// --- each provider's page ---------------------------------------------------------------

export function providerSummary(p: ProviderFacts): string {
  const pattern = customPattern(p)
  const token = tokenInput(p)
  const limits = p.limits.publishedSpacingMs
    ? `at least ${p.limits.publishedSpacingMs} ms between calls that share a budget (published); up to ${p.limits.concurrency} at once`
    : `up to ${p.limits.concurrency} at once${p.limits.batch ? `, ${p.limits.batch} keys a request` : ''}`
  return table(
    ['Fact', 'Value'],
    [
      ['`provider`', [p.id, ...p.aliases].map(code).join(', ')],
      [
        'Credential',
        token
          ? `${code(token)} (secret ${code(secretName(p))}): ${p.tokenHelp}`
          : p.credentialEnv
            ? `the environment (${p.credentialEnv.map(code).join(', ')}): ${p.tokenHelp}`
            : `none: ${p.tokenHelp.replace(/^nothing:\s*/, '')}`
      ],
      ['Without a credential', p.selfRevocation ? 'the leaked key revokes itself' : 'required'],
      ['`key-id`', docsOf(p).idForm ?? 'none: the key is given by value'],
      ['Format names it', docsOf(p).ownFormat ?? 'no: give `provider`'],
      [
        'Alerts from',
        pattern
          ? `custom pattern [\`custom-pattern.yml\`](custom-pattern.yml) (\`${pattern.name}\`)`
          : `GitHub's own types: ${(p.secretTypes ?? []).map(code).join(', ')}`
      ],
      ['Proven dead when', p.probeDescription.replace(/\|/g, '\\|')],
      [
        'Base URL',
        `${code(p.defaultBaseUrl)}${apiUrlInput(p) ? ` (${code(apiUrlInput(p) ?? '')})` : " (the runner's `GITHUB_API_URL`)"}`
      ],
      ['Pace', limits],
      [
        'Files',
        `facts [\`facts.ts\`](facts.ts), adapter [\`adapter.ts\`](adapter.ts), fake [\`fake.ts\`](fake.ts), contract ${existsSync(new URL(`../../src/providers/${p.id}/smithy.json`, import.meta.url)) ? '[`smithy.json`](smithy.json) (Smithy models)' : '[`openapi.yaml`](openapi.yaml)'}`
      ]
    ]
  )
}

// --- docs/reliability.md ----------------------------------------------------------------

/** "1,000": thousands separated as the docs write them. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** The reliability figures, from the suites' own constants. */
export function reliabilityFigures(): string {
  const providers = all().length
  return table(
    ['What the suites prove', 'Figure'],
    [
      ['Fault kinds played by the sandbox', String(FAULTS.length)],
      ['Providers put through every fault', String(providers)],
      [
        'Fault cases run (each fault lasting and, where recoverable, once; a lost answer; the GitHub client)',
        thousands(faultCaseCount(providers))
      ],
      ['Properties (fast-check) x runs each', `${PROPERTIES.length} x ${thousands(PROPERTY_RUNS)}`],
      ['Input combinations tried (property runs on the inputs)', thousands(PROPERTY_RUNS)],
      // The e2e suites fail on any secret found, so what a passing `npm test` proves is 0.
      ['Secrets found in anything the action wrote', '0']
    ]
  )
}

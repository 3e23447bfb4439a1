// `npm run sandbox`: starts the local sandbox (every provider and GitHub, on 127.0.0.1)
// with a few keys, tokens and alerts, prints where they are and how to point a run (or the
// webhook relay) at them, and keeps running until Ctrl-C. Every value it prints is a fake
// that works only here.
//
//   npm run sandbox                            print, log each request, stop on Ctrl-C
//   npm run sandbox -- --write-env FILE        also write NAME=value lines to FILE once ready
//                                              (append them to $GITHUB_ENV in CI)
//   npm run sandbox -- --quiet                 no request log
import { randomUUID } from 'node:crypto'
import { rename, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { PROVIDERS, apiUrlInput, tokenInput } from '../src/providers/registry.js'
import { Sandbox } from './index.js'
import type { FakeService } from './service.js'
import { deliveryHeaders } from './webhooks.js'
import { PROVIDER_IDS } from '../src/providers/types.js'

const REPOSITORY = 'acme/app'

const { values: args } = parseArgs({
  options: {
    'write-env': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (args.help) {
  console.log('usage: npm run sandbox [-- --write-env FILE] [-- --quiet]')
  process.exit(0)
}

const sandbox = await Sandbox.start()
const github = sandbox.github
const alertsToken = 'github_pat_sandboxAlertsToken000000000000000'
const githubToken = 'ghs_sandboxWorkflowToken00000000000000000'
// The relay's: what `repository_dispatch` needs, Contents: write on the repository.
const dispatchToken = 'github_pat_sandboxDispatchToken00000000000000'
const webhookSecret = 'sandboxWebhookSecret0000000000000000'
github.state.tokens.set(alertsToken, { alerts: true })
github.state.tokens.set(githubToken, { alerts: false })
github.state.tokens.set(dispatchToken, { alerts: false, contents: [REPOSITORY] })

const env: Record<string, string> = {
  SANDBOX_GITHUB_API_URL: sandbox.githubService.url,
  SANDBOX_GITHUB_TOKEN: githubToken,
  SANDBOX_ALERTS_TOKEN: alertsToken,
  SANDBOX_DISPATCH_TOKEN: dispatchToken,
  SANDBOX_WEBHOOK_SECRET: webhookSecret,
  SANDBOX_REPOSITORY: REPOSITORY
}
const out: string[] = [
  'Sandbox running on 127.0.0.1. Every token and key below is a fake of this sandbox.',
  ''
]
for (const id of PROVIDER_IDS) {
  const { store, service } = sandbox.providers[id]
  const token = store.addToken()
  const keys = [store.addKey({ name: 'sandbox-key-1' }), store.addKey({ name: 'sandbox-key-2' })]
  const upper = id.toUpperCase()
  // A provider without a token or url input (GitHub's tokens: GITHUB_API_URL, no credential)
  // gets neither here; SANDBOX_GITHUB_TOKEN stays the workflow's token.
  const tokenName = tokenInput(PROVIDERS[id])
  const urlName = apiUrlInput(PROVIDERS[id])
  Object.assign(env, {
    ...(urlName ? { [`SANDBOX_${upper}_URL`]: service.url } : {}),
    ...(tokenName ? { [`SANDBOX_${upper}_TOKEN`]: token } : {}),
    [`SANDBOX_${upper}_KEY_ID`]: keys[0]!.id,
    [`SANDBOX_${upper}_KEY`]: keys[0]!.value
  })
  // A credential from the environment (AWS): its variables, as the step's `env:` would set them.
  const fromEnv = PROVIDERS[id].credentialEnv
  const parts = token.split(':')
  if (fromEnv)
    fromEnv.forEach((variable, i) => {
      if (parts[i]) env[`SANDBOX_${upper}_${variable}`] = parts[i]
    })
  out.push(`${PROVIDERS[id].name} (provider: ${id})`)
  out.push(`  url    ${service.url}${urlName ? '' : '   (GITHUB_API_URL)'}`)
  if (tokenName) out.push(`  token  ${token}   (${tokenName})`)
  if (fromEnv)
    out.push(
      `  env    ${fromEnv.flatMap((variable, i) => (parts[i] ? [`${variable}=${parts[i]}`] : [])).join(' ')}`
    )
  for (const key of keys) out.push(`  key    id ${key.id}   value ${key.value}`)
  out.push('')
}

// Open alerts for a sweep: two that map to a provider by their display name, one that maps
// to none (reported skipped).
const alertKeys = [
  ['baseten', 'Baseten API key'],
  ['quiva', 'quiva.ai API key']
] as const
const alerts = alertKeys.map(([id, display]) =>
  github.addAlert(
    REPOSITORY,
    sandbox.providers[id].store.addKey({ name: 'alerted' }).value,
    display
  )
)
alerts.push(github.addAlert(REPOSITORY, 'acme_internal_0123456789abcdef', 'Acme internal token'))
out.push(`GitHub API (repository ${REPOSITORY})`)
out.push(`  url             ${sandbox.githubService.url}`)
out.push(`  alerts token    ${alertsToken}   (alerts-token: reads and resolves alerts)`)
out.push(`  token           ${githubToken}   (github-token: issues and comments only)`)
out.push(
  `  dispatch token  ${dispatchToken}   (the relay's DISPATCH_TOKEN: repository_dispatch on ${REPOSITORY})`
)
out.push(`  webhook secret  ${webhookSecret}   (the relay's WEBHOOK_SECRET)`)
for (const a of alerts)
  out.push(`  open alert      ${a.repository}#${a.number}: ${a.secret_type_display_name}`)
out.push('')

const urlInputs = PROVIDER_IDS.flatMap((id) => {
  const name = apiUrlInput(PROVIDERS[id])
  return name ? [[name, sandbox.providers[id].service.url] as const] : []
})
const inputUrls = urlInputs.map(([name, url]) => `'INPUT_${name.toUpperCase()}=${url}'`)
const quivaKey = sandbox.providers.quiva.store.keys[0]!.value
out.push(
  'Point a run at it',
  '  Inputs (a workflow on a self-hosted runner on this machine):',
  ...urlInputs.map(([name, url]) => `    ${name}: ${url}`),
  `  Environment for dist/index.js (the runner passes input <name> as INPUT_<NAME>):`,
  `    GITHUB_API_URL=${sandbox.githubService.url} GITHUB_REPOSITORY=${REPOSITORY}`,
  ...inputUrls.map((v) => `    ${v}`),
  '  For example, revoke the first quiva.ai key (from another shell):',
  `    env INPUT_PROVIDER=quiva 'INPUT_KEY=${quivaKey}' 'INPUT_QUIVA-API-URL=${sandbox.providers.quiva.service.url}' INPUT_VERIFY=true node dist/index.js`,
  '  Sweep the open alerts:',
  `    env INPUT_ALERTS=open 'INPUT_ALERTS-TOKEN=${alertsToken}' GITHUB_REPOSITORY=${REPOSITORY} GITHUB_API_URL=${sandbox.githubService.url} ${inputUrls.join(' ')} node dist/index.js`,
  ''
)

// The relay (relay/), against this GitHub: the webhook GitHub would send for the first open
// alert, signed with the secret the relay is started with.
const [first] = alerts
const webhook = JSON.stringify({
  action: 'created',
  alert: {
    number: first!.number,
    secret_type: first!.secret_type,
    secret_type_display_name: first!.secret_type_display_name,
    validity: 'unknown',
    html_url: `https://github.test/${REPOSITORY}/security/secret-scanning/${first!.number}`
  },
  repository: { full_name: REPOSITORY }
})
const headers = await deliveryHeaders(webhook, webhookSecret, { delivery: randomUUID() })
const curlHeaders = ['content-type', 'x-github-event', 'x-github-delivery', 'x-hub-signature-256']
  .map((name) => `-H '${name}: ${headers[name]}'`)
  .join(' ')
out.push(
  'Try the webhook relay',
  '  Start it against this GitHub (from another shell; it listens on 127.0.0.1:8787, PORT to change):',
  `    WEBHOOK_SECRET=${webhookSecret} DISPATCH_TOKEN=${dispatchToken} GITHUB_API_URL=${sandbox.githubService.url} npm run relay`,
  `  Send it alert ${REPOSITORY}#${first!.number}'s webhook, signed, with the fields the relay reads (a third shell):`,
  `    curl -sS -i http://127.0.0.1:8787/ ${curlHeaders} --data-binary '${webhook}'`,
  `  202 Dispatched, and the log below shows POST /repos/${REPOSITORY}/dispatches; sent again, the`,
  '  same delivery id gets 202 Already dispatched and no second dispatch.',
  ''
)

if (args['write-env']) {
  // Written whole, then renamed: a reader waiting for the file never sees half of it.
  const file = args['write-env']
  await writeFile(
    `${file}.partial`,
    Object.entries(env)
      .map(([name, value]) => `${name}=${value}\n`)
      .join('')
  )
  await rename(`${file}.partial`, file)
  out.push(`Wrote ${Object.keys(env).length} SANDBOX_* variables to ${file}.`)
}
out.push('Ready. Press Ctrl-C to stop.')
console.log(out.join('\n'))

// A line per request the fakes answered, with any contract violation.
const services: FakeService[] = [
  ...PROVIDER_IDS.map((id) => sandbox.providers[id].service),
  sandbox.githubService
]
const shown = new Map<FakeService, number>()
const log = args.quiet
  ? undefined
  : setInterval(() => {
      for (const service of services) {
        let i = shown.get(service) ?? 0
        while (i < service.requests.length && service.requests[i]!.status !== undefined) {
          const r = service.requests[i]!
          console.log(
            `${service.name.padEnd(10)} ${r.method} ${r.path} -> ${r.status}${r.violations.length ? `  CONTRACT VIOLATION: ${r.violations.join('; ')}` : ''}`
          )
          i++
        }
        shown.set(service, i)
      }
    }, 200)

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  if (log) clearInterval(log)
  await sandbox.close()
  console.log(`\n${signal}: sandbox stopped.`)
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

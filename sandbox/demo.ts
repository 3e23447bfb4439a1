// `npm run demo`: the bundled action, run as the runner runs it, against the local sandbox.
// Prints each job summary and the outputs of three kinds of run:
//   1. keys at every provider, revoked and verified dead;
//   2. a sweep of open secret scanning alerts, one key of every provider: each revoked, its
//      alert resolved; one alert of a type no provider claims left open for a person, so the
//      run is `partial`, not green;
//   3. a key value with its last character changed: not found, nothing deleted, the step fails;
//   4. rotate, then revoke: a leaked Vast.ai key replaced in the repository secret that held it
//      (the sandbox's GitHub opens what it receives), then revoked.
// Exits 0 when every run behaved as described (the third one failing is part of that).
import { Sandbox } from './index.js'
import { credentialInput, runAction, type ActionRun } from './run-action.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { PROVIDER_IDS, type ProviderId } from '../src/providers/types.js'
import { ALERT_TYPES } from './secret-types.js'
import { fingerprint } from '../src/secrets.js'

const sandbox = await Sandbox.start()
const githubToken = 'ghs_demoTokenForTheLocalSandbox000000000'
const alertsToken = 'github_pat_demoAlertsTokenForTheSandbox00'
sandbox.github.state.tokens.set(githubToken, { alerts: false })
sandbox.github.state.tokens.set(alertsToken, { alerts: true })
const env = { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url }
const checks: Array<[string, boolean]> = []

interface Result {
  outcome: string
  verified: boolean | null
}
const results = (run: ActionRun) => JSON.parse(run.outputs.result ?? '[]') as Result[]

/** The token input a run passes for a provider: none where its leaked keys revoke themselves. */
function tokenFor(id: ProviderId): string | undefined {
  return PROVIDERS[id].selfRevocation ? undefined : credentialInput(PROVIDERS[id])
}

function show(title: string, run: ActionRun, started: number): void {
  console.log(`\n━━━ ${title} · exit ${run.exitCode} · ${Date.now() - started} ms ━━━`)
  console.log(run.summary.trim())
  console.log('\noutputs:')
  for (const name of ['status', 'revoked', 'not-found', 'failed', 'result'])
    if (run.outputs[name] !== undefined) console.log(`  ${name} = ${run.outputs[name]}`)
  const errors = run.stdout.split('\n').filter((l) => /^::(error|warning)/.test(l))
  if (errors.length > 0) console.log(`annotations:\n${errors.map((l) => `  ${l}`).join('\n')}`)
  if (run.stderr) console.log(`stderr: ${run.stderr}`)
}

function check(what: string, ok: boolean): void {
  checks.push([what, ok])
  console.log(`${ok ? 'as expected' : 'NOT AS EXPECTED'}: ${what}`)
}

try {
  // 1. Keys at each provider.
  for (const id of PROVIDER_IDS) {
    const { store } = sandbox.providers[id]
    const keys = [
      store.addKey({ name: 'leaked-in-ci-log' }),
      store.addKey({ name: 'leaked-in-commit' })
    ]
    // Providers whose keys may revoke themselves get no token: the leaked key does it.
    const input = tokenFor(id)
    const selfRevoking = input === undefined
    const inputs: Record<string, string> = {
      provider: id,
      key: keys.map((k) => k.value).join('\n'),
      'issue-number': '1'
    }
    if (input) inputs[input] = store.addToken()
    const started = Date.now()
    const run = await runAction({ inputs, env, githubToken })
    show(
      `${id}: ${keys.length} keys${selfRevoking ? ' (self-revocation, no token)' : ` (with ${input})`}`,
      run,
      started
    )
    check(
      `${id}: exit 0, both keys revoked and verified dead, both deleted in the fake provider`,
      run.exitCode === 0 &&
        results(run).length === keys.length &&
        results(run).every((r) => r.outcome === 'revoked' && r.verified === true) &&
        keys.every((k) => k.deletedAt !== undefined)
    )
  }

  // 2. A sweep of open alerts: one key of every provider, and one alert no provider claims.
  const repository = 'acme/app'
  const sweepInputs: Record<string, string> = {
    alerts: 'open',
    'alerts-token': alertsToken,
    'issue-number': '1'
  }
  const leaked = PROVIDER_IDS.map((id) => {
    const { store } = sandbox.providers[id]
    const key = store.addKey({ name: 'alerted' })
    const input = tokenFor(id)
    if (input) sweepInputs[input] = store.addToken()
    const { type, name } = ALERT_TYPES[id]
    return { key, alert: sandbox.github.addAlert(repository, key.value, name, type) }
  })
  const unmapped = sandbox.github.addAlert(
    repository,
    'acme_internal_0123456789abcdef',
    'Acme internal token'
  )
  let started = Date.now()
  const sweep = await runAction({ inputs: sweepInputs, env, githubToken })
  show(
    `sweep: ${leaked.length + 1} open alerts, one per provider and one of a type no provider claims`,
    sweep,
    started
  )
  console.log(
    `alerts after the sweep: ${[...leaked.map((l) => l.alert), unmapped].map((a) => `#${a.number} ${a.state}${a.resolution ? ` (${a.resolution})` : ''}`).join(', ')}`
  )
  check(
    `sweep: exit 0, ${leaked.length} keys revoked and verified dead, their alerts resolved, the unmapped alert left open for a person (status partial, not green)`,
    sweep.exitCode === 0 &&
      sweep.outputs.status === 'partial' &&
      !sweep.summary.includes('Every key is revoked') &&
      results(sweep).filter((r) => r.outcome === 'revoked' && r.verified === true).length ===
        leaked.length &&
      results(sweep).filter((r) => r.outcome === 'skipped').length === 1 &&
      leaked.every((l) => l.alert.state === 'resolved' && l.key.deletedAt !== undefined) &&
      unmapped.state === 'open'
  )

  // 3. A value with its last character changed: it is not the leaked key.
  const real = sandbox.providers.quiva.store.addKey({ name: 'leaked-in-chat' })
  const last = real.value.at(-1)
  const typo = real.value.slice(0, -1) + (last === '0' ? '1' : '0')
  started = Date.now()
  const notFound = await runAction({
    inputs: { provider: 'quiva', key: typo, 'issue-number': '1' },
    env,
    githubToken
  })
  show('quiva.ai: a value one character off (not the leaked key)', notFound, started)
  check(
    'not found: exit 1, status not-found, nothing deleted, the real key untouched',
    notFound.exitCode === 1 &&
      notFound.outputs.status === 'not-found' &&
      notFound.outputs['not-found'] === '1' &&
      results(notFound)[0]?.outcome === 'not-found' &&
      real.deletedAt === undefined
  )

  // 4. Rotate, then revoke: the secret VASTAI_API_KEY holds the leaked key; a replacement goes
  // there first (sealed to the repository's public key, opened by the sandbox's GitHub).
  const secretsToken = 'ghs_demoAppTokenWithSecretsWrite00000000'
  sandbox.github.state.tokens.set(secretsToken, { alerts: false, secrets: true })
  const vast = sandbox.providers.vastai.store
  const inUse = vast.addKey({ name: 'production' })
  const secret = sandbox.github.addSecret('repo:acme/app/VASTAI_API_KEY', inUse.value)
  console.log(
    `\nrepo secret VASTAI_API_KEY holds ${fingerprint(secret.value)} (Vast.ai key ${inUse.id}), which leaked`
  )
  started = Date.now()
  const rotated = await runAction({
    inputs: {
      provider: 'vastai',
      key: inUse.value,
      'vastai-token': vast.addToken(),
      'secrets-token': secretsToken,
      'rotate-into': 'repo:VASTAI_API_KEY',
      'issue-number': '1'
    },
    env,
    githubToken
  })
  show('rotate, then revoke: Vast.ai key in repo:VASTAI_API_KEY', rotated, started)
  const now = sandbox.github.state.secrets.get('repo:acme/app/VASTAI_API_KEY')
  const replacement = now ? vast.authenticate(now.value)?.key : undefined
  console.log(
    `repo secret VASTAI_API_KEY now holds ${now ? fingerprint(now.value) : '?'}: Vast.ai key ${replacement?.id ?? '(none that works)'}, named ${replacement?.name ?? '?'}; the leaked key ${inUse.deletedAt ? 'is deleted' : 'STILL LIVES'}`
  )
  check(
    'rotate, then revoke: exit 0, the secret holds a new working key, the leaked key deleted',
    rotated.exitCode === 0 &&
      replacement !== undefined &&
      replacement.id !== inUse.id &&
      inUse.deletedAt !== undefined
  )

  const comments = sandbox.github.state.comments.filter((c) => c.issue === 'acme/app#1')
  console.log(
    `\nIssue comments on acme/app#1: ${comments.length}, one per run's inputs (runs with the same inputs, as a re-run has, update their own comment).`
  )
  const violations = sandbox.violations()
  console.log(`Contract violations seen by the sandbox: ${violations.length}`)
  violations.forEach((v) => console.log(`  ${v}`))
  check('no request broke a published contract', violations.length === 0)
} finally {
  await sandbox.close()
}

const failed = checks.filter(([, ok]) => !ok)
console.log(
  failed.length === 0
    ? `\nDemo passed: all ${checks.length} checks held (the not-found run fails on purpose).`
    : `\nDemo FAILED: ${failed.map(([what]) => what).join('; ')}`
)
process.exitCode = failed.length === 0 ? 0 : 1

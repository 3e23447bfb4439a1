// `npm run demo`: the bundled action, run as the runner runs it, against the
// local sandbox, for keys at all five providers. Prints each job summary and
// the outputs. Exits non-zero unless every key ends revoked and verified dead.
import { Sandbox, SANDBOX_PROVIDERS } from './index.js'
import { runAction } from './run-action.js'

const sandbox = await Sandbox.start()
const githubToken = 'ghs_demoTokenForTheLocalSandbox000000000'
sandbox.github.state.tokens.set(githubToken, { alerts: false })
let allGood = true

try {
  for (const id of SANDBOX_PROVIDERS) {
    const { store } = sandbox.providers[id]
    const keys = [
      store.addKey({ name: 'leaked-in-ci-log' }),
      store.addKey({ name: 'leaked-in-commit' })
    ]
    // Providers whose keys may revoke themselves get no token: the leaked key does it.
    const selfRevoking = id === 'vastai' || id === 'quiva'
    const inputs: Record<string, string> = {
      provider: id,
      key: keys.map((k) => k.value).join('\n'),
      'issue-number': '1'
    }
    if (!selfRevoking) inputs[`${id}-token`] = store.addToken()
    const started = Date.now()
    const run = await runAction({
      inputs,
      env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url },
      githubToken
    })
    const results = JSON.parse(run.outputs.result ?? '[]') as Array<{
      outcome: string
      verified: boolean | null
    }>
    const good =
      run.exitCode === 0 &&
      results.length === keys.length &&
      results.every((r) => r.outcome === 'revoked' && r.verified === true)
    const reallyDead = keys.every((k) => k.deletedAt !== undefined)
    allGood &&= good && reallyDead
    console.log(
      `\n━━━ ${id}: ${keys.length} keys${selfRevoking ? ' (self-revocation, no token)' : ` (with ${id}-token)`} · exit ${run.exitCode} · ${Date.now() - started} ms ━━━`
    )
    console.log(run.summary.trim())
    console.log('\noutputs:')
    for (const name of ['status', 'revoked', 'failed', 'result'])
      console.log(`  ${name} = ${run.outputs[name]}`)
    console.log(
      `sandbox: ${reallyDead ? 'both keys are deleted in the fake provider' : 'a key is STILL ALIVE in the fake provider'}`
    )
    if (run.stderr) console.log(`stderr: ${run.stderr}`)
  }
  const comment = sandbox.github.state.comments.find((c) => c.issue === 'acme/app#1')
  console.log(
    `\nIssue comment on acme/app#1: ${comment ? `1 comment, updated in place by each run (${comment.body.length} chars)` : 'none'}`
  )
  const violations = sandbox.violations()
  console.log(`Contract violations seen by the sandbox: ${violations.length}`)
  violations.forEach((v) => console.log(`  ${v}`))
  allGood &&= violations.length === 0
  console.log(
    allGood
      ? '\nDemo passed: every key at all five providers revoked and verified dead.'
      : '\nDemo FAILED: see above.'
  )
} finally {
  await sandbox.close()
}
process.exitCode = allGood ? 0 : 1

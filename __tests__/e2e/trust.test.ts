import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/run-action.js'
import { lookalike, nearMiss } from '../helpers/values.js'

// A sample of the trust suite's worlds (suites/trust.test.ts) through dist/index.js as the
// runner runs it: the same three promises, checked on everything the action writes.
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await Sandbox.start()
})
afterAll(async () => {
  await sandbox.close()
})

/** Everything the action wrote but the runner's masks: its output, and every file but the event. */
function written(run: ActionRun): string {
  const files = Object.entries(run.files).filter(([name]) => name !== 'event.json')
  return [
    run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    ...files.map(([, text]) => text)
  ].join('\n')
}

const PROVIDERS = ['braintrust', 'openai', 'anthropic', 'cometapi', 'github'] as const
type Leaked = 'listed' | 'foreign' | 'invented' | 'typo'

describe('dist/index.js over random worlds', () => {
  it('never deletes another key, never claims what it did not see, never prints a key', async () => {
    let round = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROVIDERS),
        fc.constantFrom<Leaked>('listed', 'foreign', 'invented', 'typo'),
        fc.boolean(),
        fc.boolean(),
        async (id, leaked, verify, quote) => {
          sandbox.resetRequests()
          const { store, service } = sandbox.providers[id]
          const a = `ta${++round}`
          const token = id === 'github' ? undefined : store.addToken({ owner: a })
          const target = store.addKey({ owner: a })
          const foreign = store.addKey({ owner: `tb${round}` })
          foreign.value = lookalike(target.value)
          const value = {
            listed: target.value,
            foreign: foreign.value,
            invented: lookalike(target.value),
            typo: nearMiss(target.value)
          }[leaked]
          // An error that quotes another key of the world, once, on the first GET.
          if (quote)
            service.inject({
              method: 'GET',
              times: 1,
              fault: {
                kind: 'reply',
                reply: { status: 500, json: { message: `key ${foreign.value} is ${target.value}` } }
              }
            })
          const run = await runAction({
            inputs: {
              provider: id,
              key: value,
              verify: String(verify),
              ...(token ? { [`${id}-token`]: token } : {})
            },
            env: { ...sandbox.inputEnv(), GITHUB_API_URL: sandbox.githubService.url }
          })
          service.clearFaults()
          const [result] = JSON.parse(run.outputs.result ?? '[]') as Array<{ outcome: string }>
          const told = `${id} ${leaked} verify=${verify} quote=${quote}: ${result?.outcome}`
          // Identity: only the leaked key may die.
          if (leaked !== 'listed')
            expect({ innocent: target.deletedAt === undefined, told }).toEqual({
              innocent: true,
              told
            })
          expect({
            foreign: foreign.deletedAt === undefined || leaked === 'foreign',
            told
          }).toEqual({
            foreign: true,
            told
          })
          // Proof: `revoked` and a green summary only for a real leaked key, dead now: the
          // listed one, or another organization's (GitHub revokes any user's token by value).
          const leakedKey = { listed: target, foreign, invented: undefined, typo: undefined }[
            leaked
          ]
          if (run.outputs.status === 'revoked' || run.summary.includes('Every key is revoked'))
            expect({ dead: leakedKey?.deletedAt !== undefined, told }).toEqual({
              dead: true,
              told
            })
          if (run.outputs.status !== 'revoked')
            expect({ exit: run.exitCode, told }).toEqual({ exit: 1, told })
          // Secrecy: no 12 characters of any key, nor of the token.
          const text = written(run)
          for (const secret of [value, target.value, foreign.value, ...(token ? [token] : [])])
            for (let at = 0; at + 12 <= secret.length; at += 6)
              expect({ piece: text.includes(secret.slice(at, at + 12)), told }).toEqual({
                piece: false,
                told
              })
          expect(sandbox.violations()).toEqual([])
        }
      ),
      { numRuns: 16 }
    )
  }, 300_000)
})

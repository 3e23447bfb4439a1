import { describe, expect, it } from '@jest/globals'
import { GITHUB_CONCURRENCY } from '../../src/github/limits.js'
import type { GitHubApi } from '../../src/github/octokit.js'
import {
  AlertResolver,
  resolutionComment,
  withResolutions,
  type ResolutionPolicy
} from '../../src/revoke/alert-resolution.js'
import type { KeyResult } from '../../src/revoke/result.js'

const policy: ResolutionPolicy = { verify: true, resolveNotFound: false, runUrl: 'https://x/run/1' }

function result(over: Partial<KeyResult> = {}): KeyResult {
  return {
    provider: 'baseten',
    keyRef: 'sha256:0123456789ab',
    outcome: 'revoked',
    verified: true,
    httpStatus: 200,
    attempts: 1,
    durationMs: 1,
    alerts: [
      { repository: 'acme/app', number: 1, url: 'https://x/1', resolved: false },
      { repository: 'acme/other', number: 2, url: 'https://x/2', resolved: false }
    ],
    ...over
  }
}

/** Octokit as far as the resolver uses it: records each PATCH, fails those named in `fail`. */
function fakeGitHub(fail: number[] = []): { gh: GitHubApi; patched: string[] } {
  const patched: string[] = []
  const gh = {
    request: async (route: string, params: Record<string, unknown>) => {
      const at = `${String(params.owner)}/${String(params.repo)}#${String(params.alert_number)}`
      if (fail.includes(Number(params.alert_number))) throw new Error(`boom at ${at}`)
      patched.push(`${route.split(' ')[0]} ${at} ${String(params.resolution)}`)
      return { status: 200, data: {} }
    }
  } as unknown as GitHubApi
  return { gh, patched }
}

describe('resolutionComment', () => {
  it('resolves a verified revocation, naming the provider and the run', () => {
    expect(resolutionComment(result(), policy)).toBe(
      'Revoked at Baseten, verified dead by revoke-leaked-keys. https://x/run/1'
    )
  })

  it('leaves the alert open when verification is on and the key was not verified dead', () => {
    expect(resolutionComment(result({ verified: null }), policy)).toBeUndefined()
    expect(resolutionComment(result({ verified: null }), { ...policy, verify: false })).toBe(
      'Revoked at Baseten by revoke-leaked-keys. https://x/run/1'
    )
  })

  it('leaves not-found, failed and unmapped keys open unless resolve-not-found-alerts is on', () => {
    expect(resolutionComment(result({ outcome: 'failed' }), policy)).toBeUndefined()
    expect(resolutionComment(result({ outcome: 'not-found' }), policy)).toBeUndefined()
    expect(
      resolutionComment(result({ outcome: 'not-found' }), { ...policy, resolveNotFound: true })
    ).toMatch(/^NOTHING WAS DELETED: Baseten/)
    expect(
      resolutionComment(result({ outcome: 'failed' }), { ...policy, resolveNotFound: true })
    ).toBeUndefined()
    expect(resolutionComment(result({ provider: null }), policy)).toBeUndefined()
  })
})

describe('AlertResolver', () => {
  it('resolves each alert of a revoked key and returns those it resolved, not the failed ones', async () => {
    const { gh, patched } = fakeGitHub([2])
    const warnings: string[] = []
    const resolver = new AlertResolver(gh, policy, (w) => warnings.push(w))
    resolver.add(result())
    resolver.add(
      result({
        outcome: 'failed',
        alerts: [{ repository: 'acme/app', number: 3, url: '', resolved: false }]
      })
    )
    const resolved = await resolver.finished()
    expect(patched).toEqual(['PATCH acme/app#1 revoked'])
    expect([...resolved]).toEqual(['acme/app#1'])
    expect(warnings).toEqual(['Could not resolve alert acme/other#2: boom at acme/other#2'])
  })
})

describe('AlertResolver pacing', () => {
  it(`has at most GITHUB_CONCURRENCY (${GITHUB_CONCURRENCY}) PATCHes in flight`, async () => {
    let inFlight = 0
    let peak = 0
    const gh = {
      request: async () => {
        peak = Math.max(peak, ++inFlight)
        await new Promise((r) => setTimeout(r, 5))
        inFlight--
        return { status: 200, data: {} }
      }
    } as unknown as GitHubApi
    const resolver = new AlertResolver(gh, policy, () => undefined)
    const alerts = Array.from({ length: 40 }, (_, i) => ({
      repository: 'acme/app',
      number: i + 1,
      url: '',
      resolved: false
    }))
    resolver.add(result({ alerts }))
    expect((await resolver.finished()).size).toBe(40)
    expect(peak).toBe(GITHUB_CONCURRENCY)
  })
})

describe('withResolutions', () => {
  it('marks the resolved alerts on new results and leaves the originals untouched', () => {
    const before = [result(), result({ alerts: undefined })]
    const after = withResolutions(before, new Set(['acme/other#2']))
    expect(after[0]?.alerts?.map((a) => a.resolved)).toEqual([false, true])
    expect(before[0]?.alerts?.map((a) => a.resolved)).toEqual([false, false])
    expect(after[1]).toBe(before[1])
  })
})

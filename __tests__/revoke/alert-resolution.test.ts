import { describe, expect, it } from '@jest/globals'
import { GITHUB_CONCURRENCY } from '../../src/github/rate-limits.js'
import type { GitHubApi } from '../../src/github/octokit.js'
import type { EvidenceBook } from '../../src/github/read/evidence.js'
import {
  AlertResolver,
  earlierComment,
  resolutionComment,
  withResolutions,
  type ResolutionPolicy
} from '../../src/revoke/alert-resolution.js'
import type { KeyResult } from '../../src/model.js'

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
function fakeGitHub(fail: number[] = []): {
  gh: GitHubApi
  patched: string[]
  comments: string[]
} {
  const patched: string[] = []
  const comments: string[] = []
  const gh = {
    request: async (route: string, params: Record<string, unknown>) => {
      const at = `${String(params.owner)}/${String(params.repo)}#${String(params.alert_number)}`
      if (fail.includes(Number(params.alert_number))) throw new Error(`boom at ${at}`)
      patched.push(`${route.split(' ')[0]} ${at} ${String(params.resolution)}`)
      comments.push(String(params.resolution_comment))
      return { status: 200, data: {} }
    }
  } as unknown as GitHubApi
  return { gh, patched, comments }
}

/** Evidence that run 4242 revoked the key of `result()`; counts how often it was read. */
function evidence(): { load: () => Promise<EvidenceBook>; reads: () => number } {
  let reads = 0
  const book: EvidenceBook = {
    find: (provider, keyRef) =>
      provider === 'baseten' && keyRef === 'sha256:0123456789ab'
        ? { runId: '4242', runUrl: 'https://x/run/4242' }
        : undefined,
    size: 1
  }
  return {
    load: async () => {
      reads++
      return book
    },
    reads: () => reads
  }
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
    const { resolved, failed } = await resolver.finished()
    expect(patched).toEqual(['PATCH acme/app#1 revoked'])
    expect([...resolved]).toEqual(['acme/app#1'])
    expect([...failed]).toEqual(['acme/other#2'])
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
    expect((await resolver.finished()).resolved.size).toBe(40)
    expect(peak).toBe(GITHUB_CONCURRENCY)
  })
})

describe('withResolutions', () => {
  it('marks the resolved alerts on new results and leaves the originals untouched', () => {
    const before = [result(), result({ alerts: undefined })]
    const after = withResolutions(before, {
      resolved: new Set(['acme/other#2']),
      earlier: new Map()
    })
    expect(after[0]?.alerts?.map((a) => a.resolved)).toEqual([false, true])
    expect(before[0]?.alerts?.map((a) => a.resolved)).toEqual([false, false])
    expect(after[1]).toBe(before[1])
  })
})

describe('AlertResolver and the evidence of earlier runs', () => {
  const notFound = (over: Partial<KeyResult> = {}) =>
    result({ outcome: 'not-found', verified: null, httpStatus: 404, ...over })

  it('resolves the alerts of a refused key an earlier run revoked, citing that run first', async () => {
    const { gh, patched, comments } = fakeGitHub()
    const { load, reads } = evidence()
    const resolver = new AlertResolver(gh, policy, () => undefined, load)
    resolver.add(notFound())
    resolver.add(notFound({ keyRef: 'sha256:ffffffffffff' }))
    const done = await resolver.finished()
    expect(patched).toEqual(['PATCH acme/app#1 revoked', 'PATCH acme/other#2 revoked'])
    expect(comments[0]).toBe(
      'Revoked at Baseten, verified dead, by revoke-leaked-keys in https://x/run/4242; resolving it failed then. Refused again and resolved by https://x/run/1'
    )
    expect([...done.earlier.keys()]).toEqual(['acme/app#1', 'acme/other#2'])
    // Read once, however many keys ask.
    expect(reads()).toBe(1)
  })

  it('never lets evidence close the alerts of a key that was not refused, or not probed', async () => {
    const { gh, patched } = fakeGitHub()
    const { load, reads } = evidence()
    const resolver = new AlertResolver(gh, policy, () => undefined, load)
    // The same fingerprint, but the key failed (it may be alive) or was only sent.
    resolver.add(result({ outcome: 'failed', verified: false }))
    resolver.add(result({ outcome: 'submitted', verified: null }))
    await resolver.finished()
    expect(patched).toEqual([])
    expect(reads()).toBe(0)

    // With verify off, a not-found was never probed: evidence must not stand in for that.
    const off = new AlertResolver(gh, { ...policy, verify: false }, () => undefined, load)
    off.add(notFound())
    expect((await off.finished()).earlier.size).toBe(0)
    expect(patched).toEqual([])
    expect(reads()).toBe(0)
  })

  it('without evidence for the key, a not-found alert stays open, or resolve-not-found says nothing was deleted', async () => {
    const { gh, patched, comments } = fakeGitHub()
    const { load } = evidence()
    const open = new AlertResolver(gh, policy, () => undefined, load)
    open.add(notFound({ keyRef: 'sha256:ffffffffffff' }))
    expect((await open.finished()).resolved.size).toBe(0)
    const opted = new AlertResolver(gh, { ...policy, resolveNotFound: true }, () => undefined, load)
    opted.add(notFound({ keyRef: 'sha256:ffffffffffff' }))
    await opted.finished()
    expect(patched).toHaveLength(2)
    expect(comments[0]).toMatch(/^NOTHING WAS DELETED/)
  })

  it('evidence that cannot be read: one warning, and the key stays not found', async () => {
    const { gh, patched } = fakeGitHub()
    const warnings: string[] = []
    const resolver = new AlertResolver(
      gh,
      policy,
      (w) => warnings.push(w),
      () => Promise.reject(new Error('GitHub GET /repos/acme/app/issues: HTTP 500'))
    )
    resolver.add(notFound())
    resolver.add(
      notFound({ alerts: [{ repository: 'acme/app', number: 9, url: '', resolved: false }] })
    )
    const done = await resolver.finished()
    expect(patched).toEqual([])
    expect(done.earlier.size).toBe(0)
    expect(warnings).toEqual([
      'Could not read the evidence of earlier revocations: GitHub GET /repos/acme/app/issues: HTTP 500. Keys an earlier run revoked are reported not found.'
    ])
  })

  it("earlierComment fits GitHub's 250 characters with realistic run links", () => {
    const url = (id: string) =>
      `https://github.com/acme-corporation/platform-services/actions/runs/${id}`
    const text = earlierComment(
      result(),
      { runId: '12345678901', runUrl: url('12345678901') },
      { ...policy, runUrl: url('12345678999') }
    )
    expect(text.length).toBeLessThanOrEqual(250)
    expect(text).toContain(url('12345678901'))
    // Longer names leave out this run's link, never the earlier one's.
    const long = `https://github.com/${'o'.repeat(39)}/${'r'.repeat(60)}/actions/runs/`
    const cut = earlierComment(
      result(),
      { runId: '12345678901', runUrl: `${long}12345678901` },
      { ...policy, runUrl: `${long}12345678999` }
    )
    expect(cut.length).toBeLessThanOrEqual(250)
    expect(cut).toContain(`${long}12345678901`)
    expect(cut).not.toContain('12345678999')
  })
})

describe('AlertResolver warnings', () => {
  it('says why for the first five failures, then counts the rest in one line', async () => {
    const alerts = Array.from({ length: 40 }, (_, i) => ({
      repository: 'acme/app',
      number: i + 1,
      url: '',
      resolved: false
    }))
    const { gh } = fakeGitHub(alerts.map((a) => a.number))
    const warnings: string[] = []
    const resolver = new AlertResolver(gh, policy, (w) => warnings.push(w))
    resolver.add(result({ alerts }))
    expect((await resolver.finished()).failed.size).toBe(40)
    expect(warnings).toHaveLength(6)
    expect(warnings[5]).toMatch(
      /^Could not resolve 35 more alert\(s\) \(40 in all\), such as: alert acme\/app#\d+: boom at acme\/app#\d+$/
    )
  })
})

describe('withResolutions and keys revoked earlier', () => {
  const earlier = new Map([
    ['acme/app#1', { runId: '4242', runUrl: 'https://x/run/4242' }],
    ['acme/other#2', { runId: '4242', runUrl: 'https://x/run/4242' }]
  ])
  const notFound = result({ outcome: 'not-found', verified: null })

  it('makes a not-found key revoked-earlier, done once every alert is resolved', () => {
    const [done] = withResolutions([notFound], {
      resolved: new Set(['acme/app#1', 'acme/other#2']),
      earlier
    })
    expect(done).toMatchObject({
      outcome: 'revoked-earlier',
      earlier: { runId: '4242' },
      alerts: [{ resolved: true }, { resolved: true }]
    })
    expect(done?.message).toContain('https://x/run/4242')
    expect(done?.message).toContain('now resolved as revoked')
  })

  it('says which alerts are still open when their resolution failed again', () => {
    const [open] = withResolutions([notFound], { resolved: new Set(['acme/app#1']), earlier })
    expect(open?.outcome).toBe('revoked-earlier')
    expect(open?.message).toContain('1 of its 2 alert(s) could NOT be resolved now either')
  })
})

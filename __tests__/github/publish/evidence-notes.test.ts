import { describe, expect, it } from '@jest/globals'
import { evidenceNotes } from '../../../src/github/publish/evidence-notes.js'
import { parseEvidence } from '../../../src/github/read/evidence.js'
import type { KeyResult } from '../../../src/model.js'
import { fingerprint } from '../../../src/secrets.js'

// The evidence a run keeps of keys it revoked whose alerts it could not resolve, read back
// with the parser the next run uses.

const SECRET = 'ms-0123456789abcdef0123456789abcdef'
const RUN = { id: '4242', url: 'https://github.test/acme/app/actions/runs/4242' }

function revoked(over: Partial<KeyResult> = {}): KeyResult {
  return {
    provider: 'quiva',
    keyRef: fingerprint(SECRET),
    outcome: 'revoked',
    verified: true,
    httpStatus: 200,
    attempts: 1,
    durationMs: 1,
    alerts: [
      { repository: 'acme/app', number: 7, url: 'https://x/7', resolved: false },
      { repository: 'acme/other', number: 8, url: 'https://x/8', resolved: true }
    ],
    ...over
  }
}

describe('evidenceNotes', () => {
  it('keeps one line per alert this run failed to resolve, of keys it revoked and proved dead', () => {
    const notes = evidenceNotes(
      [
        revoked(),
        revoked({ keyRef: 'sha256:aaaaaaaaaaaa', verified: null }),
        revoked({ keyRef: 'sha256:bbbbbbbbbbbb', outcome: 'submitted' }),
        revoked({ keyRef: 'sha256:cccccccccccc', outcome: 'failed' })
      ],
      new Set(['acme/app#7', 'acme/other#8']),
      RUN
    )
    expect(notes).toHaveLength(1)
    const [note] = notes
    expect(note?.alerts).toBe(1)
    // Resolved alerts and unproven or failed keys leave no evidence.
    expect(parseEvidence(note!.body)).toEqual([
      { runId: '4242', provider: 'quiva', keyRef: fingerprint(SECRET), alert: 'acme/app#7' }
    ])
    expect(note?.body).toContain(RUN.url)
    expect(note?.body).not.toContain(SECRET)
    expect(note?.body).not.toContain(SECRET.slice(3, 15))
    expect(note?.marker).toMatch(/^<!-- revoke-leaked-keys evidence run:4242 set:[0-9a-f]{12} -->$/)
  })

  it('leaves alerts it never tried to resolve alone (resolve-alerts off, or policy)', () => {
    expect(evidenceNotes([revoked()], new Set(), RUN)).toEqual([])
  })

  it('splits many alerts into comments far under 65,536 characters, named by their content', () => {
    const alerts = Array.from({ length: 600 }, (_, i) => ({
      repository: 'a-rather-long-organization-name/a-rather-long-repository-name',
      number: 100_000 + i,
      url: '',
      resolved: false
    }))
    const unresolved = new Set(alerts.map((a) => `${a.repository}#${a.number}`))
    const notes = evidenceNotes([revoked({ alerts })], unresolved, RUN)
    expect(notes.length).toBeGreaterThan(1)
    expect(notes.reduce((sum, n) => sum + n.alerts, 0)).toBe(600)
    // postOnce cuts a body at 65,000 characters: every note stays clear of that.
    for (const n of notes) expect(n.body.length + n.marker.length).toBeLessThan(52_000)
    expect(new Set(notes.map((n) => n.marker)).size).toBe(notes.length)
    expect(notes.flatMap((n) => parseEvidence(n.body))).toHaveLength(600)
    // The same evidence again is the same note: a re-run posts nothing twice.
    expect(evidenceNotes([revoked({ alerts })], unresolved, RUN).map((n) => n.marker)).toEqual(
      notes.map((n) => n.marker)
    )
  })
})

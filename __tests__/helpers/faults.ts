import type { KeyResult } from '../../src/model.js'
import type { Fault } from '../../sandbox/service.js'

/**
 * Every provider adapter and the GitHub client through every fault the
 * sandbox can play. Each fault is played twice: for good (every attempt) and
 * once (the first attempt only).
 */
export interface FaultCase {
  name: string
  fault: Fault
  /** The failure when the fault lasts: reason and attempts spent. */
  lasting: { reason: KeyResult['reason']; attempts: number }
  /** Whether a single occurrence is retried into a revocation. */
  recovers: boolean
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Fault => ({
  kind: 'reply',
  reply: { status, json: body, headers }
})
const text = (status: number, body: string, headers: Record<string, string> = {}): Fault => ({
  kind: 'reply',
  reply: { status, text: body, headers }
})
const HTML =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><script>alert(1)</script></body></html>'

export const FAULTS: FaultCase[] = [
  {
    name: '429 with Retry-After',
    fault: text(429, 'Too Many Requests', { 'retry-after': '0' }),
    lasting: { reason: 'rate-limited', attempts: 3 },
    recovers: true
  },
  {
    name: '429 without Retry-After',
    fault: json(429, { error: 'Too many requests' }),
    lasting: { reason: 'rate-limited', attempts: 3 },
    recovers: true
  },
  {
    name: "429 with Baseten's body retry_after",
    fault: json(429, { error: 'Rate limit exceeded', retry_after: 0 }),
    lasting: { reason: 'rate-limited', attempts: 3 },
    recovers: true
  },
  {
    name: "Vast.ai's plain-text 429",
    fault: text(429, 'API requests too frequent endpoint threshold=0.01'),
    lasting: { reason: 'rate-limited', attempts: 3 },
    recovers: true
  },
  {
    name: '500',
    fault: json(500, { error: 'internal' }),
    lasting: { reason: 'provider-error', attempts: 1 },
    recovers: false
  },
  {
    name: '502',
    fault: text(502, 'Bad Gateway'),
    lasting: { reason: 'provider-error', attempts: 3 },
    recovers: true
  },
  {
    name: '503',
    fault: text(503, 'Service Unavailable'),
    lasting: { reason: 'provider-error', attempts: 3 },
    recovers: true
  },
  {
    name: '504',
    fault: text(504, 'Gateway Timeout'),
    lasting: { reason: 'provider-error', attempts: 3 },
    recovers: true
  },
  {
    name: 'connection reset before headers',
    fault: { kind: 'reset' },
    lasting: { reason: 'network', attempts: 3 },
    recovers: true
  },
  {
    name: 'connection reset mid-body',
    fault: { kind: 'reset-mid-body' },
    lasting: { reason: 'network', attempts: 3 },
    recovers: true
  },
  {
    name: 'headers that never come',
    fault: { kind: 'hang' },
    lasting: { reason: 'timeout', attempts: 3 },
    recovers: true
  },
  {
    name: 'a body that never ends',
    fault: { kind: 'endless-body' },
    lasting: { reason: 'timeout', attempts: 3 },
    recovers: true
  },
  {
    name: 'truncated JSON',
    fault: {
      kind: 'reply',
      reply: {
        status: 200,
        text: '{"prefix": "abc',
        headers: { 'content-type': 'application/json' }
      }
    },
    lasting: { reason: 'provider-error', attempts: 1 },
    recovers: false
  },
  {
    name: 'an HTML error page',
    fault: {
      kind: 'reply',
      reply: { status: 502, text: HTML, headers: { 'content-type': 'text/html' } }
    },
    lasting: { reason: 'provider-error', attempts: 3 },
    recovers: true
  },
  {
    name: '200 with an unexpected shape',
    fault: json(200, { ok: 1, data: [null] }),
    lasting: { reason: 'provider-error', attempts: 1 },
    recovers: false
  },
  {
    name: 'a redirect to another origin',
    fault: text(307, ''),
    lasting: { reason: 'provider-error', attempts: 1 },
    recovers: false
  },
  {
    name: 'an oversized body',
    fault: { kind: 'huge-body', bytes: 4 * 1024 * 1024 },
    lasting: { reason: 'provider-error', attempts: 1 },
    recovers: false
  }
]

/** Cases the fault suite runs: per provider, every fault lasting, every recoverable one once, and a lost answer; then the GitHub client through every fault, a POST and a Link. */
export function faultCaseCount(providers: number): number {
  return (
    providers * (FAULTS.length + FAULTS.filter((c) => c.recovers).length + 1) + FAULTS.length + 2
  )
}

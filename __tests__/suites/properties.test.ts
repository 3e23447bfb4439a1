import { describe, expect, it } from '@jest/globals'
import { SANDBOXES } from '../../sandbox/providers/index.js'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError, RevocationFailure } from '../../src/errors.js'
import { AlertsAccessError, collectAlerts } from '../../src/github/read/alerts.js'
import { relayedAlert } from '../../src/github/read/relayed-alert.js'
import { GitHubApiError } from '../../src/github/api-error.js'
import type { GitHubApi } from '../../src/github/octokit.js'
import type { HttpClient, HttpRequest, HttpResponse } from '../../src/http/client.js'
import { failure } from '../../src/providers/answers.js'
import { loadProviders } from '../../src/providers/registry.js'
import { PROVIDER_IDS, type ProviderContext, type ProviderId } from '../../src/providers/types.js'
import { escapeMarkdown, renderReport } from '../../src/report/markdown.js'
import { renderOutputs } from '../../src/report/outputs.js'
import type { KeyResult } from '../../src/model.js'
import { Redactor } from '../../src/secrets.js'
import { readSettings } from '../../src/settings/settings.js'
import { PROPERTIES, PROPERTY_RUNS } from '../helpers/figures.js'

const ALL = await loadProviders()
const runs = { numRuns: Number(process.env.STRESS_RUNS) || PROPERTY_RUNS }
// Every input the action declares, read from action.yml: a new input is fuzzed without an edit here.
const INPUTS = Object.keys(
  (
    parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
  ).inputs
)

// Values near the valid ones, and anything at all.
const inputValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    'true',
    'FALSE',
    'open',
    'org',
    'repo',
    'vastai',
    'Vast.AI',
    'comet',
    'baseten',
    '12',
    '0',
    '-1',
    'https://api.example.com',
    'http://127.0.0.1:1',
    'http://10.0.0.1',
    '../1',
    '1\n2',
    'x=baseten',
    'leaked-key',
    'abcd1234.0123456789abcdefABCDEF0123456789',
    `ms-${'ab'.repeat(16)}`,
    `sk-${'Ab1'.repeat(16)}`
  ),
  fc
    .array(
      fc.constantFrom('a', '1', '.', '-', '\n', ' ', '=', '/', '%2F', '#', '?', 'é', '\u0000'),
      { maxLength: 40 }
    )
    .map((parts) => parts.join(''))
)

/** A fake HTTP client answering every request with one status and body. */
function answering(status: number, text: string, sent: HttpRequest[] = []): HttpClient {
  return {
    url: (path: string) => new URL(path, 'https://provider.test'),
    async send(req: HttpRequest): Promise<HttpResponse> {
      sent.push(req)
      return {
        status,
        headers: {},
        text,
        truncated: false,
        attempts: 1,
        retriedAfterAmbiguous: false
      }
    }
  } as unknown as HttpClient
}

function context(http: HttpClient, redactor = new Redactor()): ProviderContext {
  const memo = new Map<string, Promise<unknown>>()
  return {
    http,
    redactor,
    memo<T>(key: string, load: () => Promise<T>) {
      if (!memo.has(key)) memo.set(key, load())
      return memo.get(key) as Promise<T>
    }
  }
}

/** A well-formed value and id of each provider (its `sandbox.sample`, in its fake.ts). */
const KEY_VALUE = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, SANDBOXES[id].sample.value])
) as Record<ProviderId, string>
const KEY_ID = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, SANDBOXES[id].sample.id])
) as Record<ProviderId, string>

describe('properties', () => {
  it(PROPERTIES[0], () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...INPUTS), inputValue, { maxKeys: 10 }),
        fc.boolean(),
        fc.record({
          name: fc.constantFrom('workflow_dispatch', 'repository_dispatch', 'push', ''),
          inputs: fc.oneof(
            fc.jsonValue(),
            fc.dictionary(fc.constantFrom('leaked-key', 'key', 'x'), inputValue)
          )
        }),
        (inputs, relay, event) => {
          const redactor = new Redactor()
          const named = (event.inputs as Record<string, unknown> | null)?.[
            inputs['key-from-input']?.trim() ?? ''
          ]
          try {
            const settings = readSettings((name) => inputs[name] ?? '', redactor, { relay, event })
            expect(Array.isArray(settings.keys)).toBe(true)
          } catch (error) {
            expect(error).toBeInstanceOf(InputError)
            const { input, message } = error as InputError
            expect(message).toContain(input)
            // The error never repeats a secret input.
            for (const name of [
              'key',
              'github-token',
              'alerts-token',
              ...PROVIDER_IDS.map((id) => `${id}-token`)
            ]) {
              for (const line of (inputs[name] ?? '').split(/\r?\n/).map((l) => l.trim())) {
                if (line.length >= 8) expect(message.includes(line)).toBe(false)
              }
            }
            // …nor the workflow_dispatch input that key-from-input names.
            if (typeof named === 'string')
              for (const line of named.split(/\r?\n/).map((l) => l.trim()))
                if (line.length >= 8) expect(message.includes(line)).toBe(false)
          }
        }
      ),
      runs
    )
  })

  it(PROPERTIES[1], () => {
    const payload = fc.oneof(
      fc.jsonValue(),
      fc.record({
        client_payload: fc.oneof(
          fc.jsonValue(),
          fc.record({ alert_number: fc.jsonValue(), repository: fc.jsonValue() }),
          fc.record({ alert: fc.jsonValue(), repository: fc.jsonValue() })
        )
      })
    )
    fc.assert(
      fc.property(
        payload,
        fc.constantFrom('repository_dispatch', 'push', 'schedule'),
        (event, name) => {
          const got = relayedAlert(name, event, 'acme/app')
          if (got === undefined) return
          if ('error' in got) expect(typeof got.error).toBe('string')
          else {
            expect(Number.isInteger(got.number) && got.number > 0).toBe(true)
            expect(got.repository).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/)
          }
        }
      ),
      runs
    )
  })

  it(PROPERTIES[2], async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.constantFrom(
        '',
        '<html>500</html>',
        '{"success":true',
        '"Successfully Deleted API Key"',
        '{"success":false,"message":"record not found"}'
      )
    )
    const status = fc.oneof(
      fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503),
      fc.integer({ min: 100, max: 599 })
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROVIDER_IDS),
        status,
        body,
        fc.boolean(),
        async (id, code, text, self) => {
          const provider = ALL[id]
          const ctx = context(answering(code, text))
          const auth = {
            kind: self ? ('self' as const) : ('token' as const),
            secret: self ? KEY_VALUE[id] : 'tok_property_000'
          }
          const calls: Array<() => Promise<unknown>> = [
            () => provider.delete(ctx, { id: KEY_ID[id], value: KEY_VALUE[id] }, auth),
            () => provider.probe(ctx, KEY_VALUE[id])
          ]
          if (provider.resolve) calls.push(() => provider.resolve!(ctx, KEY_VALUE[id], auth))
          if (provider.ownerOf) calls.push(() => provider.ownerOf!(ctx, KEY_VALUE[id]))
          for (const call of calls) {
            try {
              const out = (await call()) as { kind?: string; answer?: { kind: string } }
              const kind = out.answer?.kind ?? out.kind
              expect([
                'deleted',
                'submitted',
                'not-found',
                'key-rejected',
                'dead',
                'alive',
                'inconclusive',
                'found',
                'candidate',
                'ambiguous'
              ]).toContain(kind)
              // A delete is never taken as done, or even as sent, on anything but a 2xx.
              if (out.answer?.kind === 'deleted' || out.answer?.kind === 'submitted')
                expect(code >= 200 && code < 300).toBe(true)
            } catch (error) {
              expect(error).toBeInstanceOf(RevocationFailure)
            }
          }
        }
      ),
      runs
    )
  })

  it(PROPERTIES[3], async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 6 }),
        fc.jsonValue(),
        fc.constantFrom(200, 403, 404, 500),
        async (page, single, status) => {
          const redactor = new Redactor()
          const gh = {
            paginate: {
              async *iterator() {
                if (status !== 200)
                  throw new GitHubApiError(status, 'GET /x', 'GitHub GET /x: HTTP error')
                yield { status, headers: {}, data: page }
              }
            },
            async request() {
              return { status: 200, headers: {}, data: single }
            }
          } as unknown as GitHubApi
          try {
            const { alerts, unreadable } = await collectAlerts(
              gh,
              { kind: 'sweep', scope: 'org', org: 'acme' },
              redactor
            )
            expect(alerts.length + unreadable).toBe(page.length)
            for (const a of alerts)
              expect(Number.isInteger(a.number) && a.repository.includes('/')).toBe(true)
          } catch (error) {
            const defined =
              error instanceof AlertsAccessError ||
              error instanceof GitHubApiError ||
              (error instanceof Error && error.message.startsWith('GitHub '))
            expect(defined).toBe(true)
          }
        }
      ),
      runs
    )
  })

  it(PROPERTIES[4], () => {
    const secret = fc
      .string({ minLength: 8, maxLength: 64 })
      .filter((s) => /^\S+$/.test(s) && !/^\**$/.test(s))
    const wrap = fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }))
    fc.assert(
      fc.property(
        secret,
        wrap,
        fc.constantFrom('plain', 'url', 'json', 'lines', 'html'),
        fc.integer({ min: 1, max: 7 }),
        (s, [before, after], form, cut) => {
          const redactor = new Redactor()
          redactor.add(s)
          const embedded = {
            plain: s,
            url: encodeURIComponent(s),
            json: JSON.stringify({ key: s }),
            // A key wrapped across lines, as some error pages print it.
            lines: `${s.slice(0, cut)}\n${s.slice(cut)}`,
            html: `<pre>${s}</pre>`
          }[form]
          const text = `${before}${embedded}${after}`
          const res = {
            status: 400,
            headers: {},
            text,
            truncated: false,
            attempts: 1,
            retriedAfterAmbiguous: false
          }
          const message = failure(res, redactor, 'Provider delete').message
          const result: KeyResult = {
            provider: 'baseten',
            keyRef: 'sha256:000000000000',
            outcome: 'failed',
            reason: 'invalid-input',
            verified: null,
            httpStatus: 400,
            attempts: 1,
            message,
            durationMs: 1
          }
          const written = [
            message,
            renderReport({ status: 'failed', results: [result], dryRun: false }),
            ...Object.values(renderOutputs('failed', [result]))
          ].join('\n')
          expect(written.includes(s)).toBe(false)
          expect(written.includes(encodeURIComponent(s))).toBe(false)
          expect(written.includes(JSON.stringify(s).slice(1, -1))).toBe(false)
          if (s.length >= 12) expect(written.replace(/\s+/g, '').includes(s)).toBe(false)
        }
      ),
      runs
    )
  })

  it(PROPERTIES[5], async () => {
    const id = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom(
        '../1',
        '..',
        '1/..',
        '1?x=1',
        '1#x',
        '%2F',
        '%2e%2e',
        ' 1',
        '1\n',
        'a'.repeat(300),
        '٣',
        'Ⅻ',
        '1\u00002'
      )
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROVIDER_IDS), id, async (pid, raw) => {
        const provider = ALL[pid]
        if (provider.checkId(raw) !== undefined) return
        // Accepted ids are plain: nothing a URL would read as structure. A composite id
        // (OpenAI's `<project id>:<key id>`) is two plain parts joined by one ':'.
        expect(raw).toMatch(/^[A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)?$/)
        const sent: HttpRequest[] = []
        const ctx = context(answering(500, 'x', sent))
        await provider
          .delete(ctx, { id: raw }, { kind: 'token', secret: 'tok_property_000' })
          .catch(() => undefined)
        const url = new URL(sent[0]!.path, 'https://provider.test')
        expect(url.origin).toBe('https://provider.test')
        const key = raw.split(':')[1]
        if (key !== undefined) {
          // The key's part is the last segment, and no part made an empty or dot segment.
          const segments = url.pathname.split('/')
          expect(segments.at(-1)).toBe(key)
          expect(segments.slice(1).filter((seg) => ['', '.', '..'].includes(seg))).toEqual([])
          return
        }
        expect(decodeURIComponent(url.pathname + url.search)).toContain(raw)
        expect(
          url.pathname.split('/').filter((seg) => seg === raw || seg === encodeURIComponent(raw))
            .length + (url.searchParams.get('id') === raw ? 1 : 0)
        ).toBe(1)
      }),
      runs
    )
  })

  it(PROPERTIES[6], () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (message, repo, url) => {
        const escaped = escapeMarkdown(message)
        expect(escaped).not.toMatch(/[<>\n\r]/)
        expect(escaped).not.toMatch(/(^|[^\\])[[\]()`*_|]/)
        const result: KeyResult = {
          provider: 'quiva',
          keyRef: 'sha256:000000000000',
          outcome: 'failed',
          reason: 'provider-error',
          verified: null,
          httpStatus: 500,
          attempts: 1,
          message,
          durationMs: 1,
          alerts: [{ repository: repo, number: 1, url, resolved: false }]
        }
        const md = renderReport({ status: 'failed', results: [result], dryRun: false })
        expect(md).not.toMatch(/<(?!br>)[a-z!/]/i)
        // The key's row keeps its table's cells: nothing from outside can add a column.
        const lines = md.split('\n')
        const cells = (line: string | undefined) => line?.replace(/\\\|/g, '').split('|').length
        const row = lines.find((l) => l.includes('sha256:000000000000'))
        const header = lines.find((l) => l.startsWith('| Provider | Key |'))
        expect(cells(row)).toBe(cells(header))
        expect(cells(header)).toBe(11)
      }),
      runs
    )
  })
})

import { z } from 'zod'
import { expectBody, failure, readDelete, readProbe, segment, wholeKey } from '../answers.js'
import type { Credential, Provider } from '../types.js'

// Contract: src/providers/vastai/README.md and src/providers/vastai/openapi.yaml.
const KEY_HEX_LENGTH = 64
const bearer = (auth: Credential) => ({ authorization: `Bearer ${auth.secret}` })
const CurrentUser = z.object({ key_id: z.number().int().positive() }).loose()

export const vastai: Provider = {
  id: 'vastai',
  name: 'Vast.ai',
  aliases: ['vast', 'vast.ai', 'vast-ai'],
  alertNames: /\bvast(?:[\s._-]?ai)?\b/i,
  defaultBaseUrl: 'https://console.vast.ai',
  tokenHelp:
    'a Vast.ai API key with full access or the user_write permission (console.vast.ai > Keys)',
  selfRevocation: true,
  probeDescription: '`GET /api/v0/users/current/` with the leaked key must answer 401',
  // Every key seen is 64 hex characters (see checkValue).
  keyShapes: [/(?<![0-9A-Fa-f])[0-9a-fA-F]{64}(?![0-9A-Fa-f])/],
  checkId: (id) => (/^[1-9]\d{0,15}$/.test(id) ? undefined : 'a whole number >= 1'),
  // Undocumented; every key seen is 64 hex characters. Only an all-hex value of another
  // length is refused (a cut or wrapped copy); any other shape goes to Vast.ai to judge.
  checkValue: (value) =>
    /^[0-9a-fA-F]+$/.test(value) && value.length !== KEY_HEX_LENGTH
      ? wholeKey(`${KEY_HEX_LENGTH} hex characters`, value.length, 'its numeric id')
      : undefined,
  // Delete threshold 2.0 s and list 1.0 s between calls (Vast.ai rate-limit page), which
  // Vast.ai measures as calls arrive: counted from the previous call's answer.
  limits: {
    concurrency: 2,
    minIntervalMs: { delete: 2000, list: 1000 },
    // One delete per 2.0 s per identity (src/providers/vastai/README.md).
    publishedSpacingMs: 2000,
    fromAnswer: ['delete', 'list']
  },
  // Its 429 says "API requests too frequent endpoint threshold=2.0" and has no Retry-After.
  retryAfterFromBody(text) {
    const match = /threshold=(\d+(?:\.\d+)?)/.exec(text)
    return match ? Number(match[1]) : undefined
  },

  async resolve(ctx, value) {
    // The leaked key asks who it is: `key_id` is its own id.
    const res = await ctx.http.send({
      method: 'GET',
      path: '/api/v0/users/current/',
      headers: bearer({ kind: 'self', secret: value })
    })
    if (res.status === 401) return { kind: 'key-rejected', httpStatus: res.status }
    if (res.status !== 200) throw failure(res, ctx.redactor, 'Vast.ai users/current')
    return {
      kind: 'found',
      id: String(expectBody(res, CurrentUser, ctx.redactor, 'Vast.ai users/current').key_id),
      authenticated: true
    }
  },

  async delete(ctx, target, auth) {
    const res = await ctx.http.send({
      method: 'DELETE',
      path: `/api/v0/auth/apikeys/${segment(target.id ?? '')}/`,
      headers: bearer(auth),
      pace: 'delete'
    })
    // 200 answers a JSON string ("Successfully Deleted API Key").
    return readDelete(ctx, res, auth, 'Vast.ai delete', (ok) =>
      expectBody(ok, z.string(), ctx.redactor, 'Vast.ai delete')
    )
  },

  async probe(ctx, value) {
    const res = await ctx.http.send({
      method: 'GET',
      path: '/api/v0/users/current/',
      headers: bearer({ kind: 'self', secret: value })
    })
    return readProbe(ctx, res, 'Vast.ai probe')
  }
}

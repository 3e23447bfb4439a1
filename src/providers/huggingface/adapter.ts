import type { HttpResponse } from '../../http/client.js'
import { Limiter } from '../../http/limiter.js'
import { failure, ownValue, readProbe } from '../answers.js'
import type { DeleteResult, DeleteTarget, Provider, ProviderContext } from '../types.js'
import { huggingfaceFacts } from './facts.js'

// Contract: src/providers/huggingface/README.md and src/providers/huggingface/openapi.yaml.
// `POST /api/credentials/revoke` takes the tokens themselves, `{"credentials": [...]}`, and no
// Authorization header; it answers 202 "whether or not any of the tokens you submitted existed",
// so its answer proves nothing about any token: only the value seen alive before and refused
// after (`GET /api/whoami-v2`) does.

/** Probes (`GET /api/whoami-v2`) in flight at once: they count against each owner's API quota. */
const PROBES_AT_ONCE = 4

function probes(ctx: ProviderContext): Promise<Limiter> {
  return ctx.memo('probes', () => Promise.resolve(new Limiter(PROBES_AT_ONCE)))
}

/** `POST /api/credentials/revoke` with the tokens; paced by the engine's `delete` class. */
function revoke(ctx: ProviderContext, values: string[]): Promise<HttpResponse> {
  return ctx.http.send({
    method: 'POST',
    path: '/api/credentials/revoke',
    // No Authorization header: the endpoint needs none, and huggingface_hub leaves it out on
    // purpose so that no other token can be caught up in the request.
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ credentials: [...new Set(values)] }),
    pace: 'delete',
    // "Submitting the same token again is harmless": a request whose answer was lost may go again.
    idempotent: true
  })
}

/** The revocation's answer: 202 confirms nothing about any token; anything else fails. */
function readRevoke(ctx: ProviderContext, res: HttpResponse): DeleteResult {
  const what = 'Hugging Face revoke credentials'
  if (res.status === 202) return { answer: { kind: 'submitted' }, response: res }
  if (res.status >= 200 && res.status < 300)
    throw failure(res, ctx.redactor, `${what}: unexpected answer`, 'provider-error')
  throw failure(res, ctx.redactor, what)
}

/** Every token in one request: the Hub's one answer is each token's answer. */
async function revokeAll(ctx: ProviderContext, targets: DeleteTarget[]): Promise<DeleteResult[]> {
  const values = targets.map((target) => ownValue(target, 'Hugging Face'))
  const answer = readRevoke(ctx, await revoke(ctx, values))
  return targets.map(() => answer)
}

export const huggingface: Provider = {
  ...huggingfaceFacts,

  async delete(ctx, target) {
    const [result] = await revokeAll(ctx, [target])
    if (!result) throw new Error('one answer for one token')
    return result
  },

  deleteMany: revokeAll,

  async probe(ctx, value) {
    const res = await (
      await probes(ctx)
    ).run(() =>
      ctx.http.send({
        method: 'GET',
        path: '/api/whoami-v2',
        headers: { authorization: `Bearer ${value}` }
      })
    )
    return readProbe(ctx, res, 'Hugging Face whoami')
  }
}

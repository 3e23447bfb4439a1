import type { Reply, RecordedRequest } from './service.js'

export interface FakeComment {
  id: number
  issue: string
  body: string
}

/**
 * Plays the GitHub REST endpoints the action calls: issue comments. Accepts
 * only the tokens it was given.
 */
export function githubFake() {
  const state = { tokens: new Set<string>(), comments: [] as FakeComment[], nextId: 9000 }
  const base = 'https://github.test'

  const route = (req: RecordedRequest): Reply => {
    const token = /^(?:token|Bearer) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (!token || !state.tokens.has(token)) {
      return {
        status: 401,
        json: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401'
        }
      }
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(req.path)
    if (list) {
      const issue = `${list[1]}/${list[2]}#${list[3]}`
      if (req.method === 'GET') {
        const query = new Map(req.query)
        const perPage = Number(query.get('per_page') ?? 30)
        const page = Number(query.get('page') ?? 1)
        const mine = state.comments.filter((c) => c.issue === issue)
        return {
          status: 200,
          json: mine.slice((page - 1) * perPage, page * perPage).map((c) => view(c, base))
        }
      }
      if (req.method === 'POST') {
        const body = parseBody(req)
        if (!body) return { status: 422, json: { message: 'Invalid request: body is required' } }
        const comment = { id: state.nextId++, issue, body }
        state.comments.push(comment)
        return { status: 201, json: view(comment, base) }
      }
    }
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(req.path)
    if (one && req.method === 'PATCH') {
      const comment = state.comments.find((c) => c.id === Number(one[3]))
      if (!comment) return { status: 404, json: { message: 'Not Found' } }
      const body = parseBody(req)
      if (!body) return { status: 422, json: { message: 'Invalid request: body is required' } }
      comment.body = body
      return { status: 200, json: view(comment, base) }
    }
    return { status: 404, json: { message: 'Not Found' } }
  }
  return { state, route }
}

function parseBody(req: RecordedRequest): string | undefined {
  try {
    const parsed = JSON.parse(req.body) as { body?: unknown }
    return typeof parsed.body === 'string' && parsed.body.length > 0 ? parsed.body : undefined
  } catch {
    return undefined
  }
}

function view(c: FakeComment, base: string) {
  const [repo, number] = c.issue.split('#')
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    body: c.body,
    html_url: `${base}/${repo}/issues/${number}#issuecomment-${c.id}`,
    user: { login: 'github-actions[bot]' }
  }
}

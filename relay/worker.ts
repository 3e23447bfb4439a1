// The Worker's entry. workerd takes every export of this module for an entry point, so it
// exports the handler and nothing else; the relay itself is relay.ts.
import { handle, type Env } from './relay.js'

export default {
  fetch: (request: Request, env: Env): Promise<Response> => handle(request, env)
}

import type { Reply, RecordedRequest } from '../service.js'
import { KeyStore, hex } from '../store.js'

// Plays Vast.ai: provider-docs/vastai-delete-api-key.md, provider-notes.md (Vast.ai).
export function vastaiFake() {
  const store = new KeyStore((seq) => ({ id: String(1000 + seq), value: hex(64) }))
  const unauthorized: Reply = {
    status: 401,
    json: { success: false, error: 'invalid_user', msg: 'Invalid or missing API key.' }
  }
  const bearer = (req: RecordedRequest) =>
    /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]

  const route = (req: RecordedRequest): Reply => {
    const who = store.authenticate(bearer(req))
    if (req.method === 'GET' && req.path === '/api/v0/users/current/') {
      if (!who) return unauthorized
      return {
        status: 200,
        json: {
          id: 7,
          username: who.owner,
          email: `${who.owner}@example.test`,
          key_id: who.key ? Number(who.key.id) : 1
        }
      }
    }
    if (req.method === 'GET' && req.path === '/api/v0/auth/apikeys/') {
      if (!who) return unauthorized
      return {
        status: 200,
        json: {
          apikeys: store.listed(who.owner).map((k) => ({
            id: Number(k.id),
            user_id: 7,
            rights: null,
            team_id: null,
            team_name: null,
            name: k.name
          }))
        }
      }
    }
    const del = /^\/api\/v0\/auth\/apikeys\/([^/]+)\/$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      if (!who) return unauthorized
      const key = store.find((k) => k.id === del[1])
      if (!key) return { status: 404, json: { msg: 'API Key not found.' } }
      if (key.owner !== who.owner || !who.canManage)
        return { status: 403, json: { msg: 'You do not have permission to delete this API Key.' } }
      store.delete(key)
      return { status: 200, json: 'Successfully Deleted API Key' }
    }
    return { status: 404, json: { msg: 'Not found' } }
  }
  return { store, route }
}

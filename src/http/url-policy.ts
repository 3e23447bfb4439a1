/**
 * Base URL policy for provider and GitHub API overrides: https only, except
 * plain http to a loopback host (local gateways and the sandbox). No
 * credentials, query or fragment, which would otherwise ride along on every
 * request.
 */
export function checkBaseUrl(raw: string): { url: URL } | { error: string } {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { error: 'is not an absolute URL' }
  }
  if (url.username || url.password) return { error: 'must not contain credentials' }
  if (url.search || url.hash) return { error: 'must not contain a query or fragment' }
  if (url.protocol === 'https:') return { url }
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return { url }
  if (url.protocol === 'http:') {
    return { error: 'must use https (plain http is allowed only to 127.0.0.0/8, ::1 or localhost)' }
  }
  return { error: `uses ${url.protocol.replace(':', '')}; expected https` }
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host === '::1') return true
  const parts = host.split('.')
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  )
}

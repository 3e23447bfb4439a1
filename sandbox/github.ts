import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto'
import sodium from 'libsodium-wrappers'
import type { ConcurrencyLimit, RateLimit, Reply, RecordedRequest } from './service.js'

/** Who wrote an issue or a comment: the token's user, or the bot a workflow token writes as. */
export interface FakeAuthor {
  login: string
  type: 'User' | 'Bot'
}

/** What the workflow's GITHUB_TOKEN (and any token without a user) writes as. */
export const ACTIONS_BOT: FakeAuthor = { login: 'github-actions[bot]', type: 'Bot' }

export interface FakeComment {
  id: number
  issue: string
  body: string
  author: FakeAuthor
}

export interface FakeAlert {
  repository: string
  number: number
  secret: string
  secret_type: string
  secret_type_display_name: string
  state: 'open' | 'resolved'
  resolution: string | null
  resolution_comment: string | null
}

export interface FakeIssue {
  repository: string
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  author: FakeAuthor
}

/** What a token may do: every token may use issues; only some may see alerts (not GITHUB_TOKEN). */
export interface TokenGrant {
  alerts: boolean
  /**
   * The login of the user a personal access token belongs to: `GET /user` answers it, and what
   * the token writes is theirs. Without one the token is an integration's (the workflow's
   * GITHUB_TOKEN, an App's installation token): `GET /user` answers 403, and it writes as
   * github-actions[bot].
   */
  user?: string
  /** Repositories (`owner/name`) it has Contents: write on, which `repository_dispatch` needs. */
  contents?: string[]
  /**
   * "Secrets: write" (repository, environment and organization Actions secrets): an App
   * installation token may have it; the workflow's GITHUB_TOKEN never does.
   */
  secrets?: boolean
}

/** An Actions secret as the fake keeps it: opened, so a test (or a user) can watch a rotation. */
export interface FakeSecret {
  /** `repo:owner/name/NAME`, `env:owner/name/ENV/NAME` or `org:owner/NAME`. */
  where: string
  value: string
  updatedAt: string
  /** Organization secrets only. */
  visibility?: 'all' | 'private' | 'selected'
  selectedRepositoryIds?: number[]
  /** How many times a PUT wrote it. */
  writes: number
}

/** A `repository_dispatch` the fake accepted. */
export interface FakeDispatch {
  repository: string
  eventType: string
  clientPayload: Record<string, unknown>
  /** `performance.now()` when the request had fully arrived. */
  receivedAt: number
}

/** A GitHub App: its id, public key (to check its JWTs) and installations by account. */
export interface FakeApp {
  id: string
  publicKey: KeyObject
  /** Account login -> installation id. */
  installations: Map<string, number>
}

/** GitHub's limit on a dispatch's client_payload (besides its 10 keys, which the contract checks). */
export const CLIENT_PAYLOAD_MAX_BYTES = 64 * 1024

/**
 * Plays the GitHub REST endpoints the action calls: secret scanning alerts
 * (repository and organization lists with Link pagination, get, update),
 * issues and issue comments; and those the relay (relay/) calls: repository
 * dispatches and, for a GitHub App, a repository's installation and
 * installation tokens.
 */
export function githubFake() {
  const state = {
    tokens: new Map<string, TokenGrant>(),
    comments: [] as FakeComment[],
    alerts: [] as FakeAlert[],
    issues: [] as FakeIssue[],
    nextId: 9000,
    /** Set by the sandbox once the service listens: Link headers point here. */
    baseUrl: '',
    /** Leave `secret` out of list items (the action must GET each alert). */
    omitSecretInLists: false,
    dispatches: [] as FakeDispatch[],
    /** Called with each accepted dispatch (a test or the bench plays the runner). */
    onDispatch: undefined as ((dispatch: FakeDispatch) => void) | undefined,
    apps: [] as FakeApp[],
    /** Installation tokens minted, newest last (secrets: tests scan output for them). */
    installationTokens: [] as string[],
    /**
     * Issue lists to hold until this many have arrived, each answered as the issues stood when
     * it arrived: matrix legs that all look before any opens one (a race, played on purpose).
     */
    holdIssueLists: 0,
    /** Actions secrets by `where` (see FakeSecret), opened with the public key they were sealed to. */
    secrets: new Map<string, FakeSecret>(),
    /** The key pair of each repository, environment and organization, made on first use. */
    secretKeys: new Map<string, { keyId: string; publicKey: Uint8Array; privateKey: Uint8Array }>()
  }
  let heldLists: Array<() => void> = []
  const web = 'https://github.test'

  const alertView = (a: FakeAlert, withRepo: boolean, withSecret: boolean) => ({
    number: a.number,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    url: `${state.baseUrl}/repos/${a.repository}/secret-scanning/alerts/${a.number}`,
    html_url: `${web}/${a.repository}/security/secret-scanning/${a.number}`,
    locations_url: `${state.baseUrl}/repos/${a.repository}/secret-scanning/alerts/${a.number}/locations`,
    state: a.state,
    resolution: a.resolution,
    resolved_at: a.state === 'resolved' ? '2026-11-02T00:00:00Z' : null,
    resolved_by: null,
    resolution_comment: a.resolution_comment,
    secret_type: a.secret_type,
    secret_type_display_name: a.secret_type_display_name,
    ...(withSecret ? { secret: a.secret } : {}),
    validity: 'unknown',
    multi_repo: false,
    ...(withRepo ? { repository: simpleRepository(a.repository, state.baseUrl) } : {})
  })

  /** One page of a list, with a Link header as GitHub sends it; `view` shapes the page's items. */
  const page = <T>(
    req: RecordedRequest,
    items: T[],
    view: (item: T) => unknown = (item) => item
  ): Reply => {
    const query = new Map(req.query)
    const perPage = Math.min(100, Number(query.get('per_page') ?? 30))
    const current = Number(query.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (p: number) => {
      const q = new URLSearchParams(req.query)
      q.set('page', String(p))
      return `<${state.baseUrl}${req.path}?${q.toString()}>`
    }
    const rels = [
      current < last ? `${link(current + 1)}; rel="next"` : '',
      `${link(last)}; rel="last"`
    ].filter(Boolean)
    return {
      status: 200,
      json: items.slice((current - 1) * perPage, current * perPage).map(view),
      headers: items.length > perPage ? { link: rels.join(', ') } : {}
    }
  }

  const noAlerts: Reply = {
    status: 403,
    json: {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/secret-scanning',
      status: '403'
    }
  }

  const route = (req: RecordedRequest): Reply | Promise<Reply> => {
    const token = /^(?:token|Bearer) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const app = appRoute(req, token)
    if (app) return app
    const grant = token ? state.tokens.get(token) : undefined
    if (!grant)
      return {
        status: 401,
        json: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401'
        }
      }
    const query = new Map(req.query)
    const author: FakeAuthor = grant.user ? { login: grant.user, type: 'User' } : ACTIONS_BOT

    if (req.path === '/user' && req.method === 'GET') {
      if (!grant.user)
        return {
          status: 403,
          json: {
            message: 'Resource not accessible by integration',
            documentation_url:
              'https://docs.github.com/rest/users/users#get-the-authenticated-user',
            status: '403'
          }
        }
      return { status: 200, json: { ...simpleUser({ login: grant.user, type: 'User' }, web) } }
    }

    const secrets = secretsRoute(req, grant)
    if (secrets) return secrets

    const repoAlerts = /^\/repos\/([^/]+\/[^/]+)\/secret-scanning\/alerts$/.exec(req.path)
    if (repoAlerts && req.method === 'GET') {
      if (!grant.alerts) return noAlerts
      const wanted = query.get('state')
      const items = state.alerts.filter(
        (a) => a.repository === repoAlerts[1] && (!wanted || a.state === wanted)
      )
      return page(req, items, (a) => alertView(a, false, !state.omitSecretInLists))
    }
    const orgAlerts = /^\/orgs\/([^/]+)\/secret-scanning\/alerts$/.exec(req.path)
    if (orgAlerts && req.method === 'GET') {
      if (!grant.alerts) return noAlerts
      const wanted = query.get('state')
      const items = state.alerts.filter(
        (a) => a.repository.startsWith(`${orgAlerts[1]}/`) && (!wanted || a.state === wanted)
      )
      return page(req, items, (a) => alertView(a, true, !state.omitSecretInLists))
    }
    const oneAlert = /^\/repos\/([^/]+\/[^/]+)\/secret-scanning\/alerts\/(\d+)$/.exec(req.path)
    if (oneAlert) {
      if (!grant.alerts) return noAlerts
      const alert = state.alerts.find(
        (a) => a.repository === oneAlert[1] && a.number === Number(oneAlert[2])
      )
      if (!alert) return { status: 404, json: { message: 'Not Found' } }
      if (req.method === 'GET') return { status: 200, json: alertView(alert, false, true) }
      if (req.method === 'PATCH') {
        const body = JSON.parse(req.body) as {
          state: 'open' | 'resolved'
          resolution?: string
          resolution_comment?: string
        }
        if (body.state === 'resolved' && !body.resolution)
          return { status: 422, json: { message: 'resolution is required' } }
        alert.state = body.state
        alert.resolution = body.resolution ?? null
        alert.resolution_comment = body.resolution_comment ?? null
        return { status: 200, json: alertView(alert, false, true) }
      }
    }

    const issues = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(req.path)
    if (issues) {
      const repository = issues[1] ?? ''
      if (req.method === 'GET') {
        // GitHub's defaults: open issues, newest first.
        const wanted = query.get('state') ?? 'open'
        const ascending = query.get('direction') === 'asc'
        const listed = state.issues
          .filter((i) => i.repository === repository && (wanted === 'all' || i.state === wanted))
          .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number))
        const reply = page(req, listed, (i) => issueView(i, web))
        if (state.holdIssueLists <= 0) return reply
        return new Promise<Reply>((resolve) => {
          heldLists.push(() => resolve(reply))
          if (heldLists.length < state.holdIssueLists) return
          state.holdIssueLists = 0
          const release = heldLists
          heldLists = []
          for (const go of release) go()
        })
      }
      if (req.method === 'POST') {
        const body = JSON.parse(req.body) as { title: string; body?: string }
        const issue: FakeIssue = {
          repository,
          number: 100 + state.issues.length,
          title: body.title,
          body: body.body ?? '',
          state: 'open',
          state_reason: null,
          author
        }
        state.issues.push(issue)
        return { status: 201, json: issueView(issue, web) }
      }
    }
    const oneIssue = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)$/.exec(req.path)
    if (oneIssue && req.method === 'PATCH') {
      const issue = state.issues.find(
        (i) => i.repository === oneIssue[1] && i.number === Number(oneIssue[2])
      )
      if (!issue) return { status: 404, json: { message: 'Not Found' } }
      const body = JSON.parse(req.body) as Partial<Pick<FakeIssue, 'title' | 'body' | 'state'>> & {
        state_reason?: string | null
      }
      if (body.title !== undefined) issue.title = body.title
      if (body.body !== undefined) issue.body = body.body
      if (body.state !== undefined && body.state !== issue.state) {
        issue.state = body.state
        // "Ignored unless `state` is changed"; closing without a reason closes as completed.
        issue.state_reason =
          body.state === 'closed' ? (body.state_reason ?? 'completed') : 'reopened'
      }
      return { status: 200, json: issueView(issue, web) }
    }

    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(req.path)
    if (list) {
      const issue = `${list[1]}/${list[2]}#${list[3]}`
      if (req.method === 'GET')
        return page(
          req,
          state.comments.filter((c) => c.issue === issue).map((c) => view(c, web))
        )
      if (req.method === 'POST') {
        const comment: FakeComment = {
          id: state.nextId++,
          issue,
          body: (JSON.parse(req.body) as { body: string }).body,
          author
        }
        state.comments.push(comment)
        return { status: 201, json: view(comment, web) }
      }
    }
    const dispatches = /^\/repos\/([^/]+\/[^/]+)\/dispatches$/.exec(req.path)
    if (dispatches && req.method === 'POST') {
      const repository = dispatches[1] ?? ''
      if (!grant.contents?.includes(repository))
        return {
          status: 403,
          json: { message: 'Resource not accessible by personal access token', status: '403' }
        }
      const body = JSON.parse(req.body) as {
        event_type: string
        client_payload?: Record<string, unknown>
      }
      const clientPayload = body.client_payload ?? {}
      // The contract checks the 10 keys; GitHub also refuses 64 KB of JSON or more.
      if (Buffer.byteLength(JSON.stringify(clientPayload)) >= CLIENT_PAYLOAD_MAX_BYTES) {
        req.violations.push(`POST ${req.path}: client_payload is 64 KB or more`)
        return { status: 422, json: { message: 'client_payload is too large' } }
      }
      const dispatch: FakeDispatch = {
        repository,
        eventType: body.event_type,
        clientPayload,
        receivedAt: performance.now()
      }
      state.dispatches.push(dispatch)
      state.onDispatch?.(dispatch)
      return { status: 204 }
    }

    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(req.path)
    if (one && req.method === 'PATCH') {
      const comment = state.comments.find((c) => c.id === Number(one[3]))
      if (!comment) return { status: 404, json: { message: 'Not Found' } }
      comment.body = (JSON.parse(req.body) as { body: string }).body
      return { status: 200, json: view(comment, web) }
    }
    return { status: 404, json: { message: 'Not Found' } }
  }

  /**
   * The App endpoints, which take the App's JWT: a repository's installation, and an
   * installation token (limited to the repositories and permissions asked for). Undefined for
   * any other request.
   */
  const appRoute = (req: RecordedRequest, token: string | undefined): Reply | undefined => {
    const lookup = /^\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(req.path)
    const mint = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(req.path)
    if (!(lookup && req.method === 'GET') && !(mint && req.method === 'POST')) return undefined
    const app = token ? appOfJwt(state.apps, token) : undefined
    if (!app)
      return {
        status: 401,
        json: {
          message: 'A JSON web token could not be decoded',
          documentation_url: 'https://docs.github.com/rest',
          status: '401'
        }
      }
    const notFound: Reply = { status: 404, json: { message: 'Not Found', status: '404' } }
    if (lookup) {
      const account = lookup[1] ?? ''
      const id = app.installations.get(account)
      if (id === undefined) return notFound
      return {
        status: 200,
        json: {
          id,
          account: { login: account },
          app_id: Number(app.id),
          target_type: 'Organization'
        }
      }
    }
    const id = Number(mint?.[1])
    const account = [...app.installations].find(([, i]) => i === id)?.[0]
    if (account === undefined) return notFound
    const body = (req.body ? JSON.parse(req.body) : {}) as {
      repositories?: string[]
      permissions?: Record<string, string>
    }
    const minted = `ghs_${randomBytes(18).toString('hex')}`
    // An installation covers all of its account's repositories; the token gets Contents: write
    // on those it names (the relay always names its one target), or on none.
    const repositories = body.repositories?.map((name) => `${account}/${name}`)
    const contents = body.permissions ? body.permissions.contents === 'write' : true
    state.tokens.set(minted, {
      alerts: false,
      contents: contents ? (repositories ?? []) : []
    })
    state.installationTokens.push(minted)
    return {
      status: 201,
      json: {
        token: minted,
        expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        permissions: body.permissions ?? { contents: 'write' },
        repository_selection: repositories ? 'selected' : 'all'
      }
    }
  }

  /**
   * The Actions secrets API: public keys, secret metadata, and create-or-update, which opens
   * the sealed value it receives with the key pair of its repository, environment or
   * organization (GitHub's description, @octokit/openapi, checks every request). Undefined for
   * any other request.
   */
  const secretsRoute = (req: RecordedRequest, grant: TokenGrant): Promise<Reply> | undefined => {
    const path = req.path
    const repo = /^\/repos\/([^/]+\/[^/]+)\/actions\/secrets\/([^/]+)$/.exec(path)
    const env = /^\/repos\/([^/]+\/[^/]+)\/environments\/([^/]+)\/secrets\/([^/]+)$/.exec(path)
    const org = /^\/orgs\/([^/]+)\/actions\/secrets\/([^/]+)$/.exec(path)
    const orgRepos = /^\/orgs\/([^/]+)\/actions\/secrets\/([^/]+)\/repositories$/.exec(path)
    let scope: string
    let name: string
    if (repo) [scope, name] = [`repo:${repo[1]}`, repo[2] ?? '']
    else if (env)
      [scope, name] = [`env:${env[1]}/${decodeURIComponent(env[2] ?? '')}`, env[3] ?? '']
    else if (org) [scope, name] = [`org:${org[1]}`, org[2] ?? '']
    else if (orgRepos) [scope, name] = [`org:${orgRepos[1]}`, orgRepos[2] ?? '']
    else return undefined
    return (async (): Promise<Reply> => {
      await sodium.ready
      if (!grant.secrets)
        return {
          status: 403,
          json: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/actions/secrets',
            status: '403'
          }
        }
      const keys = () => {
        let pair = state.secretKeys.get(scope)
        if (!pair) {
          const made = sodium.crypto_box_keypair()
          pair = {
            keyId: String(3380204578043523000 + state.secretKeys.size),
            publicKey: made.publicKey,
            privateKey: made.privateKey
          }
          state.secretKeys.set(scope, pair)
        }
        return pair
      }
      if (name === 'public-key' && req.method === 'GET') {
        const pair = keys()
        return {
          status: 200,
          json: { key_id: pair.keyId, key: Buffer.from(pair.publicKey).toString('base64') }
        }
      }
      const where = `${scope}/${name}`
      const secret = state.secrets.get(where)
      const notFound: Reply = { status: 404, json: { message: 'Not Found', status: '404' } }
      if (orgRepos && req.method === 'GET') {
        if (!secret) return notFound
        const ids = secret.selectedRepositoryIds ?? []
        return {
          status: 200,
          json: {
            total_count: ids.length,
            repositories: ids.map((id) => ({
              ...simpleRepository(`${orgRepos[1]}/repo-${id}`, state.baseUrl),
              id
            }))
          }
        }
      }
      if (req.method === 'GET') {
        if (!secret) return notFound
        return {
          status: 200,
          json: {
            name,
            created_at: '2026-11-01T00:00:00Z',
            updated_at: secret.updatedAt,
            ...(org
              ? {
                  visibility: secret.visibility ?? 'private',
                  selected_repositories_url: `${state.baseUrl}/orgs/${org[1]}/actions/secrets/${name}/repositories`
                }
              : {})
          }
        }
      }
      if (req.method === 'PUT') {
        const body = JSON.parse(req.body) as {
          encrypted_value: string
          key_id: string
          visibility?: 'all' | 'private' | 'selected'
          selected_repository_ids?: number[]
        }
        const pair = keys()
        if (body.key_id !== pair.keyId)
          return { status: 422, json: { message: 'Bad request: key_id is not the current key' } }
        let value: string
        try {
          value = sodium.to_string(
            sodium.crypto_box_seal_open(
              sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL),
              pair.publicKey,
              pair.privateKey
            )
          )
        } catch {
          req.violations.push(`PUT ${req.path}: encrypted_value does not open with its public key`)
          return { status: 422, json: { message: 'Bad request: encrypted_value' } }
        }
        const updated: FakeSecret = {
          where,
          value,
          updatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          writes: (secret?.writes ?? 0) + 1,
          ...(org
            ? {
                visibility: body.visibility,
                ...(body.selected_repository_ids
                  ? { selectedRepositoryIds: body.selected_repository_ids }
                  : {})
              }
            : {})
        }
        state.secrets.set(where, updated)
        return { status: secret ? 204 : 201, ...(secret ? {} : { json: {} }) }
      }
      return notFound
    })()
  }

  /**
   * Adds an Actions secret (as if set in the settings): `repo:owner/name/NAME`,
   * `env:owner/name/ENV/NAME` or `org:owner/NAME`.
   */
  const addSecret = (
    where: string,
    value: string,
    org?: { visibility: 'all' | 'private' | 'selected'; selectedRepositoryIds?: number[] }
  ): FakeSecret => {
    const secret: FakeSecret = {
      where,
      value,
      updatedAt: '2026-11-01T00:00:00Z',
      writes: 0,
      ...(org ?? {})
    }
    state.secrets.set(where, secret)
    return secret
  }

  /** Adds an open alert for a leaked secret; returns it. */
  const addAlert = (
    repository: string,
    secret: string,
    displayName: string,
    secretType = displayName.toLowerCase().replace(/\W+/g, '_')
  ): FakeAlert => {
    const number = 1 + state.alerts.filter((a) => a.repository === repository).length
    const alert: FakeAlert = {
      repository,
      number,
      secret,
      secret_type: secretType,
      secret_type_display_name: displayName,
      state: 'open',
      resolution: null,
      resolution_comment: null
    }
    state.alerts.push(alert)
    return alert
  }
  /**
   * Whether a request's token is one this fake issued. `GET /user` is one endpoint at GitHub:
   * with a leaked token it is the GitHub token fake's probe, with these it is the action's own.
   */
  const owns = (req: RecordedRequest): boolean => {
    const token = /^(?:token|Bearer) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    return token !== undefined && state.tokens.has(token)
  }
  return { state, route, addAlert, addSecret, owns }
}

/**
 * The App a JWT comes from, when it is one GitHub would accept: RS256, signed with the key of
 * the App named by `iss`, issued in the past, expiring in the future and at most 10 minutes
 * after it was issued.
 */
function appOfJwt(apps: FakeApp[], jwt: string): FakeApp | undefined {
  const [head, claims, signature] = jwt.split('.')
  if (!head || !claims || !signature || jwt.split('.').length !== 3) return undefined
  const decode = (part: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
  const header = decode(head)
  const payload = decode(claims)
  if (header?.alg !== 'RS256' || !payload) return undefined
  const app = apps.find((a) => a.id === String(payload.iss))
  if (!app) return undefined
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    app.publicKey,
    Buffer.from(signature, 'base64url')
  )
  const now = Date.now() / 1000
  const { iat, exp } = payload
  if (!valid || typeof iat !== 'number' || typeof exp !== 'number') return undefined
  return iat <= now + 1 && exp > now && exp - iat <= 600 ? app : undefined
}

/** Registers a GitHub App with its public key (PEM) and the accounts it is installed on. */
export function fakeApp(
  id: string,
  publicKeyPem: string,
  accounts: Record<string, number>
): FakeApp {
  return {
    id,
    publicKey: createPublicKey(publicKeyPem),
    installations: new Map(Object.entries(accounts))
  }
}

/** The `repository_dispatch` event GitHub builds from a dispatch: what the workflow reads. */
export function repositoryDispatchEvent(dispatch: FakeDispatch) {
  const [owner = '', name = ''] = dispatch.repository.split('/')
  return {
    action: dispatch.eventType,
    branch: 'main',
    client_payload: dispatch.clientPayload,
    repository: { name, full_name: dispatch.repository, owner: { login: owner } },
    sender: { login: 'relay[bot]', type: 'Bot' }
  }
}

/**
 * A repository as an organization's alert list carries it (GitHub's `simple-repository`: the
 * owner and some 40 URLs, about 4 KB), so pages weigh what GitHub's do.
 */
function simpleRepository(fullName: string, api: string) {
  const [owner = '', name = ''] = fullName.split('/')
  const repo = `${api}/repos/${fullName}`
  const user = `${api}/users/${owner}`
  const urls = (base: string, names: string[]) =>
    Object.fromEntries(names.map((n) => [`${n}_url`, `${base}/${n.replace(/_/g, '-')}`]))
  return {
    id: 1000 + name.length,
    node_id: `R_kgDO${name}`,
    name,
    full_name: fullName,
    owner: {
      login: owner,
      id: 4242,
      node_id: `O_kgDO${owner}`,
      avatar_url: `https://avatars.github.test/u/4242?v=4`,
      gravatar_id: '',
      url: user,
      html_url: `https://github.test/${owner}`,
      type: 'Organization',
      site_admin: false,
      ...urls(user, ['followers', 'following', 'gists', 'starred', 'subscriptions']),
      ...urls(user, ['organizations', 'repos', 'events', 'received_events'])
    },
    private: true,
    html_url: `https://github.test/${fullName}`,
    description: null,
    fork: false,
    url: repo,
    ...urls(repo, ['archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments']),
    ...urls(repo, ['commits', 'compare', 'contents', 'contributors', 'deployments', 'downloads']),
    ...urls(repo, ['events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'hooks']),
    ...urls(repo, ['issue_comment', 'issue_events', 'issues', 'keys', 'labels', 'languages']),
    ...urls(repo, ['merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers']),
    ...urls(repo, ['statuses', 'subscribers', 'subscription', 'tags', 'teams', 'trees'])
  }
}

function view(c: FakeComment, base: string) {
  const [repo, number] = c.issue.split('#')
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    body: c.body,
    html_url: `${base}/${repo}/issues/${number}#issuecomment-${c.id}`,
    user: simpleUser(c.author, base)
  }
}

function issueView(i: FakeIssue, base: string) {
  return {
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    html_url: `${base}/${i.repository}/issues/${i.number}`,
    user: simpleUser(i.author, base)
  }
}

/** GitHub's `simple-user`, as far as a reader of comments and issues looks. */
function simpleUser(author: FakeAuthor, base: string) {
  return {
    login: author.login,
    id: author.type === 'Bot' ? 41898282 : 4000 + author.login.length,
    node_id: `U_${author.login}`,
    html_url: `${base}/${author.type === 'Bot' ? 'apps/github-actions' : author.login}`,
    type: author.type,
    site_admin: false
  }
}

/** The route of a GitHub REST path: `/repos/{owner}/{repo}/secret-scanning/alerts/{number}`. */
function githubRoute(req: RecordedRequest): string {
  const path = req.path
    .replace(/^\/repos\/[^/]+\/[^/]+\//, '/repos/{owner}/{repo}/')
    .replace(/^\/orgs\/[^/]+\//, '/orgs/{org}/')
    .replace(/\/\d+(?=\/|$)/g, '/{number}')
  return `${req.method} ${path}`
}

const token = (req: RecordedRequest) =>
  /^(?:token|Bearer) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? ''

const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'

/**
 * GitHub's published REST limits, as hooks for the fake's service:
 * - primary: 5,000 requests an hour per token (403 with `x-ratelimit-remaining: 0` and
 *   `x-ratelimit-reset`, as GitHub answers it); `primaryPerHour` plays another token's (a
 *   GitHub App installation in an Enterprise Cloud organization gets 15,000);
 * - secondary, per endpoint: 900 points a minute, a GET costing 1 and a POST/PATCH/PUT/DELETE 5
 *   (429 with `retry-after`); off unless `points` is set, as it alone makes 1,000 alert
 *   resolutions take 5.6 minutes;
 * - secondary: at most 100 requests in flight (429 with `retry-after: 60`).
 */
export function githubRateLimits(options: { points?: boolean; primaryPerHour?: number } = {}): {
  rateLimits: RateLimit[]
  concurrencyLimit: ConcurrencyLimit
} {
  const limited = (message: string, headers: Record<string, string>): Reply => ({
    status: 429,
    json: {
      message,
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
    },
    headers
  })
  const primary = options.primaryPerHour ?? 5000
  const rateLimits: RateLimit[] = [
    {
      name: `GitHub primary: ${primary.toLocaleString('en-US')} requests/h per token`,
      bucket: token,
      requests: primary,
      perMs: 3_600_000,
      reply: (retryAfterS) => ({
        status: 403,
        json: {
          message: 'API rate limit exceeded for installation.',
          documentation_url:
            'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
        },
        headers: {
          'x-ratelimit-limit': String(primary),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + retryAfterS))
        }
      })
    }
  ]
  if (options.points)
    rateLimits.push({
      name: 'GitHub secondary: 900 points/min per endpoint',
      bucket: (req) => `${token(req)} ${githubRoute(req)}`,
      requests: 900,
      perMs: 60_000,
      cost: (req) => (['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? 1 : 5),
      reply: (retryAfterS) =>
        limited(SECONDARY, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) })
    })
  return {
    rateLimits,
    concurrencyLimit: { requests: 100, reply: () => limited(SECONDARY, { 'retry-after': '60' }) }
  }
}

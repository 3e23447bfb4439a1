import * as z from 'zod/mini'
import type { GitHubApi } from '../github/octokit.js'
import { secretLabel, type SecretRef } from '../model.js'
import type { SecretStore } from './rotate.js'

// GitHub Actions secrets as a store for replacement keys. Contract: GitHub's REST description
// (@octokit/openapi), "Get a … public key" then "Create or update a … secret" for repository,
// environment and organization secrets, with the value sealed to the public key (libsodium's
// sealed box, base64): docs.github.com/rest/guides/encrypting-secrets-for-the-rest-api. The
// sandbox's GitHub checks every request against that description and opens what it receives.

const PublicKey = z.looseObject({ key_id: z.string(), key: z.string().check(z.minLength(40)) })
const OrgSecret = z.looseObject({
  name: z.string(),
  visibility: z.enum(['all', 'private', 'selected'])
})
const SelectedRepos = z.looseObject({
  total_count: z.int(),
  repositories: z.array(z.looseObject({ id: z.int() }))
})

/** Where the run is: its repository (`owner/name`). Organization secrets are its owner's. */
export interface Home {
  repository: string
}

/**
 * An Actions secret's store. `exists` before any key is created: a rotation into a secret that
 * is not there (a typo) is refused without creating anything. `store` seals and writes.
 */
export class ActionsSecrets implements SecretStore {
  readonly #owner: string
  readonly #repo: string
  constructor(
    private readonly gh: GitHubApi,
    home: Home
  ) {
    const [owner = '', repo = ''] = home.repository.split('/')
    this.#owner = owner
    this.#repo = repo
  }

  /** Whether the secret exists (404: no); anything but 200 or 404 throws. */
  async exists(ref: SecretRef): Promise<boolean> {
    try {
      await this.#get(ref)
      return true
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false
      throw error
    }
  }

  #get(ref: SecretRef) {
    const { rest } = this.gh
    const owner = this.#owner
    const repo = this.#repo
    switch (ref.scope) {
      case 'repo':
        return rest.actions.getRepoSecret({ owner, repo, secret_name: ref.name })
      case 'env':
        return rest.actions.getEnvironmentSecret({
          owner,
          repo,
          environment_name: ref.environment,
          secret_name: ref.name
        })
      case 'org':
        return rest.actions.getOrgSecret({ org: owner, secret_name: ref.name })
    }
  }

  /** Seals `value` to the secret's public key and writes it; an organization secret keeps its visibility. */
  async store(ref: SecretRef, value: string): Promise<void> {
    const { rest } = this.gh
    const owner = this.#owner
    const repo = this.#repo
    const { seal } = await loadSeal()
    const label = secretLabel(ref)
    const keyOf = (data: unknown) => {
      const parsed = PublicKey.safeParse(data)
      if (!parsed.success) throw new Error(`GitHub's public key for ${label} is not one.`)
      return parsed.data
    }
    switch (ref.scope) {
      case 'repo': {
        const key = keyOf((await rest.actions.getRepoPublicKey({ owner, repo })).data)
        await rest.actions.createOrUpdateRepoSecret({
          owner,
          repo,
          secret_name: ref.name,
          encrypted_value: seal(value, key.key),
          key_id: key.key_id
        })
        return
      }
      case 'env': {
        const environment_name = ref.environment
        const key = keyOf(
          (await rest.actions.getEnvironmentPublicKey({ owner, repo, environment_name })).data
        )
        await rest.actions.createOrUpdateEnvironmentSecret({
          owner,
          repo,
          environment_name,
          secret_name: ref.name,
          encrypted_value: seal(value, key.key),
          key_id: key.key_id
        })
        return
      }
      case 'org': {
        // Its PUT requires the visibility: the secret keeps the one it has, and its repositories
        // where it is `selected`.
        const current = OrgSecret.parse(
          (await rest.actions.getOrgSecret({ org: owner, secret_name: ref.name })).data
        )
        const selected =
          current.visibility === 'selected' ? await this.#selectedRepos(ref.name) : undefined
        const key = keyOf((await rest.actions.getOrgPublicKey({ org: owner })).data)
        await rest.actions.createOrUpdateOrgSecret({
          org: owner,
          secret_name: ref.name,
          encrypted_value: seal(value, key.key),
          key_id: key.key_id,
          visibility: current.visibility,
          ...(selected ? { selected_repository_ids: selected } : {})
        })
        return
      }
    }
  }

  async #selectedRepos(name: string): Promise<number[]> {
    const ids: number[] = []
    for (let page = 1; ; page++) {
      const { data } = await this.gh.rest.actions.listSelectedReposForOrgSecret({
        org: this.#owner,
        secret_name: name,
        per_page: 100,
        page
      })
      const parsed = SelectedRepos.parse(data)
      ids.push(...parsed.repositories.map((r) => r.id))
      if (parsed.repositories.length < 100 || ids.length >= parsed.total_count) return ids
    }
  }
}

/** The sealed box, loaded only by a run that stores a replacement. */
async function loadSeal(): Promise<{ seal: (value: string, key: string) => string }> {
  const { sealForGitHub } = await import('./sealed-box.js')
  return { seal: sealForGitHub }
}

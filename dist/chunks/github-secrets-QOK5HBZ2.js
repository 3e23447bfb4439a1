import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  _enum,
  _minLength,
  array,
  int,
  looseObject,
  secretLabel,
  string
} from "./chunk-YDRP5PTH.js";

// build/rotate/github-secrets.js
var PublicKey = looseObject({ key_id: string(), key: string().check(_minLength(40)) });
var OrgSecret = looseObject({
  name: string(),
  visibility: _enum(["all", "private", "selected"])
});
var SelectedRepos = looseObject({
  total_count: int(),
  repositories: array(looseObject({ id: int() }))
});
var ActionsSecrets = class {
  gh;
  #owner;
  #repo;
  constructor(gh, home) {
    this.gh = gh;
    const [owner = "", repo = ""] = home.repository.split("/");
    this.#owner = owner;
    this.#repo = repo;
  }
  /** Whether the secret exists (404: no); anything but 200 or 404 throws. */
  async exists(ref) {
    try {
      await this.#get(ref);
      return true;
    } catch (error) {
      if (error.status === 404)
        return false;
      throw error;
    }
  }
  #get(ref) {
    const { rest } = this.gh;
    const owner = this.#owner;
    const repo = this.#repo;
    switch (ref.scope) {
      case "repo":
        return rest.actions.getRepoSecret({ owner, repo, secret_name: ref.name });
      case "env":
        return rest.actions.getEnvironmentSecret({
          owner,
          repo,
          environment_name: ref.environment,
          secret_name: ref.name
        });
      case "org":
        return rest.actions.getOrgSecret({ org: owner, secret_name: ref.name });
    }
  }
  /** Seals `value` to the secret's public key and writes it; an organization secret keeps its visibility. */
  async store(ref, value) {
    const { rest } = this.gh;
    const owner = this.#owner;
    const repo = this.#repo;
    const { seal } = await loadSeal();
    const label = secretLabel(ref);
    const keyOf = (data) => {
      const parsed = PublicKey.safeParse(data);
      if (!parsed.success)
        throw new Error(`GitHub's public key for ${label} is not one.`);
      return parsed.data;
    };
    switch (ref.scope) {
      case "repo": {
        const key = keyOf((await rest.actions.getRepoPublicKey({ owner, repo })).data);
        await rest.actions.createOrUpdateRepoSecret({
          owner,
          repo,
          secret_name: ref.name,
          encrypted_value: seal(value, key.key),
          key_id: key.key_id
        });
        return;
      }
      case "env": {
        const environment_name = ref.environment;
        const key = keyOf((await rest.actions.getEnvironmentPublicKey({ owner, repo, environment_name })).data);
        await rest.actions.createOrUpdateEnvironmentSecret({
          owner,
          repo,
          environment_name,
          secret_name: ref.name,
          encrypted_value: seal(value, key.key),
          key_id: key.key_id
        });
        return;
      }
      case "org": {
        const current = OrgSecret.parse((await rest.actions.getOrgSecret({ org: owner, secret_name: ref.name })).data);
        const selected = current.visibility === "selected" ? await this.#selectedRepos(ref.name) : void 0;
        const key = keyOf((await rest.actions.getOrgPublicKey({ org: owner })).data);
        await rest.actions.createOrUpdateOrgSecret({
          org: owner,
          secret_name: ref.name,
          encrypted_value: seal(value, key.key),
          key_id: key.key_id,
          visibility: current.visibility,
          ...selected ? { selected_repository_ids: selected } : {}
        });
        return;
      }
    }
  }
  async #selectedRepos(name) {
    const ids = [];
    for (let page = 1; ; page++) {
      const { data } = await this.gh.rest.actions.listSelectedReposForOrgSecret({
        org: this.#owner,
        secret_name: name,
        per_page: 100,
        page
      });
      const parsed = SelectedRepos.parse(data);
      ids.push(...parsed.repositories.map((r) => r.id));
      if (parsed.repositories.length < 100 || ids.length >= parsed.total_count)
        return ids;
    }
  }
};
async function loadSeal() {
  const { sealForGitHub } = await import("./sealed-box-H45BFSPL.js");
  return { seal: sealForGitHub };
}
export {
  ActionsSecrets
};

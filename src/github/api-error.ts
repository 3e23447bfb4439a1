// Its own module: code that only reads GitHub errors must not pull Octokit into every run.

/** A GitHub API answer other than 2xx. Its message is redacted. */
export class GitHubApiError extends Error {
  /**
   * @param rateLimited GitHub refused for a rate limit (a 429, or a 403 with no requests left
   *   or a `retry-after`): no missing permission, though a 403 too.
   */
  constructor(
    readonly status: number,
    readonly route: string,
    message: string,
    readonly rateLimited = false
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }
}

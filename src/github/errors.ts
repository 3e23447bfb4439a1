// Its own module: code that only reads GitHub errors must not pull Octokit into every run.

/** A GitHub API answer other than 2xx. Its message is redacted. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    readonly route: string,
    message: string
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }
}

/** The one user agent every request of the action carries, to providers and to GitHub. */
export const USER_AGENT = 'revoke-leaked-keys/0.1 (+GitHub Action)'

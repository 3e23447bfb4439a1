/** Why a key could not be revoked. Part of the action's `result` output. */
export const FAILURE_REASONS = [
  'invalid-input',
  'unresolvable',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'provider-error',
  'network',
  'timeout',
  /** An open alert whose secret type no provider maps: left for a person. */
  'unmapped'
] as const
export type FailureReason = (typeof FAILURE_REASONS)[number]

/**
 * Why a key is not replaced, found before anything was created (its owner already has as many
 * keys as the provider allows): the rotation says so and what to do, rather than that a create
 * call failed.
 */
export class NotReplaceable extends Error {}

/**
 * A determinate failure of one key's revocation. Its message is already
 * redacted: it is made from provider text only through `excerpt()`.
 */
export class RevocationFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly httpStatus: number | null = null,
    readonly attempts = 0
  ) {
    super(message)
    this.name = 'RevocationFailure'
  }
}

/** A bad action input: the message names the input and what it expects. */
export class InputError extends Error {
  /**
   * @param echo the part of `message` that quotes the input's value, if any, so
   *   the caller can drop it when the value turns out to overlap a secret.
   */
  constructor(
    readonly input: string,
    message: string,
    readonly echo?: string
  ) {
    super(message)
    this.name = 'InputError'
  }
}

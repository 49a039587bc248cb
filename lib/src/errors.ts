/**
 * Errors a user can act on. The CLI prints their message alone (no stack trace) and exits non-zero;
 * anything else is a bug and keeps its stack.
 */

/** Bad input data: names the file, the line (1-based, when one is to blame) and what was expected. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(file === undefined ? message : `${file}${line === undefined ? '' : `:${line}`}: ${message}`);
  }
}

/** A bad argument or option (unknown user, genre out of the data, k out of range, unknown flag). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** True for the errors whose message is the whole story for the user. */
export function isUserFacingError(error: unknown): error is DataError | UsageError {
  return error instanceof DataError || error instanceof UsageError;
}

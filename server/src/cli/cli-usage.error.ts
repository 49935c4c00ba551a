/** A mistake in the command line itself: printed as one line with a pointer to `help`. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * A start-up failure the operator can fix (unreachable database, unusable data folder). The message
 * is one human line naming the cause and what to check; entry points print it without a stack.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

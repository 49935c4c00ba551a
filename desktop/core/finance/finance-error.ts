/** What the Finance screens branch on (tRPC's code); `message` is the sentence to show. */
export type FinanceErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'CONFLICT' | 'SERVICE_UNAVAILABLE';

export class FinanceError extends Error {
  override readonly name = 'FinanceError';
  constructor(readonly code: FinanceErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The engine refuses impossible input with a RangeError (a day that is no date, a period of −3
 * days): that is the caller's mistake, said as the engine words it.
 */
export function runEngine<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) throw new FinanceError('BAD_REQUEST', error.message, { cause: error });
    throw error;
  }
}

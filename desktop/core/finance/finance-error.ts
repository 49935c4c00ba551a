import { FinanceInputError } from '@capliquify/shared/finance/index';

/** What the Finance screens branch on (tRPC's code); `message` is the sentence to show. */
export type FinanceErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'CONFLICT' | 'SERVICE_UNAVAILABLE';

export class FinanceError extends Error {
  override readonly name = 'FinanceError';
  constructor(readonly code: FinanceErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The engine refuses input it cannot use (a day that is no date, a period of −3 days) with its
 * one error: that is the caller's mistake, said as the engine words it. Anything else is a bug.
 */
export function runEngine<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof FinanceInputError) throw new FinanceError('BAD_REQUEST', error.message, { cause: error });
    throw error;
  }
}

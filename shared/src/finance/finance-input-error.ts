// The engine's one error: input it cannot use (a malformed date, a rate that is not a number, an
// option out of range). Callers tell it from a bug by its code: the server answers 422 with the
// message as problem detail, the desktop shows the message; nothing is half computed.

export const FINANCE_INPUT_INVALID = 'FINANCE_INPUT_INVALID';

export class FinanceInputError extends RangeError {
  readonly code = FINANCE_INPUT_INVALID;

  constructor(message: string) {
    super(message);
    this.name = 'FinanceInputError';
  }
}

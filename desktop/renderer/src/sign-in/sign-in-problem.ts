/** The codes the core's `session` procedures answer with (in the tRPC error's `data.code`). */
export const SIGN_IN_CODES = ['UNAUTHORIZED', 'SECOND_FACTOR_REQUIRED', 'ACCOUNT_LOCKED', 'PIN_LOCKED', 'OFFLINE', 'BAD_REQUEST', 'AUTHENTICATOR_EXISTS'] as const;
export type SignInCode = (typeof SIGN_IN_CODES)[number];

/** A refused sign-in, read from the error the local router sent. */
export interface SignInProblem {
  /** null: not one of the sign-in codes (the core failed some other way). */
  code: SignInCode | null;
  /** The core's own sentence. */
  message: string;
  retryAfterSeconds: number | null;
  attemptsLeft: number | null;
}

function field(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Reads a failed `session.*` call. tRPC puts the error formatter's output in `data`; the screens
 * branch on its code, never on the message, so a reworded message does not change the flow.
 */
export function readSignInProblem(cause: unknown): SignInProblem {
  const data = field(cause, 'data');
  const code = field(data, 'code');
  return {
    code: SIGN_IN_CODES.find((known) => known === code) ?? null,
    message: cause instanceof Error ? cause.message : String(cause),
    retryAfterSeconds: count(field(data, 'retryAfterSeconds')),
    attemptsLeft: count(field(data, 'attemptsLeft')),
  };
}

/** A wait as a clock reads it: 0:07, 4:59, 1:02:03. */
export function formatWait(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** What to tell someone whose PIN was wrong (the lock itself is shown with its countdown). */
export function wrongPinText(attemptsLeft: number): string {
  if (attemptsLeft === 0) return 'Wrong PIN.';
  return `Wrong PIN. ${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left before the PIN locks.`;
}

export const PIN_LENGTH = { min: 4, max: 8 } as const;

/** Only the digits of what was typed or pasted, cut to the longest PIN. */
export function pinDigits(text: string): string {
  return text.replace(/\D/g, '').slice(0, PIN_LENGTH.max);
}

/** Why a chosen PIN cannot be sent, and which field to fix; null when it can. How weak a PIN may be is the core's rule. */
export function choosePinProblem(pin: string, again: string): { field: 'pin' | 'again'; message: string } | null {
  if (pin.length < PIN_LENGTH.min || pin.length > PIN_LENGTH.max) return { field: 'pin', message: `A PIN has ${PIN_LENGTH.min} to ${PIN_LENGTH.max} digits.` };
  if (again === '') return { field: 'again', message: 'Type the PIN a second time.' };
  if (pin !== again) return { field: 'again', message: 'The two PINs differ: type the same PIN twice.' };
  return null;
}

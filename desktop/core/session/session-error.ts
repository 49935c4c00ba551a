/** What a sign-in screen branches on (the local router's `data.code`); `message` is the sentence to show. */
export type SessionErrorCode =
  | 'UNAUTHORIZED' | 'SECOND_FACTOR_REQUIRED' | 'ACCOUNT_LOCKED' | 'PIN_LOCKED' | 'OFFLINE' | 'BAD_REQUEST'
  /** Enrolling an authenticator for an account that has one: the way on is signing in again with its code. */
  | 'AUTHENTICATOR_EXISTS';

export interface SessionErrorDetails {
  /** ACCOUNT_LOCKED, PIN_LOCKED: how long until trying again can succeed. */
  retryAfterSeconds?: number;
  /** A wrong PIN: how many tries are left before the PIN locks. */
  attemptsLeft?: number;
}

/** A sign-in, PIN or "who is at this station" refusal. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly retryAfterSeconds: number | undefined;
  readonly attemptsLeft: number | undefined;

  constructor(readonly code: SessionErrorCode, message: string, details: SessionErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.attemptsLeft = details.attemptsLeft;
  }
}

/** Nobody is signed in at the station, so nothing can be recorded (nothing was queued). */
export function noOperator(): SessionError {
  return new SessionError('UNAUTHORIZED', 'Sign in to record this: no one is signed in at this station.');
}

/** The server no longer takes this person's sign-in (ended, expired, revoked, a refresh token reused). */
export function signInAgain(cause?: unknown): SessionError {
  return new SessionError('UNAUTHORIZED', 'Sign in again: the server has ended your sign-in on this station (it expired, was revoked or you were signed out).', {}, { cause });
}

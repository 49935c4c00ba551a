import { ErrorCode } from '@capliquify/shared';
import { SyncTransportError } from '../sync-engine/sync-transport';
import { SessionError, signInAgain } from './session-error';

/**
 * A failed call the person made with their access token, as the screen shows it: OFFLINE (with
 * `offlineMessage`) when the server cannot be reached, "sign in again" when it no longer takes
 * the sign-in, otherwise the server's own sentence. Anything that is not the server's answer (the
 * replica failing) stays as it is: an internal error, not a sentence for the person.
 */
export function accountCallError(error: unknown, offlineMessage: string): unknown {
  if (!(error instanceof SyncTransportError)) return error;
  if (error.kind === 'unreachable' || error.code === ErrorCode.ServiceUnavailable) return new SessionError('OFFLINE', offlineMessage, {}, { cause: error });
  if (error.code === ErrorCode.Unauthorized) return signInAgain(error);
  const retryAfter = error.details?.retryAfterSeconds;
  return new SessionError('BAD_REQUEST', error.message, typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}, { cause: error });
}

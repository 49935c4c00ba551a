import { ErrorCode } from '@capliquify/shared';
import { SessionError, signInAgain } from '../session/session-error';
import { SyncTransportError } from '../sync-engine/sync-transport';

/** What an admin screen branches on (the local router's `data.code`); `message` is the sentence to show. */
export type AdminErrorCode = 'OFFLINE' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'TOO_LARGE';

export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(readonly code: AdminErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const OFFLINE = 'You are offline: the admin screens need the server. Try again once the station is back online.';

const BY_SERVER_CODE: Partial<Record<string, AdminErrorCode>> = {
  [ErrorCode.Forbidden]: 'FORBIDDEN',
  [ErrorCode.NotFound]: 'NOT_FOUND',
  [ErrorCode.Conflict]: 'CONFLICT',
  [ErrorCode.PayloadTooLarge]: 'TOO_LARGE',
};

/**
 * A failed admin call as the screen shows it, the way the session's calls are shown: OFFLINE when
 * the server cannot be reached, "sign in again" when it no longer takes the sign-in, and the
 * server's own sentence otherwise (a FORBIDDEN says which right or second factor is missing).
 * Anything that is not the server's answer stays as it is: an internal error.
 */
export function adminCallError(error: unknown): unknown {
  if (error instanceof AdminError) return error;
  if (error instanceof SessionError) {
    // Getting the access token failed: nobody signed in, the sign-in ended, or offline.
    const code: AdminErrorCode = error.code === 'OFFLINE' ? 'OFFLINE' : 'UNAUTHORIZED';
    return new AdminError(code, code === 'OFFLINE' ? OFFLINE : error.message, { cause: error });
  }
  if (!(error instanceof SyncTransportError)) return error;
  if (error.kind === 'unreachable' || error.code === ErrorCode.ServiceUnavailable) return new AdminError('OFFLINE', OFFLINE, { cause: error });
  if (error.code === ErrorCode.Unauthorized) return new AdminError('UNAUTHORIZED', signInAgain().message, { cause: error });
  return new AdminError(BY_SERVER_CODE[error.code ?? ''] ?? 'BAD_REQUEST', error.message, { cause: error });
}

import { ErrorCode } from '@capliquify/shared';
import { classifySyncError } from './sync-transport';

/** An enrolment the server refused or could not take, with a sentence for the enrolment screen. */
export class EnrollmentError extends Error {
  override readonly name = 'EnrollmentError';
}

// A malformed code is refused by the server's input validation rather than by the code check.
const CODE_REFUSED = new Set<string>([ErrorCode.Unauthorized, ErrorCode.BadRequest, ErrorCode.ValidationFailed, ErrorCode.NotFound]);

/**
 * Turns a failed `sync.enroll` into what the person at the station should do next. The server's
 * reasons (unknown, used, expired) all lead to the same action, so they share one sentence.
 */
export function describeEnrollmentError(error: unknown, serverUrl: string): EnrollmentError {
  const failure = classifySyncError(error);
  const reason = failure.message.replace(/\.$/, '');
  if (failure.kind === 'unreachable') {
    return new EnrollmentError(`Cannot reach the sync server at ${serverUrl}. Check the network connection and try again.`, { cause: error });
  }
  if (failure.kind === 'update_required') {
    // The transport could tell from the server's accepted range which side is old.
    if (failure.outdated === 'server') return new EnrollmentError(`${failure.message} Enrol the station once it is.`, { cause: error });
    if (failure.outdated === 'app') return new EnrollmentError(`${reason}, then enrol the station.`, { cause: error });
    return new EnrollmentError(`This app is too old for the sync server (${reason}). Update the app, then enrol the station.`, { cause: error });
  }
  if (failure.kind === 'unauthorized' || (failure.code !== null && CODE_REFUSED.has(failure.code))) {
    return new EnrollmentError('This code has expired or was already used (or was mistyped); ask an administrator for a new one.', { cause: error });
  }
  return new EnrollmentError(`The sync server could not enrol this station right now (${reason}). Try again in a moment.`, { cause: error });
}

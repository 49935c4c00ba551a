import { describe, expect, it } from 'vitest';
import { describeEnrollmentError } from './enrollment-error';
import { SyncTransportError } from './sync-transport';

const url = 'http://10.0.0.5:4000';

describe('describeEnrollmentError', () => {
  it('tells the person to ask for a new code when the server refuses the code, whatever the reason', () => {
    for (const error of [
      new SyncTransportError('unauthorized', 'This enrollment code has expired.', 'UNAUTHORIZED'),
      new SyncTransportError('transient', 'code: too short', 'BAD_REQUEST'),
    ]) {
      expect(describeEnrollmentError(error, url).message).toBe('This code has expired or was already used (or was mistyped); ask an administrator for a new one.');
    }
  });

  it('names the server it cannot reach, and asks for an update when the app is too old', () => {
    expect(describeEnrollmentError(new SyncTransportError('unreachable', 'fetch failed'), url).message).toMatch(/^Cannot reach the sync server at http:\/\/10\.0\.0\.5:4000\./);
    expect(describeEnrollmentError(new SyncTransportError('update_required', 'protocol 1 is too old', 'UPDATE_REQUIRED'), url).message)
      .toMatch(/too old for the sync server \(protocol 1 is too old\)\. Update the app/);
  });

  it('suggests trying again when the server had a passing problem', () => {
    const described = describeEnrollmentError(new SyncTransportError('transient', 'The database is unavailable.', 'SERVICE_UNAVAILABLE'), url);
    expect(described.message).toBe('The sync server could not enrol this station right now (The database is unavailable). Try again in a moment.');
  });
});

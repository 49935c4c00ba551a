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

  it('says which side must update when the server told its accepted range', () => {
    const appOld = new SyncTransportError('update_required', 'This app is older than the sync server accepts (the server accepts protocol 2–2; this app speaks 1): install the app update.', 'UPDATE_REQUIRED', { outdated: 'app' });
    expect(describeEnrollmentError(appOld, url).message).toBe('This app is older than the sync server accepts (the server accepts protocol 2–2; this app speaks 1): install the app update, then enrol the station.');
    const serverOld = new SyncTransportError('update_required', 'The sync server is older than this app (the server accepts protocol 1–1; this app speaks 2): the server must be updated.', 'UPDATE_REQUIRED', { outdated: 'server' });
    expect(describeEnrollmentError(serverOld, url).message).toMatch(/^The sync server is older than this app .*the server must be updated\. Enrol the station once it is\.$/);
  });

  it('suggests trying again when the server had a passing problem', () => {
    const described = describeEnrollmentError(new SyncTransportError('transient', 'The database is unavailable.', 'SERVICE_UNAVAILABLE'), url);
    expect(described.message).toBe('The sync server could not enrol this station right now (The database is unavailable). Try again in a moment.');
  });
});

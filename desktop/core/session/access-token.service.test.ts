import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../sync-engine/test/engine-harness';
import { signInTestOperator } from '../test/test-operator';
import { RENEW_BEFORE_MS } from './access-token.service';
import { createOperatorSession, type OperatorSession } from './operator-session.service';
import { findOperator } from './operators.repo';

// Renewing the access token of the person at the station with their rotating refresh token,
// against the fake server's `auth.refresh` (a spent refresh token presented again ends the sign-in,
// as on the real server; desktop/e2e/authenticator.int.test.ts runs the same against it).

const MINUTE = 60_000;
let h: Harness;
let clock: Date;
let session: OperatorSession;
/** The core as it starts again: the same replica, nothing held in memory. */
const restart = () => createOperatorSession({ db: h.db, auth: h.transport, now: () => clock });
const refreshes = () => h.server.calls.filter((path) => path === 'auth.refresh').length;
const storedRefreshToken = async () => (await findOperator(h.db, 'usr-mia'))?.refresh_token ?? null;
const tick = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeEach(async () => {
  h = await startHarness({ operator: false });
  clock = new Date('2026-03-02T08:00:00Z');
  h.server.accounts.now = () => clock;
  h.server.accounts.add({ userId: 'usr-mia', email: 'mia@plant.test', password: 'battery staple', displayName: 'Mia', grants: [{ siteId: null, role: 'manager' }] });
  session = restart();
  await session.signInOnline({ email: 'mia@plant.test', password: 'battery staple' });
});
afterEach(() => h.close());

describe('the access token of the person at the station', () => {
  it('uses the one the sign-in answered with until shortly before it expires, then renews it once', async () => {
    const first = await session.accessToken();
    tick(10 * MINUTE - RENEW_BEFORE_MS - 1000);
    expect(await session.accessToken()).toBe(first);
    expect(refreshes()).toBe(0);
    tick(2000);
    const renewed = await session.accessToken();
    expect(renewed).not.toBe(first);
    expect(await session.accessToken()).toBe(renewed);
    expect(refreshes()).toBe(1);
  });

  it('keeps each next refresh token in the replica, so a restarted core renews with the one the server takes', async () => {
    const signedInWith = await storedRefreshToken();
    session = restart();
    await session.accessToken();
    const next = await storedRefreshToken();
    expect(next).not.toBe(signedInWith);
    session = restart();
    await expect(session.accessToken()).resolves.toEqual(expect.any(String));
    expect(refreshes()).toBe(2);
    expect(h.server.accounts.revoked.size).toBe(0);
  });

  it('renews once for callers that ask at the same moment, which all get the same token', async () => {
    session = restart();
    const tokens = await Promise.all([session.accessToken(), session.accessToken(), session.accessToken(), session.beginAuthenticator()]);
    expect(refreshes()).toBe(1);
    expect(new Set(tokens.slice(0, 3)).size).toBe(1);
    expect(tokens[3]).toMatchObject({ secret: expect.any(String) });
    // The token stored is the newest: one more restart renews without ending the sign-in.
    session = restart();
    await session.accessToken();
    expect(h.server.accounts.revoked.size).toBe(0);
  });

  it('never uses an access token whose refresh token could not be stored', async () => {
    session = restart();
    await sql`CREATE TRIGGER refuse_token BEFORE UPDATE OF refresh_token ON operators BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`.execute(h.db);
    await expect(session.beginAuthenticator()).rejects.toThrow('disk I/O error');
    expect(h.server.calls.filter((path) => path.startsWith('auth.'))).toEqual(['auth.signIn', 'auth.refresh']);
    // The server spent the token the replica still holds: presenting it again ends the sign-in.
    await sql`DROP TRIGGER refuse_token`.execute(h.db);
    await expect(session.accessToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^Sign in again/) });
    expect(h.server.accounts.revoked.size).toBe(1);
  });

  it('says OFFLINE when the server cannot be reached, keeping the refresh token for later', async () => {
    session = restart();
    const kept = await storedRefreshToken();
    h.server.faults.offline = true;
    await expect(session.beginAuthenticator()).rejects.toMatchObject({ code: 'OFFLINE', message: expect.stringContaining('needs the server') });
    await expect(session.accessToken()).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(await storedRefreshToken()).toBe(kept);
    h.server.faults.offline = false;
    await expect(session.beginAuthenticator()).resolves.toMatchObject({ otpauthUri: expect.stringMatching(/^otpauth:\/\//) });
  });

  it('asks to sign in again once the server ended the sign-in, and stops presenting its refresh token', async () => {
    const held = await session.accessToken();
    const [signInId] = h.server.accounts.signIns.keys();
    h.server.accounts.revoke(signInId!);
    // The held token is refused; the renewal that follows learns the sign-in is over.
    await expect(session.beginAuthenticator()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^Sign in again/) });
    expect(held).toEqual(expect.any(String));
    expect(await storedRefreshToken()).toBeNull();
    await expect(session.accessToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(refreshes()).toBe(1);
  });

  it('asks to sign in again when its sign-in expired while the station was off', async () => {
    session = restart();
    tick(31 * 24 * 60 * MINUTE);
    await expect(session.accessToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^Sign in again/) });
    expect(await storedRefreshToken()).toBeNull();
  });

  it('refuses with no one at the station, or someone with no sign-in to renew', async () => {
    await session.signOut();
    await expect(session.accessToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('no one is signed in') });
    await signInTestOperator(h.db, 'Ana', { refreshToken: null });
    await expect(session.beginAuthenticator()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^Sign in again/) });
    expect(refreshes()).toBe(0);
  });
});

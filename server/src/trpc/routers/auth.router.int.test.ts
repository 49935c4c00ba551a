import { ErrorCode } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig, TEST_PASSWORD, totpCodeFor } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { deviceHeaders, enrollTestDevice, mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createUser, removeUser } from '../../auth/accounts.service';
import type { SignInResult } from '../../auth/sign-in.service';
import { revokeDevice } from '../../sync/devices.service';

const config = identityTestConfig();
const SECRET = new TextEncoder().encode(config.identity.provider === 'builtin' ? config.identity.tokenSecret! : '');

function bearer(token: string): Record<string, string> {
  return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
}

describe.each(['postgres', 'pglite'] as const)('auth API on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let n = 0;

  async function person() {
    n += 1;
    const email = `api${n}@example.com`;
    const user = await createUser(testDb.handle.db, { tenantId: 'tnt_demo', email, displayName: `API ${n}`, password: TEST_PASSWORD }, { userId: null });
    return { ...user, email };
  }
  const signIn = (email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = VERSION_HEADERS) =>
    mutate<SignInResult>(app, 'auth.signIn', { email, password: TEST_PASSWORD, ...extra }, headers);
  const me = (token: string) => query<{ user: { id: string }; mfa: boolean }>(app, 'auth.me', undefined, bearer(token));

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'auth-api');
    await insertFixture(testDb.handle.db);
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('signs in, answers `me` for the bearer, refreshes and signs out', async () => {
    const user = await person();
    const signedIn = await signIn(user.email);
    expect(signedIn.status).toBe(200);
    const who = await me(signedIn.data.accessToken);
    expect(who.data).toEqual({ user: { id: user.id, email: user.email, displayName: user.displayName, totpEnabled: false }, grants: [], mfa: false, provider: 'builtin' });

    const refreshed = await mutate<SignInResult>(app, 'auth.refresh', { refreshToken: signedIn.data.refreshToken });
    expect(refreshed.data.signInId).toBe(signedIn.data.signInId);
    expect((await me(refreshed.data.accessToken)).status).toBe(200);

    expect((await mutate(app, 'auth.signOut', {}, bearer(refreshed.data.accessToken))).data).toEqual({ signedOut: true });
    // Signed out: both access tokens of that sign-in are refused on the next request.
    for (const token of [signedIn.data.accessToken, refreshed.data.accessToken]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.error).toMatchObject({ message: 'You were signed out; sign in again.', data: { code: ErrorCode.Unauthorized } });
    }
  });

  it('refuses no token, alg none, another secret and an expired token, all UNAUTHORIZED', async () => {
    const user = await person();
    const { data } = await signIn(user.email);
    const now = Math.floor(Date.now() / 1000);
    const claims = { tid: 'tnt_demo', sid: data.signInId, mfa: false };
    const build = (exp: number) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('capliquify').setAudience('capliquify-api')
      .setSubject(user.id).setIssuedAt(now - 3_600).setNotBefore(now - 3_600).setExpirationTime(exp);
    const none = new UnsecuredJWT(claims).setIssuer('capliquify').setAudience('capliquify-api').setSubject(user.id).setNotBefore(now - 60).setExpirationTime(now + 600).encode();
    const otherSecret = await build(now + 600).sign(new TextEncoder().encode('some-other-secret-with-enough-length-0000'));
    const expired = await build(now - 1_200).sign(SECRET);
    const cases: [Record<string, string>, string][] = [
      [VERSION_HEADERS, 'Sign in first: this needs `authorization: Bearer <access token>`.'],
      [bearer(none), 'The access token is not valid; sign in again.'],
      [bearer(otherSecret), 'The access token is not valid; sign in again.'],
      [bearer(expired), 'Your access token has expired; refresh it or sign in again.'],
    ];
    for (const [headers, message] of cases) {
      const res = await query(app, 'auth.me', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.error).toMatchObject({ message, data: { code: ErrorCode.Unauthorized } });
    }
    // The control: the same forging, in date and with our secret, is accepted.
    expect((await me(await build(now + 600).sign(SECRET))).data.user.id).toBe(user.id);
  });

  it('refuses a removed person’s access token on the very next request', async () => {
    const user = await person();
    const { data } = await signIn(user.email);
    expect((await me(data.accessToken)).status).toBe(200);
    await removeUser(testDb.handle.db, { tenantId: 'tnt_demo', userId: user.id }, { userId: null });
    const res = await me(data.accessToken);
    expect(res.status).toBe(401);
    expect(res.error).toMatchObject({ message: 'This account was removed.', data: { code: ErrorCode.Unauthorized } });
    expect((await signIn(user.email)).error).toMatchObject({ message: 'The email or password is not right.' });
  });

  it('binds a sign-in from an enrolled station to it, and refuses a revoked station', async () => {
    const user = await person();
    const device = await enrollTestDevice(app, testDb.handle.db);
    const res = await signIn(user.email, {}, deviceHeaders(device.credential));
    expect(res.status).toBe(200);
    const row = await testDb.handle.db.selectFrom('sign_ins').select('device_id').where('id', '=', res.data.signInId).executeTakeFirstOrThrow();
    expect(row.device_id).toBe(device.deviceId);
    await revokeDevice(testDb.handle.db, device.deviceId);
    expect((await signIn(user.email, {}, deviceHeaders(device.credential))).error?.data).toMatchObject({ code: ErrorCode.DeviceRevoked });
  });

  it('sets up an authenticator, then signs in with its code only', async () => {
    const user = await person();
    const first = await signIn(user.email);
    const begun = await mutate<{ secret: string; otpauthUri: string }>(app, 'auth.beginTotp', {}, bearer(first.data.accessToken));
    expect(begun.data.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const confirmed = await mutate(app, 'auth.confirmTotp', { code: totpCodeFor(begun.data.secret) }, bearer(first.data.accessToken));
    expect(confirmed.data).toEqual({ totpEnabled: true });

    const withoutCode = await signIn(user.email);
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.error?.data).toMatchObject({ code: ErrorCode.SecondFactorRequired });
    const withCode = await signIn(user.email, { totpCode: totpCodeFor(begun.data.secret) });
    expect(withCode.data.mfa).toBe(true);
    expect((await me(withCode.data.accessToken)).data.mfa).toBe(true);
  });

  it('answers a locked account 429 ACCOUNT_LOCKED with how long to wait', async () => {
    const user = await person();
    for (let i = 0; i < 4; i += 1) expect((await signIn(user.email, { password: 'wrong password!' })).status).toBe(401);
    const locked = await signIn(user.email, { password: 'wrong password!' });
    expect(locked.status).toBe(429);
    expect(locked.error?.data).toMatchObject({ code: ErrorCode.AccountLocked, details: { retryAfterSeconds: expect.any(Number) } });
    expect((locked.error?.data.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect((await signIn(user.email)).error?.data).toMatchObject({ code: ErrorCode.AccountLocked });
  });
});

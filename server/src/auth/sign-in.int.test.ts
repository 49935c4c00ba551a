import { ErrorCode } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authWithClock, refusal, TEST_PASSWORD, totpCodeFor } from '../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { createUser } from './accounts.service';
import { createBuiltinIdentityProvider } from './builtin-identity.provider';
import { refresh, signIn, signOut } from './sign-in.service';
import { beginTotp, confirmTotp } from './totp-enrolment.service';

const WRONG = { code: ErrorCode.Unauthorized, message: 'The email or password is not right.' };

describe.each(['postgres', 'pglite'] as const)('built-in sign-in on %s', (kind) => {
  let testDb: TestDatabase;
  let n = 0;

  // Each test gets its own person, so lockouts and sign-ins of one never affect another.
  async function person(tenantId = 'tnt_demo') {
    n += 1;
    const email = `person${n}@example.com`;
    const user = await createUser(testDb.handle.db, { tenantId, email: email.toUpperCase(), displayName: `Person ${n}`, password: TEST_PASSWORD }, { userId: null });
    return { ...user, email };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sign-in');
    await insertFixture(testDb.handle.db);
  });
  afterAll(() => testDb.cleanup());

  it('signs in with email in any case and the password, and the access token names the sign-in', async () => {
    const auth = authWithClock(testDb.handle.db);
    const user = await person();
    const result = await signIn(auth, { email: ` ${user.email.toUpperCase()} `, password: TEST_PASSWORD, device: null });
    expect(result).toMatchObject({ user: { id: user.id, email: user.email, displayName: user.displayName }, grants: [], mfa: false });
    expect(new Date(result.accessExpiresAt).getTime() - auth.clock.now.getTime()).toBe(10 * 60_000);
    const principal = await createBuiltinIdentityProvider(auth).authenticate(result.accessToken);
    expect(principal).toEqual({ userId: user.id, tenantId: 'tnt_demo', provider: 'builtin', signInId: result.signInId, mfa: false, grants: [] });
    const row = await testDb.handle.db.selectFrom('sign_ins').selectAll().where('id', '=', result.signInId).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - auth.clock.now.getTime()).toBe(30 * 24 * 3_600_000);
  });

  it('answers an unknown email and a wrong password with the same sentence', async () => {
    const auth = authWithClock(testDb.handle.db);
    const user = await person();
    expect(await refusal(signIn(auth, { email: 'nobody@example.com', password: TEST_PASSWORD, device: null }))).toEqual(WRONG);
    expect(await refusal(signIn(auth, { email: user.email, password: 'not the password', device: null }))).toEqual(WRONG);
  });

  it('locks after five failures in a row for 15 minutes, refusing even the right password, then lets the person in', async () => {
    const auth = authWithClock(testDb.handle.db);
    const user = await person();
    const attempt = (password: string) => signIn(auth, { email: user.email, password, device: null });
    for (let i = 0; i < 4; i += 1) expect(await refusal(attempt('wrong password!'))).toEqual(WRONG);
    const lock = await refusal(attempt('wrong password!'));
    expect(lock).toMatchObject({ code: ErrorCode.AccountLocked, details: { retryAfterSeconds: 900 } });
    expect(lock.message).toBe('Too many failed sign-ins: this account is locked for 15 more minutes.');

    auth.clock.advance(14 * 60_000);
    expect(await refusal(attempt(TEST_PASSWORD))).toMatchObject({ code: ErrorCode.AccountLocked, details: { retryAfterSeconds: 60 } });
    auth.clock.advance(60_000);
    expect((await attempt(TEST_PASSWORD)).user.id).toBe(user.id);

    const audit = await testDb.handle.db.selectFrom('audit_log').select(['action', 'details']).where('subject', '=', `user:${user.id}`).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.locked']);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const auth = authWithClock(testDb.handle.db);
    const user = await person();
    const attempt = (password: string) => signIn(auth, { email: user.email, password, device: null });
    for (let i = 0; i < 4; i += 1) await refusal(attempt('wrong password!'));
    await attempt(TEST_PASSWORD);
    for (let i = 0; i < 4; i += 1) expect(await refusal(attempt('wrong password!'))).toEqual(WRONG);
    expect((await attempt(TEST_PASSWORD)).user.id).toBe(user.id);
  });

  it('rotates refresh tokens, and ends the sign-in when a used one comes back', async () => {
    const auth = authWithClock(testDb.handle.db);
    const provider = createBuiltinIdentityProvider(auth);
    const user = await person();
    const first = await signIn(auth, { email: user.email, password: TEST_PASSWORD, device: null });
    auth.clock.advance(9 * 60_000);
    const second = await refresh(auth, first.refreshToken);
    expect(second).toMatchObject({ signInId: first.signInId, user: { id: user.id }, mfa: false });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await provider.authenticate(second.accessToken)).signInId).toBe(first.signInId);

    // Someone replays the first refresh token: the whole sign-in ends, for both holders.
    expect(await refusal(refresh(auth, first.refreshToken))).toEqual({
      code: ErrorCode.Unauthorized, message: 'This refresh token was already used, so the sign-in was ended to be safe; sign in again.',
    });
    expect(await refusal(provider.authenticate(second.accessToken))).toEqual({ code: ErrorCode.Unauthorized, message: 'You were signed out; sign in again.' });
    expect(await refusal(refresh(auth, second.refreshToken))).toMatchObject({ code: ErrorCode.Unauthorized, message: 'You were signed out; sign in again.' });
    expect(await refusal(refresh(auth, 'never-issued'))).toMatchObject({ code: ErrorCode.Unauthorized });
  });

  it('refuses a refresh after the sign-in expired, 30 days on', async () => {
    const auth = authWithClock(testDb.handle.db);
    const user = await person();
    const result = await signIn(auth, { email: user.email, password: TEST_PASSWORD, device: null });
    auth.clock.advance(30 * 24 * 3_600_000 + 1_000);
    expect(await refusal(refresh(auth, result.refreshToken))).toEqual({ code: ErrorCode.Unauthorized, message: 'You were signed out; sign in again.' });
  });

  it('signs out: the access token and the refresh token stop working at once', async () => {
    const auth = authWithClock(testDb.handle.db);
    const provider = createBuiltinIdentityProvider(auth);
    const user = await person();
    const result = await signIn(auth, { email: user.email, password: TEST_PASSWORD, device: null });
    await signOut(auth, result.signInId);
    expect(await refusal(provider.authenticate(result.accessToken))).toEqual({ code: ErrorCode.Unauthorized, message: 'You were signed out; sign in again.' });
    expect(await refusal(refresh(auth, result.refreshToken))).toMatchObject({ code: ErrorCode.Unauthorized });
  });

  it('enrols TOTP, then needs the code; a wrong code counts towards the lockout', async () => {
    const auth = authWithClock(testDb.handle.db);
    const user = await person();
    const enrol = await beginTotp(auth, user.id);
    expect(enrol.otpauthUri).toContain(`otpauth://totp/CapLiquify:${encodeURIComponent(user.email)}?secret=${enrol.secret}`);
    const stored = await testDb.handle.db.selectFrom('users').select(['totp_secret', 'totp_enabled']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.totp_enabled).toBe(false);
    expect(stored.totp_secret).toMatch(/^v1\.test\./);
    expect(stored.totp_secret).not.toContain(enrol.secret);
    // Not yet confirmed: the password alone still signs in.
    expect((await signIn(auth, { email: user.email, password: TEST_PASSWORD, device: null })).mfa).toBe(false);

    expect(await refusal(confirmTotp(auth, user.id, '000000'))).toMatchObject({ code: ErrorCode.BadRequest });
    expect(await confirmTotp(auth, user.id, totpCodeFor(enrol.secret, auth.clock.now))).toEqual({ totpEnabled: true });

    const attempt = (totpCode?: string) => signIn(auth, { email: user.email, password: TEST_PASSWORD, totpCode, device: null });
    expect(await refusal(attempt())).toEqual({ code: ErrorCode.SecondFactorRequired, message: 'Enter the 6-digit code from your authenticator app.' });
    const withCode = await attempt(totpCodeFor(enrol.secret, auth.clock.now));
    expect(withCode.mfa).toBe(true);
    expect((await createBuiltinIdentityProvider(auth).authenticate(withCode.accessToken)).mfa).toBe(true);

    const wrongCode = totpCodeFor(enrol.secret, new Date(auth.clock.now.getTime() + 5 * 60_000));
    for (let i = 0; i < 4; i += 1) expect(await refusal(attempt(wrongCode))).toMatchObject({ code: ErrorCode.SecondFactorRequired });
    expect(await refusal(attempt(wrongCode))).toMatchObject({ code: ErrorCode.AccountLocked, details: { retryAfterSeconds: 900 } });
    const audit = await testDb.handle.db.selectFrom('audit_log').select('action').where('subject', '=', `user:${user.id}`).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.totp_enabled', 'user.locked']);
  });

  it('looks the email up in the tenant of the station the sign-in comes from', async () => {
    const auth = authWithClock(testDb.handle.db);
    const here = await person('tnt_demo');
    expect(await refusal(signIn(auth, { email: here.email, password: TEST_PASSWORD, device: { deviceId: 'dev_x', tenantId: 'tnt_other' } }))).toEqual(WRONG);
  });
});

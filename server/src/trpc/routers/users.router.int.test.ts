import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig, TEST_PASSWORD, totpCodeFor } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createUser, grantRole, type UserSummary } from '../../auth/accounts.service';
import type { SignInResult } from '../../auth/sign-in.service';

const bearer = (token: string) => ({ ...VERSION_HEADERS, authorization: `Bearer ${token}` });
const SECOND_FACTOR = 'This needs a sign-in with your second factor (authenticator code).';

describe.each(['postgres', 'pglite'] as const)('users API on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  async function personWithRole(email: string, grant: RoleGrant): Promise<string> {
    const db = testDb.handle.db;
    const user = await createUser(db, { tenantId: 'tnt_demo', email, displayName: email, password: TEST_PASSWORD }, { userId: null });
    await grantRole(db, { tenantId: 'tnt_demo', userId: user.id, ...grant }, { userId: null });
    return user.id;
  }
  async function signIn(email: string, totpCode?: string): Promise<SignInResult> {
    const res = await mutate<SignInResult>(app, 'auth.signIn', { email, password: TEST_PASSWORD, totpCode });
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'users-api');
    await insertFixture(testDb.handle.db);
    app = await buildApp(identityTestConfig(), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('refuses an operator, and an admin without a second factor, FORBIDDEN with the reason', async () => {
    await personWithRole('op@example.com', { siteId: 'site_a', role: 'operator' });
    await personWithRole('admin-nomfa@example.com', { siteId: null, role: 'admin' });
    const operator = await query(app, 'users.list', undefined, bearer((await signIn('op@example.com')).accessToken));
    expect(operator.status).toBe(403);
    expect(operator.error).toMatchObject({ message: 'You have no role across the whole organisation.', data: { code: ErrorCode.Forbidden, details: { reason: 'no-role' } } });
    const admin = await query(app, 'users.list', undefined, bearer((await signIn('admin-nomfa@example.com')).accessToken));
    expect(admin.status).toBe(403);
    expect(admin.error).toMatchObject({ message: SECOND_FACTOR, data: { code: ErrorCode.Forbidden, details: { reason: 'second-factor-required' } } });
    const anonymous = await query(app, 'users.list', undefined);
    expect(anonymous.status).toBe(401);
  });

  it('lets an admin signed in with an authenticator list, create, grant, revoke and remove people', async () => {
    await personWithRole('admin@example.com', { siteId: null, role: 'admin' });
    const first = await signIn('admin@example.com');
    const { data: totp } = await mutate<{ secret: string }>(app, 'auth.beginTotp', {}, bearer(first.accessToken));
    await mutate(app, 'auth.confirmTotp', { code: totpCodeFor(totp.secret) }, bearer(first.accessToken));
    // This sign-in predates the authenticator: still no second factor in it.
    expect((await query(app, 'users.list', undefined, bearer(first.accessToken))).error?.message).toBe(SECOND_FACTOR);
    const headers = bearer((await signIn('admin@example.com', totpCodeFor(totp.secret))).accessToken);

    const created = await mutate<UserSummary>(app, 'users.create', {
      email: 'New.Hire@example.com', displayName: 'New Hire', password: TEST_PASSWORD, grant: { siteId: 'site_a', role: 'viewer' },
    }, headers);
    expect(created.data).toMatchObject({ email: 'new.hire@example.com', displayName: 'New Hire', grants: [{ siteId: 'site_a', role: 'viewer' }] });
    const userId = created.data.id;
    // A role at a site that is not this tenant's leaves no half-made account behind.
    const foreign = await mutate(app, 'users.create', { email: 'foreign@example.com', displayName: 'Foreign', password: TEST_PASSWORD, grant: { siteId: 'site_x', role: 'admin' } }, headers);
    expect(foreign.error).toMatchObject({ message: 'No site "site_x".', data: { code: ErrorCode.NotFound } });
    expect(await testDb.handle.db.selectFrom('users').select('id').where('email', '=', 'foreign@example.com').execute()).toEqual([]);
    const short = await mutate(app, 'users.create', { email: 'short@example.com', displayName: 'Short', password: 'too short' }, headers);
    expect(short.error).toMatchObject({ message: 'The password must have at least 12 characters.', data: { code: ErrorCode.ValidationFailed } });

    expect((await mutate(app, 'users.grant', { userId, siteId: 'site_a', role: 'manager' }, headers)).data).toEqual([{ siteId: 'site_a', role: 'manager' }]);
    expect((await mutate(app, 'users.grant', { userId, siteId: null, role: 'viewer' }, headers)).data)
      .toEqual([{ siteId: null, role: 'viewer' }, { siteId: 'site_a', role: 'manager' }]);
    expect((await mutate(app, 'users.revoke', { userId, siteId: 'site_a' }, headers)).data).toEqual([{ siteId: null, role: 'viewer' }]);

    const listed = await query<UserSummary[]>(app, 'users.list', undefined, headers);
    expect(listed.data.find((u) => u.id === userId)).toMatchObject({ email: 'new.hire@example.com', grants: [{ siteId: null, role: 'viewer' }] });

    const hireToken = (await signIn('new.hire@example.com')).accessToken;
    expect((await query(app, 'auth.me', undefined, bearer(hireToken))).status).toBe(200);
    expect((await mutate(app, 'users.remove', { userId }, headers)).data).toEqual({ signInsRevoked: 1 });
    const after = await query(app, 'auth.me', undefined, bearer(hireToken));
    expect(after.error).toMatchObject({ message: 'This account was removed.', data: { code: ErrorCode.Unauthorized } });
    expect((await query<UserSummary[]>(app, 'users.list', undefined, headers)).data.map((u) => u.id)).not.toContain(userId);

    const actions = await testDb.handle.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject', '=', `user:${userId}`).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.role_granted', 'user.role_granted', 'user.role_granted', 'user.role_revoked', 'user.removed']);
    expect(new Set(actions.map((a) => a.actor_user_id))).toEqual(new Set([first.user.id]));
  });
});

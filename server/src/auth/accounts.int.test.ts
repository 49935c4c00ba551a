import { ErrorCode } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal, TEST_PASSWORD } from '../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { createUser, grantRole, listUsers, removeUser, revokeRole } from './accounts.service';
import { verifyPassword } from './password-hash';

const cli = { userId: null };

describe.each(['postgres', 'pglite'] as const)('accounts on %s', (kind) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'accounts');
    await insertFixture(testDb.handle.db);
  });
  afterAll(() => testDb.cleanup());

  it('creates a person with a lower-cased email and a scrypt hash of the password', async () => {
    const db = testDb.handle.db;
    const user = await createUser(db, { tenantId: 'tnt_demo', email: ' Ana.Lopez@Example.COM ', displayName: ' Ana López ', password: TEST_PASSWORD }, cli);
    expect(user).toMatchObject({ email: 'ana.lopez@example.com', displayName: 'Ana López', provider: 'builtin', totpEnabled: false, grants: [] });
    const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(TEST_PASSWORD, row.password_hash!)).toBe(true);
  });

  it.each([
    [{ email: 'not-an-email' }, ErrorCode.ValidationFailed, '"not-an-email" is not an email address.'],
    [{ password: 'eleven char' }, ErrorCode.ValidationFailed, 'The password must have at least 12 characters.'],
    [{ displayName: '  ' }, ErrorCode.ValidationFailed, 'A display name is needed (how the person appears to others).'],
    [{ email: 'ANA.LOPEZ@example.com' }, ErrorCode.Conflict, 'A user with the email ana.lopez@example.com already exists.'],
  ])('refuses %j with a sentence saying why', async (change, code, message) => {
    const input = { tenantId: 'tnt_demo', email: 'someone.new@example.com', displayName: 'Someone', password: TEST_PASSWORD, ...change };
    expect(await refusal(createUser(testDb.handle.db, input, cli))).toEqual({ code, message });
  });

  it('keeps one grant per person and site: a second grant replaces the first', async () => {
    const db = testDb.handle.db;
    const user = await createUser(db, { tenantId: 'tnt_demo', email: 'grants@example.com', displayName: 'Grants', password: TEST_PASSWORD }, cli);
    await grantRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: 'site_a', role: 'viewer' }, cli);
    await grantRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: null, role: 'operator' }, cli);
    expect(await grantRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: 'site_a', role: 'manager' }, cli)).toEqual([
      { siteId: null, role: 'operator' }, { siteId: 'site_a', role: 'manager' },
    ]);
    expect(await grantRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: null, role: 'admin' }, cli)).toEqual([
      { siteId: null, role: 'admin' }, { siteId: 'site_a', role: 'manager' },
    ]);
    expect(await revokeRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: null }, cli)).toEqual([{ siteId: 'site_a', role: 'manager' }]);
    expect(await refusal(revokeRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: null }, cli)))
      .toEqual({ code: ErrorCode.NotFound, message: 'grants@example.com has no role at all sites.' });
    // Another tenant's site, or one that does not exist, is not grantable.
    expect(await refusal(grantRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: 'site_x', role: 'viewer' }, cli)))
      .toEqual({ code: ErrorCode.NotFound, message: 'No site "site_x".' });
    const listed = (await listUsers(db, 'tnt_demo')).find((u) => u.id === user.id);
    expect(listed?.grants).toEqual([{ siteId: 'site_a', role: 'manager' }]);
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'details']).where('subject', '=', `user:${user.id}`).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.role_granted', 'user.role_granted', 'user.role_granted', 'user.role_granted', 'user.role_revoked']);
    expect(audit.at(-1)).toEqual({ action: 'user.role_revoked', actor_user_id: null, details: { siteId: null, role: 'admin' } });
  });

  it('removes a person: gone from the list, sign-ins revoked, the email not reusable, nobody can remove themselves', async () => {
    const db = testDb.handle.db;
    const user = await createUser(db, { tenantId: 'tnt_demo', email: 'leaver@example.com', displayName: 'Leaver', password: TEST_PASSWORD }, cli);
    await db.insertInto('sign_ins').values({ id: 'sin_leaver', tenant_id: 'tnt_demo', user_id: user.id, expires_at: new Date(Date.now() + 86_400_000) }).execute();
    expect(await refusal(removeUser(db, { tenantId: 'tnt_demo', userId: user.id }, { userId: user.id })))
      .toEqual({ code: ErrorCode.BadRequest, message: 'You cannot remove your own account; ask another administrator.' });
    expect(await refusal(removeUser(db, { tenantId: 'tnt_other', userId: user.id }, cli))).toMatchObject({ code: ErrorCode.NotFound });

    expect(await removeUser(db, { tenantId: 'tnt_demo', userId: user.id }, cli)).toEqual({ signInsRevoked: 1 });
    expect((await listUsers(db, 'tnt_demo')).map((u) => u.email)).not.toContain('leaver@example.com');
    const signIn = await db.selectFrom('sign_ins').select('revoked_at').where('id', '=', 'sin_leaver').executeTakeFirstOrThrow();
    expect(signIn.revoked_at).not.toBeNull();
    expect(await refusal(createUser(db, { tenantId: 'tnt_demo', email: 'leaver@example.com', displayName: 'Again', password: TEST_PASSWORD }, cli)))
      .toEqual({ code: ErrorCode.Conflict, message: 'leaver@example.com belonged to a removed account; use another email address.' });
    expect(await refusal(removeUser(db, { tenantId: 'tnt_demo', userId: user.id }, cli))).toMatchObject({ code: ErrorCode.NotFound });
  });
});

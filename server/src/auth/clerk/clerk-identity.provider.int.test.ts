import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import type { JWTPayload } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { AppError } from '../../errors/app.error';
import type { IdentityProvider } from '../principal';
import { createClerkIdentityProvider } from './clerk-identity.provider';
import { clerkClaims, signClerkToken, startFakeClerk, type FakeClerk } from './fake-clerk.server';

const ORG_A = 'org_plant_a';
const ORG_B = 'org_plant_b';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(ErrorCode.Unauthorized);
  return (error as AppError).message;
}

async function seedTenants(testDb: TestDatabase): Promise<void> {
  const db = testDb.handle.db;
  await db.insertInto('tenants').values([
    { id: 'tnt_a', name: 'Plant A Ltd', base_currency: 'EUR', clerk_org_id: ORG_A },
    { id: 'tnt_b', name: 'Plant B Ltd', base_currency: 'EUR', clerk_org_id: ORG_B },
    { id: 'tnt_loose', name: 'Not on Clerk', base_currency: 'EUR' },
  ]).execute();
  await db.insertInto('sites').values([
    { id: 'site_a1', tenant_id: 'tnt_a', code: 'A1', name: 'Plant A1', kind: 'plant', timezone: 'Europe/London' },
    { id: 'site_a2', tenant_id: 'tnt_a', code: 'A2', name: 'Warehouse A2', kind: 'warehouse', timezone: 'Europe/London' },
  ]).execute();
}

describe('Clerk identity provider on postgres', () => {
  let testDb: TestDatabase;
  let clerk: FakeClerk;
  let provider: IdentityProvider;
  const db = () => testDb.handle.db;
  // Every test signs in its own Clerk user so the tests stay independent.
  const newClerkUser = () => `user_${randomBytes(6).toString('hex')}`;
  const token = (overrides: JWTPayload) => signClerkToken(clerk.currentKey(), clerkClaims(clerk.issuer, { o: { id: ORG_A, rol: 'member' }, ...overrides }));
  const userRow = (clerkUserId: string) =>
    db().selectFrom('users').selectAll().where('provider', '=', 'clerk').where('external_id', '=', clerkUserId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'clerk_provider');
    await seedTenants(testDb);
    clerk = await startFakeClerk();
    provider = createClerkIdentityProvider(db(), { issuer: clerk.issuer, jwksUrl: clerk.jwksUrl, authorizedParties: ['http://localhost:5173'] });
  });
  afterAll(async () => {
    await clerk.close();
    await testDb.cleanup();
  });

  it('signs a member in: tenant from the organisation, org role plus site grants, mfa from fva', async () => {
    const sub = newClerkUser();
    const first = await provider.authenticate(await token({ sub, sid: 'sess_one', fva: [5, 3], email: 'Ada@Example.com', name: 'Ada Lovelace' }));
    const user = await userRow(sub);
    expect(user).toMatchObject({ tenant_id: 'tnt_a', email: 'ada@example.com', display_name: 'Ada Lovelace', provider: 'clerk' });
    expect(first).toEqual({
      userId: user.id, tenantId: 'tnt_a', provider: 'clerk', signInId: 'sess_one', mfa: true,
      grants: [{ siteId: null, role: 'operator' }],
    });

    await db().insertInto('role_grants').values({ id: `rg_${sub}`, tenant_id: 'tnt_a', user_id: user.id, site_id: 'site_a2', role: 'manager' }).execute();
    const second = await provider.authenticate(await token({ sub, sid: 'sess_two', fva: [5, -1] }));
    expect(second).toMatchObject({ userId: user.id, signInId: 'sess_two', mfa: false });
    expect(second.grants).toEqual([{ siteId: null, role: 'operator' }, { siteId: 'site_a2', role: 'manager' }]);
    const rows = await db().selectFrom('users').select('id').where('external_id', '=', sub).execute();
    expect(rows).toHaveLength(1);
  });

  it('names a user without email or name claims after a placeholder address that cannot receive mail', async () => {
    const sub = newClerkUser();
    await provider.authenticate(await token({ sub }));
    expect(await userRow(sub)).toMatchObject({ email: `${sub}@users.clerk.invalid`, display_name: `${sub}@users.clerk.invalid` });
  });

  it('counts a second factor only within the last 60 minutes', async () => {
    const sub = newClerkUser();
    expect((await provider.authenticate(await token({ sub, fva: [90, 60] }))).mfa).toBe(true);
    expect((await provider.authenticate(await token({ sub, fva: [90, 61] }))).mfa).toBe(false);
    expect((await provider.authenticate(await token({ sub, fva: undefined }))).mfa).toBe(false);
  });

  it.each([
    ['admin', 'admin'], ['org:admin', 'admin'], ['manager', 'manager'], ['viewer', 'viewer'],
  ] as const)('grants the organisation role %s as %s at every site', async (rol, role) => {
    const principal = await provider.authenticate(await token({ sub: newClerkUser(), o: { id: ORG_A, rol } }));
    expect(principal.grants).toEqual([{ siteId: null, role }]);
  });

  it('grants nothing for an unknown organisation role, but keeps site grants', async () => {
    const sub = newClerkUser();
    const { userId } = await provider.authenticate(await token({ sub, o: { id: ORG_A, rol: 'billing' } }));
    expect((await provider.authenticate(await token({ sub, o: { id: ORG_A, rol: 'billing' } }))).grants).toEqual([]);
    await db().insertInto('role_grants').values({ id: `rg_${sub}`, tenant_id: 'tnt_a', user_id: userId, site_id: 'site_a1', role: 'viewer' }).execute();
    expect((await provider.authenticate(await token({ sub, o: { id: ORG_A, rol: 'billing' } }))).grants).toEqual([{ siteId: 'site_a1', role: 'viewer' }]);
  });

  it('refuses an organisation that is not connected to a tenant, and creates no user', async () => {
    const sub = newClerkUser();
    expect(await refusal(provider.authenticate(await token({ sub, o: { id: 'org_stranger', rol: 'admin' } })))).toMatch(/organisation not connected/);
    expect(await db().selectFrom('users').select('id').where('external_id', '=', sub).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a session with no active organisation', async () => {
    expect(await refusal(provider.authenticate(await token({ sub: newClerkUser(), o: undefined })))).toMatch(/No active organisation/);
  });

  it('refuses a removed user on the very next call', async () => {
    const sub = newClerkUser();
    const signedIn = await token({ sub });
    await provider.authenticate(signedIn);
    await db().updateTable('users').set({ removed_at: sql<Date>`now()` }).where('external_id', '=', sub).execute();
    expect(await refusal(provider.authenticate(signedIn))).toBe('This account was removed');
  });

  it('refuses a Clerk user who reaches another tenant through a second organisation', async () => {
    const sub = newClerkUser();
    await provider.authenticate(await token({ sub }));
    expect(await refusal(provider.authenticate(await token({ sub, o: { id: ORG_B, rol: 'admin' } })))).toMatch(/belongs to another organisation/);
  });

  it('does not take over an existing account with the same email', async () => {
    await db().insertInto('users').values({ id: 'usr_builtin_grace', tenant_id: 'tnt_a', email: 'grace@example.com', display_name: 'Grace', provider: 'builtin' }).execute();
    expect(await refusal(provider.authenticate(await token({ sub: newClerkUser(), email: 'grace@example.com' })))).toMatch(/already exists/);
  });

  it('creates one user when the first sign-ins arrive together', async () => {
    const sub = newClerkUser();
    const signedIn = await token({ sub, email: `${sub}@example.com` });
    const principals = await Promise.all(Array.from({ length: 8 }, () => provider.authenticate(signedIn)));
    expect(new Set(principals.map((p) => p.userId)).size).toBe(1);
    expect(await db().selectFrom('users').select('id').where('external_id', '=', sub).execute()).toHaveLength(1);
  });

  it('refuses an invalid token before touching the database', async () => {
    expect(await refusal(provider.authenticate(await token({ sub: newClerkUser(), exp: Math.floor(Date.now() / 1000) - 60 })))).toMatch(/expired/);
  });
});

describe('Clerk identity provider on pglite', () => {
  let testDb: TestDatabase;
  let clerk: FakeClerk;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'clerk_provider');
    await seedTenants(testDb);
    clerk = await startFakeClerk();
  });
  afterAll(async () => {
    await clerk.close();
    await testDb.cleanup();
  });

  it('signs an admin in', async () => {
    const provider = createClerkIdentityProvider(testDb.handle.db, { issuer: clerk.issuer, jwksUrl: clerk.jwksUrl, authorizedParties: [] });
    const principal = await provider.authenticate(await signClerkToken(clerk.currentKey(), clerkClaims(clerk.issuer, {
      azp: undefined, o: { id: ORG_A, rol: 'admin' }, fva: [2, 2],
    })));
    expect(principal).toMatchObject({ tenantId: 'tnt_a', provider: 'clerk', mfa: true, grants: [{ siteId: null, role: 'admin' }] });
  });
});

import { randomUUID } from 'node:crypto';
import { ErrorCode, type CommandActor, type EnrollResponse, type PushedCommand } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { insertPerson, insertSignIn, signInOnDevice } from '../../test/people';
import { enrollTestDevice, movementCommand, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { readOnHand } from '../domains/inventory/stock-level.repo';
import { rebuildScopes } from './rebuild-scopes.service';

const operatorAtA = [{ siteId: 'site_a', role: 'operator' as const }];

async function world(kind: 'postgres' | 'pglite') {
  const testDb = await openTestDatabase(kind, 'command-actor');
  const db = testDb.handle.db;
  await insertFixture(db);
  await db.insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'PLANT-B', name: 'Plant B', kind: 'plant', timezone: 'Europe/Berlin' }).execute();
  await rebuildScopes(db, 'tnt_demo');
  const app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  return { testDb, app };
}

const by = (actor: CommandActor | undefined, command: PushedCommand): PushedCommand => ({ ...command, actor });

describe('who made a pushed command, checked as it applies (postgres)', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let device: EnrollResponse;
  const db = () => testDb.handle.db;
  const boltAtA1 = () => readOnHand(db(), 'tnt_demo', 'loc_a1', 'itm_bolt');
  const lastMutationId = async () => Number((await db().selectFrom('devices').select('last_mutation_id').where('id', '=', device.deviceId).executeTakeFirstOrThrow()).last_mutation_id);
  /** Pushes one receipt of 1 bolt as `actor` and returns the rejection's reason, or null when it applied. */
  const receiptBy = async (actor: CommandActor | undefined, mutationId = 1, args: Record<string, unknown> = {}) => {
    const res = await push(app, device.credential, [by(actor, movementCommand(mutationId, args))]);
    expect(res.data.lastMutationId).toBe(mutationId);
    const [rejection] = res.data.rejections;
    if (rejection) expect(rejection.code).toBe(ErrorCode.Forbidden);
    return rejection?.reason ?? null;
  };

  beforeAll(async () => {
    ({ testDb, app } = await world('postgres'));
  });
  beforeEach(async () => {
    device = await enrollTestDevice(app, db());
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('applies a command made by an operator signed in on this station at its site', async () => {
    const anna = await signInOnDevice(db(), device.deviceId, { displayName: 'Anna', grants: operatorAtA, mfa: false });
    const before = await boltAtA1();
    expect(await receiptBy(anna.actor)).toBeNull();
    expect(await boltAtA1()).toBe(before + 1);
  });

  it('refuses a command made with no one signed in, for good: its id advances and the next one applies', async () => {
    const anna = await signInOnDevice(db(), device.deviceId, { displayName: 'Anna', grants: operatorAtA });
    const before = await boltAtA1();
    const res = await push(app, device.credential, [by(undefined, movementCommand(1, {})), by(anna.actor, movementCommand(2, {}))]);
    expect(res.data).toEqual({
      lastMutationId: 2,
      rejections: [{ mutationId: 1, name: 'inventory.recordMovement', code: ErrorCode.Forbidden, reason: 'Sign in to record this: it was made with no one signed in at the station.' }],
    });
    expect(await boltAtA1()).toBe(before + 1);
    expect(await lastMutationId()).toBe(2);
  });

  it('refuses a sign-in the server does not know, of someone else, or of another tenant', async () => {
    const anna = await signInOnDevice(db(), device.deviceId, { displayName: 'Anna', grants: operatorAtA });
    const ben = await signInOnDevice(db(), device.deviceId, { displayName: 'Ben', grants: operatorAtA });
    const outsider = await insertPerson(db(), { tenantId: 'tnt_other', displayName: 'Olga', grants: [{ siteId: null, role: 'admin' }] });
    const outsiderSignIn = await insertSignIn(db(), outsider, device.deviceId);
    const unknown = 'Sign in to record this: the server does not know the sign-in it was made under.';
    expect(await receiptBy({ userId: anna.userId, signInId: `sgn_${randomUUID()}` }, 1)).toBe(unknown);
    expect(await receiptBy({ userId: anna.userId, signInId: ben.actor.signInId }, 2)).toBe(unknown);
    expect(await receiptBy({ userId: outsider.userId, signInId: outsiderSignIn }, 3)).toBe(unknown);
  });

  it('refuses a sign-in made on another device, signed out, or expired', async () => {
    const other = await enrollTestDevice(app, db());
    const elsewhere = await signInOnDevice(db(), other.deviceId, { displayName: 'Anna', grants: operatorAtA });
    expect(await receiptBy(elsewhere.actor, 1)).toBe('Anna did not sign in on this station: sign in here to record this.');
    // A browser sign-in is bound to no device: it cannot make a station's commands either.
    const inBrowser = await insertSignIn(db(), elsewhere, null);
    expect(await receiptBy({ userId: elsewhere.userId, signInId: inBrowser }, 2)).toBe('Anna did not sign in on this station: sign in here to record this.');

    const ben = await signInOnDevice(db(), device.deviceId, { displayName: 'Ben', grants: operatorAtA });
    await db().updateTable('sign_ins').set({ revoked_at: new Date() }).where('id', '=', ben.actor.signInId).execute();
    expect(await receiptBy(ben.actor, 3)).toBe('Ben was signed out: sign in again to record this.');

    const carl = await signInOnDevice(db(), device.deviceId, { displayName: 'Carl', grants: operatorAtA, expiresAt: new Date(Date.now() - 60_000) });
    expect(await receiptBy(carl.actor, 4)).toBe('Carl\'s sign-in had expired: sign in again to record this.');
  });

  it('refuses a person who was removed', async () => {
    const dora = await signInOnDevice(db(), device.deviceId, { displayName: 'Dora', grants: operatorAtA });
    await db().updateTable('users').set({ removed_at: new Date() }).where('id', '=', dora.userId).execute();
    expect(await receiptBy(dora.actor)).toBe('This person was removed: Dora can no longer record anything.');
  });

  it('refuses someone with no role at the site the command acts at, or too low a role', async () => {
    const anna = await signInOnDevice(db(), device.deviceId, { displayName: 'Anna', grants: [{ siteId: 'site_b', role: 'manager' }] });
    expect(await receiptBy(anna.actor, 1)).toBe('Anna has no role at Plant A.');
    const vic = await signInOnDevice(db(), device.deviceId, { displayName: 'Vic', grants: [{ siteId: 'site_a', role: 'viewer' }] });
    expect(await receiptBy(vic.actor, 2)).toBe('Recording stock movements needs an operator; Vic is a viewer at Plant A.');
    // The site the args name counts, not the device's: Anna manages Plant B.
    const named = await push(app, device.credential, [by(anna.actor, movementCommand(3, { siteId: 'site_b', locationId: 'loc_a1' }))]);
    expect(named.data.rejections).toEqual([expect.objectContaining({ mutationId: 3, code: ErrorCode.Forbidden, reason: expect.stringContaining('cannot record movements at site site_b') })]);
  });

  it('wants a manager who passed a second factor to approve a count, and a manager to create one', async () => {
    const olaf = await signInOnDevice(db(), device.deviceId, { displayName: 'Olaf', grants: operatorAtA });
    const mia = await signInOnDevice(db(), device.deviceId, { displayName: 'Mia', grants: [{ siteId: 'site_a', role: 'manager' }], mfa: false });
    const sessionId = randomUUID();
    const create = { sessionId, siteId: 'site_a', name: 'Aisles', kind: 'full', blind: false, locationIds: ['loc_a1'], itemIds: null, toleranceQtyPct: 5, toleranceValueMinor: 100, counters: [], by: 'Olaf' };
    const at = new Date().toISOString();
    const res = await push(app, device.credential, [
      { mutationId: 1, name: 'counting.createSession', args: create, createdAt: at, actor: olaf.actor },
      { mutationId: 2, name: 'counting.createSession', args: { ...create, by: 'Mia' }, createdAt: at, actor: mia.actor },
      { mutationId: 3, name: 'counting.startSession', args: { sessionId, by: 'Mia' }, createdAt: at, actor: mia.actor },
      { mutationId: 4, name: 'counting.submitSession', args: { sessionId, by: 'Olaf' }, createdAt: at, actor: olaf.actor },
      { mutationId: 5, name: 'counting.approveSession', args: { sessionId, by: 'Mia' }, createdAt: at, actor: mia.actor },
    ]);
    expect(res.data.lastMutationId).toBe(5);
    expect(res.data.rejections.map((r) => [r.mutationId, r.code, r.reason])).toEqual([
      [1, ErrorCode.Forbidden, 'Managing a count needs a manager; Olaf is an operator at Plant A.'],
      [5, ErrorCode.Forbidden, 'Approving a count needs a manager who signed in with their authenticator code.'],
    ]);
    const session = await db().selectFrom('count_sessions').select('status').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session.status).toBe('submitted');
  });

  it('checks rights as the command applies: a grant revoked while the station was offline refuses what it queued', async () => {
    const anna = await signInOnDevice(db(), device.deviceId, { displayName: 'Anna', grants: operatorAtA });
    const before = await boltAtA1();
    expect(await receiptBy(anna.actor, 1)).toBeNull();
    // Offline, Anna scans two more receipts; meanwhile an administrator takes her role at Plant A away.
    const queued = [by(anna.actor, movementCommand(2, {})), by(anna.actor, movementCommand(3, {}))];
    await db().deleteFrom('role_grants').where('user_id', '=', anna.userId).execute();
    const res = await push(app, device.credential, queued);
    expect(res.data.lastMutationId).toBe(3);
    expect(res.data.rejections.map((r) => [r.mutationId, r.code, r.reason])).toEqual([
      [2, ErrorCode.Forbidden, 'Anna has no role at Plant A.'], [3, ErrorCode.Forbidden, 'Anna has no role at Plant A.'],
    ]);
    expect(await boltAtA1()).toBe(before + 1);
  });
});

describe('who made a pushed command, on PGlite', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ testDb, app } = await world('pglite'));
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('applies the commands of someone allowed and refuses those of someone whose role went, in one batch', async () => {
    const db = testDb.handle.db;
    const device = await enrollTestDevice(app, db);
    const anna = await signInOnDevice(db, device.deviceId, { displayName: 'Anna', grants: operatorAtA });
    const ben = await signInOnDevice(db, device.deviceId, { displayName: 'Ben', grants: operatorAtA });
    await db.deleteFrom('role_grants').where('user_id', '=', ben.userId).execute();
    const res = await push(app, device.credential, [by(anna.actor, movementCommand(1, {})), by(ben.actor, movementCommand(2, {})), by(anna.actor, movementCommand(3, {}))]);
    expect(res.data).toEqual({ lastMutationId: 3, rejections: [{ mutationId: 2, name: 'inventory.recordMovement', code: ErrorCode.Forbidden, reason: 'Ben has no role at Plant A.' }] });
  });
});

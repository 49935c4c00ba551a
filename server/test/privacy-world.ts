import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../src/audit/audit.service';
import type { Database } from '../src/db/schema';
import { approveSession } from '../src/domains/counting/count-approval.service';
import { recordLine, voidSessionLine } from '../src/domains/counting/count-line.service';
import { createSession, startSession, submitSession, type CountingActor } from '../src/domains/counting/count-session.service';
import { directScopeWriter } from '../src/sync/replication.service';
import { insertFixture } from './fixture';

// Two people who counted together, and everything the server keeps about them: accounts, grants,
// sign-ins on a station and in a browser, audit entries, an approved count (with a ledger
// adjustment), a recount naming them, rejected commands, and a namesake in another tenant.

export const ANN = { id: 'usr_ann', email: 'ann@example.com', name: 'Ann Berg' };
export const BOB = { id: 'usr_bob', email: 'bob@example.com', name: 'Bob Lee' };
export const ADMIN = { id: 'usr_admin', email: 'admin@example.com', name: 'Ada Admin' };
export const ANN_PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA';
export const ANN_TOTP_SEALED = 'v1.local.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.c2VjcmV0';

export interface PrivacyWorld { approvedSessionId: string; recountSessionId: string }

function asStation(db: Kysely<Database>, run: (actor: CountingActor) => Promise<unknown>): Promise<unknown> {
  return db.transaction().execute((trx: Transaction<Database>) =>
    run({ trx, tenantId: 'tnt_demo', siteId: 'site_a', deviceId: 'dev_dock', scopes: directScopeWriter(trx, 'tnt_demo') }));
}

export async function buildPrivacyWorld(db: Kysely<Database>): Promise<PrivacyWorld> {
  await insertFixture(db);
  const now = new Date();
  await db.insertInto('devices').values([
    { id: 'dev_dock', tenant_id: 'tnt_demo', site_id: 'site_a', name: 'Dock station', first_seen_at: now, last_seen_at: now, app_version: null },
    { id: 'dev_x', tenant_id: 'tnt_other', site_id: 'site_x', name: 'Other station', first_seen_at: now, last_seen_at: now, app_version: null },
  ]).execute();
  const user = { tenant_id: 'tnt_demo', password_hash: null, totp_secret: null };
  await db.insertInto('users').values([
    { ...user, id: ANN.id, email: ANN.email, display_name: ANN.name, password_hash: ANN_PASSWORD_HASH, totp_secret: ANN_TOTP_SEALED, totp_enabled: true },
    { ...user, id: BOB.id, email: BOB.email, display_name: BOB.name, password_hash: 'scrypt$bob' },
    { ...user, id: ADMIN.id, email: ADMIN.email, display_name: ADMIN.name },
    { ...user, id: 'usr_ann_other', tenant_id: 'tnt_other', email: ANN.email, display_name: ANN.name },
  ]).execute();
  await db.insertInto('role_grants').values([
    { id: 'grt_ann', tenant_id: 'tnt_demo', user_id: ANN.id, site_id: 'site_a', role: 'manager', granted_by: ADMIN.id },
    { id: 'grt_bob', tenant_id: 'tnt_demo', user_id: BOB.id, site_id: null, role: 'operator', granted_by: ADMIN.id },
  ]).execute();
  const later = new Date(now.getTime() + 86_400_000);
  await db.insertInto('sign_ins').values([
    { id: 'sgn_ann_dock', tenant_id: 'tnt_demo', user_id: ANN.id, device_id: 'dev_dock', mfa: true, expires_at: later },
    { id: 'sgn_ann_web', tenant_id: 'tnt_demo', user_id: ANN.id, device_id: null, expires_at: later },
    { id: 'sgn_bob_dock', tenant_id: 'tnt_demo', user_id: BOB.id, device_id: 'dev_dock', expires_at: later },
  ]).execute();
  await db.insertInto('refresh_tokens').values({ token_hash: 'hash_ann', sign_in_id: 'sgn_ann_web', expires_at: later }).execute();

  await db.transaction().execute(async (trx) => {
    await appendAudit(trx, { tenantId: 'tnt_demo', actorUserId: ADMIN.id, action: 'user.created', subject: `user:${ANN.id}` });
    await appendAudit(trx, { tenantId: 'tnt_demo', actorUserId: ANN.id, action: 'device.revoked', subject: 'device:dev_old' });
    await appendAudit(trx, { tenantId: 'tnt_demo', actorUserId: BOB.id, action: 'device.revoked', subject: 'device:dev_older' });
  });

  // A cycle count of frames at A-01 (3 on hand): Ann creates, both count, Bob submits, Ann approves +1.
  const approvedSessionId = randomUUID();
  const line = (counter: string, quantity: number) => ({
    lineId: randomUUID(), sessionId: approvedSessionId, locationId: 'loc_a1', itemId: 'itm_frame', barcode: 'FRAME-1', lot: null, expiry: null,
    quantity, counter, countedAt: new Date().toISOString(),
  });
  const voided = line('ann berg', 5);
  await asStation(db, (a) => createSession(a, {
    sessionId: approvedSessionId, siteId: 'site_a', name: 'Frames', kind: 'cycle', blind: false, locationIds: ['loc_a1'], itemIds: ['itm_frame'],
    toleranceQtyPct: 100, toleranceValueMinor: 1_000_000, counters: [ANN.name, BOB.name], by: ANN.name,
  }));
  await asStation(db, (a) => startSession(a, { sessionId: approvedSessionId, by: ANN.name }));
  await asStation(db, (a) => recordLine(a, line(ANN.name, 2)));
  await asStation(db, (a) => recordLine(a, line(BOB.name, 2)));
  await asStation(db, (a) => recordLine(a, voided));
  await asStation(db, (a) => voidSessionLine(a, { lineId: voided.lineId, sessionId: approvedSessionId, by: ANN.name }));
  await asStation(db, (a) => submitSession(a, { sessionId: approvedSessionId, by: BOB.name }));
  await asStation(db, (a) => approveSession(a, { sessionId: approvedSessionId, by: ANN.name }));

  // Sent back for a recount Ann asked for, that neither of them may do.
  const recountSessionId = randomUUID();
  const session = {
    site_id: 'site_a', kind: 'full' as const, blind: true, location_ids: JSON.stringify(['loc_a2']), item_ids: null, tolerance_qty_pct: 5,
    tolerance_value_minor: 0, currency: 'EUR', counters: JSON.stringify([]), status: 'counting' as const, created_at: now,
  };
  await db.insertInto('count_sessions').values([
    { ...session, tenant_id: 'tnt_demo', id: recountSessionId, name: 'Aisle 2', created_by: BOB.name, recounts: JSON.stringify([
      { locationId: 'loc_a2', itemId: 'itm_bolt', round: 2, excludedCounters: [ANN.name, BOB.name], requestedBy: ANN.name, requestedAt: now.toISOString() },
    ]) },
    { ...session, tenant_id: 'tnt_other', site_id: 'site_x', location_ids: JSON.stringify(['loc_x1']), id: randomUUID(), name: 'Namesake', created_by: ANN.name },
  ]).execute();

  const rejection = { tenant_id: 'tnt_demo', device_id: 'dev_dock', name: 'counting.recordLine', code: 'FORBIDDEN' };
  await db.insertInto('sync_rejections').values([
    { ...rejection, mutation_id: 1, reason: `${ANN.name} is not assigned to session Aisle 9.`, args: JSON.stringify({ counter: ANN.name, quantity: 1 }) },
    { ...rejection, mutation_id: 2, reason: `${BOB.name} is not assigned to session Aisle 9.`, args: JSON.stringify({ counter: BOB.name, quantity: 1 }) },
  ]).execute();
  return { approvedSessionId, recountSessionId };
}

import { randomUUID } from 'node:crypto';
import { ErrorCode, type EnrollResponse, type PushedCommand } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lineArgs, outbox, sessionArgs, siteDocuments, pushAccepted } from '../../../test/counting';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { enrollTestDevice, push } from '../../../test/sync';
import { buildApp } from '../../app';
import { loadServerConfig } from '../../config';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { postMovement } from '../inventory/movement.service';
import { countMovementId } from './count-movement-id';

describe.each(BACKENDS)('count approval on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let a: EnrollResponse;
  let b: EnrollResponse;
  let qa: ReturnType<typeof outbox>;
  let qb: ReturnType<typeof outbox>;
  const db = () => testDb.handle.db;
  /** On-hand straight from the ledger rows, not through any of our repos. */
  const ledgerSum = async (locationId: string, itemId: string) => {
    const { rows } = await sql<{ s: string | null }>`select sum(quantity) as s from stock_movements where tenant_id = 'tnt_demo' and location_id = ${locationId} and item_id = ${itemId}`.execute(db());
    return Number(rows[0]?.s ?? 0);
  };
  /** A sale shipped from a bin, posted by the back office while the count goes on. */
  const ship = (locationId: string, quantity: number) => db().transaction().execute((trx) =>
    postMovement(trx, 'tnt_demo', { movementId: randomUUID(), siteId: 'site_a', locationId, itemId: 'itm_bolt', kind: 'shipment', quantity }));

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'count-approval');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  beforeEach(async () => {
    a = await enrollTestDevice(app, db());
    b = await enrollTestDevice(app, db());
    qa = outbox();
    qb = outbox();
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  const pushOk = (credential: string, commands: PushedCommand[]) => pushAccepted(app, credential, commands);

  it('accounts for sales posted between the freeze and the count, whichever came first, and posts no false adjustment', async () => {
    const a1 = await ledgerSum('loc_a1', 'itm_bolt');
    const a2 = await ledgerSum('loc_a2', 'itm_bolt');
    const frame = await ledgerSum('loc_a1', 'itm_frame');
    const s = sessionArgs({ name: 'During sales' });
    const id = s.sessionId;
    await pushOk(a.credential, [qa('counting.createSession', s), qa('counting.startSession', { sessionId: id, by: 'Maria' })]);

    // Aisle 2 is counted first (a second ago, device clock corrected), then 4 are sold from it.
    await pushOk(b.credential, [qb('counting.recordLine', lineArgs(id, { locationId: 'loc_a2', quantity: a2, counter: 'Berta', countedAt: new Date(Date.now() - 1_000).toISOString() }))]);
    await ship('loc_a2', 4);
    // 50 are sold from aisle 1 before anyone counts it; the counter finds what is left.
    await ship('loc_a1', 50);
    const docs = await siteDocuments(app, a.credential);
    expect(docs.get(`count_expected/${id}|loc_a1|itm_bolt`)).toMatchObject({ frozenQty: a1, movements: [{ at: expect.any(String), quantity: -50 }] });
    expect(docs.get(`count_expected/${id}|loc_a2|itm_bolt`)).toMatchObject({ frozenQty: a2, movements: [{ at: expect.any(String), quantity: -4 }] });
    await pushOk(a.credential, [
      qa('counting.recordLine', lineArgs(id, { quantity: a1 - 50 })),
      qa('counting.recordLine', lineArgs(id, { barcode: 'FRAME-1', quantity: frame })),
      qa('counting.submitSession', { sessionId: id, by: 'Ali' }),
      qa('counting.approveSession', { sessionId: id, by: 'Maria' }),
    ]);

    const adjustments = await db().selectFrom('stock_movements').select('id').where('kind', '=', 'count_adjustment').where('reference', '=', 'count During sales').execute();
    expect(adjustments).toEqual([]);
    expect(await ledgerSum('loc_a1', 'itm_bolt')).toBe(a1 - 50);
    expect(await ledgerSum('loc_a2', 'itm_bolt')).toBe(a2 - 4);
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });

  it('posts each adjustment exactly once, however often approval arrives', async () => {
    const bolt = await ledgerSum('loc_a1', 'itm_bolt');
    const frame = await ledgerSum('loc_a1', 'itm_frame');
    const s = sessionArgs({ name: 'Twice', locationIds: ['loc_a1'], toleranceQtyPct: 50 });
    const id = s.sessionId;
    const approve = () => qa('counting.approveSession', { sessionId: id, by: 'Maria' });
    const batch = [
      qa('counting.createSession', s), qa('counting.startSession', { sessionId: id, by: 'Maria' }),
      qa('counting.recordLine', lineArgs(id, { quantity: bolt - 2 })),
      qa('counting.recordLine', lineArgs(id, { barcode: 'FRAME-1', quantity: frame + 1 })),
      qa('counting.submitSession', { sessionId: id, by: 'Ali' }), approve(), approve(),
    ];
    await pushOk(a.credential, batch);
    // The answer was lost: the same batch again; then approval re-sent under a new id, and from another device.
    await pushOk(a.credential, batch);
    await pushOk(a.credential, [approve()]);
    await pushOk(b.credential, [qb('counting.approveSession', { sessionId: id, by: 'Jonas' })]);

    const posted = await db().selectFrom('stock_movements').select(['item_id', 'quantity', 'movement_id'])
      .where('movement_id', 'in', [countMovementId(id, 'loc_a1', 'itm_bolt'), countMovementId(id, 'loc_a1', 'itm_frame')]).orderBy('item_id').execute();
    expect(posted.map((m) => [m.item_id, Number(m.quantity)])).toEqual([['itm_bolt', -2], ['itm_frame', 1]]);
    expect(await ledgerSum('loc_a1', 'itm_bolt')).toBe(bolt - 2);
    expect(await ledgerSum('loc_a1', 'itm_frame')).toBe(frame + 1);
    const audit = await db().selectFrom('count_audit').select(['item_id', 'approved_by']).where('session_id', '=', id).orderBy('item_id').execute();
    expect(audit).toEqual([{ item_id: 'itm_bolt', approved_by: 'Maria' }, { item_id: 'itm_frame', approved_by: 'Maria' }]);
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });

  it('rejects the whole approval, with the reason, when an adjustment would take stock below zero', async () => {
    const onHand = await ledgerSum('loc_a2', 'itm_bolt');
    const s = sessionArgs({ name: 'Too few', locationIds: ['loc_a2'], toleranceQtyPct: 100, toleranceValueMinor: 1_000_000 });
    const id = s.sessionId;
    await pushOk(a.credential, [
      qa('counting.createSession', s), qa('counting.startSession', { sessionId: id, by: 'Maria' }),
      // Counted 2 a second ago: 2 less than expected then.
      qa('counting.recordLine', lineArgs(id, { locationId: 'loc_a2', quantity: onHand - 2, countedAt: new Date(Date.now() - 1_000).toISOString() })),
      qa('counting.submitSession', { sessionId: id, by: 'Ali' }),
    ]);
    // Everything left is sold after the count: the -2 adjustment no longer fits.
    await ship('loc_a2', onHand);
    const res = await push(app, a.credential, [qa('counting.approveSession', { sessionId: id, by: 'Maria' })]);
    expect(res.data.rejections).toEqual([{
      mutationId: 5, name: 'counting.approveSession', code: ErrorCode.CommandRejected,
      reason: 'Session Too few cannot be approved: Adjustment of 2 exceeds on-hand 0 of item BOLT-M8 at A-02.',
    }]);
    expect(await ledgerSum('loc_a2', 'itm_bolt')).toBe(0);
    const session = await db().selectFrom('count_sessions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(session.status).toBe('submitted');
    expect(await db().selectFrom('count_audit').select('id').where('session_id', '=', id).execute()).toEqual([]);
    await pushOk(a.credential, [qa('counting.cancelSession', { sessionId: id, reason: 'stock moved on', by: 'Maria' })]);
  });
});

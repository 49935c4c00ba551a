import { ErrorCode, type EnrollResponse, type PushedCommand } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lineArgs, outbox, sessionArgs, siteDocuments, pushAccepted } from '../../../test/counting';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { enrollTestDevice, movementCommand, push } from '../../../test/sync';
import { buildApp } from '../../app';
import { loadServerConfig } from '../../config';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { readOnHand } from '../inventory/stock-level.repo';
import { countMovementId } from './count-movement-id';

describe.each(BACKENDS)('count sessions on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let a: EnrollResponse;
  let b: EnrollResponse;
  let qa: ReturnType<typeof outbox>;
  let qb: ReturnType<typeof outbox>;
  const db = () => testDb.handle.db;
  const onHand = (locationId: string, itemId: string) => readOnHand(db(), 'tnt_demo', locationId, itemId);

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'count-sessions');
    await insertFixture(db());
    // A second site of the same tenant, for the "own site only" rule.
    await db().insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'PLANT-B', name: 'Plant B', kind: 'plant', timezone: 'Europe/Berlin' }).execute();
    await db().insertInto('locations').values({ id: 'loc_b1', tenant_id: 'tnt_demo', site_id: 'site_b', code: 'B-01', name: 'Bay 1' }).execute();
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

  it('runs the whole lifecycle on two devices: freeze, lines, undo, submit, approval posted once, and replicates every step', async () => {
    const before = { a1Bolt: await onHand('loc_a1', 'itm_bolt'), a1Frame: await onHand('loc_a1', 'itm_frame'), a2Bolt: await onHand('loc_a2', 'itm_bolt') };
    const s = sessionArgs({ name: 'Lifecycle' });
    const id = s.sessionId;
    await pushOk(a.credential, [qa('counting.createSession', s), qa('counting.startSession', { sessionId: id, by: 'Maria' })]);

    let docs = await siteDocuments(app, b.credential);
    expect(docs.get(`count_session/${id}`)).toMatchObject({
      id, siteId: 'site_a', name: 'Lifecycle', kind: 'full', status: 'counting', locationIds: ['loc_a1', 'loc_a2'], itemIds: null,
      currency: 'EUR', createdBy: 'Maria', startedAt: expect.any(String), submittedAt: null, recounts: [],
    });
    // Frozen: every non-zero balance of the locations (A-02's frame is at 0), at today's cost.
    const frozen = [...docs.entries()].filter(([k]) => k.startsWith(`count_expected/${id}|`)).sort(([x], [y]) => x.localeCompare(y)).map(([, d]) => d);
    expect(frozen).toEqual([
      { sessionId: id, locationId: 'loc_a1', itemId: 'itm_bolt', frozenQty: before.a1Bolt, unitCostMinor: 12, movements: [], posted: null },
      { sessionId: id, locationId: 'loc_a1', itemId: 'itm_frame', frozenQty: before.a1Frame, unitCostMinor: 4500, movements: [], posted: null },
      { sessionId: id, locationId: 'loc_a2', itemId: 'itm_bolt', frozenQty: before.a2Bolt, unitCostMinor: 12, movements: [], posted: null },
    ]);

    // A counts aisle 1 (the frame by its SKU: it has no barcode); B counts aisle 2 by the bolt's other barcode and undoes a stray scan.
    const boltA1 = lineArgs(id, { quantity: before.a1Bolt - 0.5 });
    const frameA1 = lineArgs(id, { barcode: 'FRAME-1', quantity: before.a1Frame });
    const six = lineArgs(id, { locationId: 'loc_a2', barcode: '4006381333948', itemId: 'itm_frame', quantity: 6, counter: 'Berta' });
    const stray = lineArgs(id, { locationId: 'loc_a2', barcode: '4006381333948', quantity: 99, counter: 'Berta' });
    const four = lineArgs(id, { locationId: 'loc_a2', barcode: '4006381333948', quantity: before.a2Bolt - 6, counter: 'Berta' });
    await pushOk(a.credential, [qa('counting.recordLine', boltA1), qa('counting.recordLine', frameA1)]);
    await pushOk(b.credential, [
      qb('counting.recordLine', six), qb('counting.recordLine', stray),
      qb('counting.voidLine', { lineId: stray.lineId, sessionId: id, by: 'Berta' }), qb('counting.recordLine', four),
    ]);

    docs = await siteDocuments(app, a.credential);
    // The server resolved the barcode itself: B's device guessed the frame, the barcode is the bolt's.
    expect(docs.get(`count_line/${six.lineId}`)).toEqual({
      id: six.lineId, sessionId: id, locationId: 'loc_a2', itemId: 'itm_bolt', barcode: '4006381333948', lot: null, expiry: null,
      quantity: 6, counter: 'Berta', deviceId: b.deviceId, countedAt: six.countedAt, round: 1, voided: false,
    });
    expect(docs.get(`count_line/${stray.lineId}`)).toMatchObject({ voided: true, quantity: 99 });
    expect(docs.get(`count_line/${frameA1.lineId}`)).toMatchObject({ itemId: 'itm_frame', deviceId: a.deviceId });

    await pushOk(a.credential, [qa('counting.submitSession', { sessionId: id, by: 'Ali' }), qa('counting.approveSession', { sessionId: id, by: 'Maria' })]);

    // The ledger, read directly: one adjustment, for the only row that differed.
    const adjustments = await db().selectFrom('stock_movements').select(['location_id', 'item_id', 'quantity', 'movement_id'])
      .where('tenant_id', '=', 'tnt_demo').where('kind', '=', 'count_adjustment').where('reference', '=', 'count Lifecycle').execute();
    expect(adjustments.map((m) => ({ ...m, quantity: Number(m.quantity) }))).toEqual([
      { location_id: 'loc_a1', item_id: 'itm_bolt', quantity: -0.5, movement_id: countMovementId(id, 'loc_a1', 'itm_bolt') },
    ]);
    expect(await onHand('loc_a1', 'itm_bolt')).toBe(before.a1Bolt - 0.5);
    expect(await onHand('loc_a2', 'itm_bolt')).toBe(before.a2Bolt);

    const audit = await db().selectFrom('count_audit').selectAll().where('session_id', '=', id).orderBy('location_id').orderBy('item_id').execute();
    expect(audit.map((r) => ({ row: `${r.location_id}|${r.item_id}`, counters: r.counters, devices: r.devices, counted: Number(r.counted), expected: Number(r.expected_at_count), adjustment: Number(r.adjustment), movement: r.movement_id, by: r.approved_by }))).toEqual([
      { row: 'loc_a1|itm_bolt', counters: ['Ali'], devices: [a.deviceId], counted: before.a1Bolt - 0.5, expected: before.a1Bolt, adjustment: -0.5, movement: countMovementId(id, 'loc_a1', 'itm_bolt'), by: 'Maria' },
      { row: 'loc_a1|itm_frame', counters: ['Ali'], devices: [a.deviceId], counted: before.a1Frame, expected: before.a1Frame, adjustment: 0, movement: null, by: 'Maria' },
      { row: 'loc_a2|itm_bolt', counters: ['Berta'], devices: [b.deviceId], counted: before.a2Bolt, expected: before.a2Bolt, adjustment: 0, movement: null, by: 'Maria' },
    ]);
    expect(audit[0]!.counted_at?.toISOString()).toBe(boltA1.countedAt);

    docs = await siteDocuments(app, b.credential);
    expect(docs.get(`count_session/${id}`)).toMatchObject({ status: 'approved', approvedBy: 'Maria', approvedAt: expect.any(String), submittedAt: expect.any(String) });
    expect(docs.get(`count_expected/${id}|loc_a1|itm_bolt`)).toMatchObject({ posted: { movementId: countMovementId(id, 'loc_a1', 'itm_bolt'), quantity: -0.5, at: expect.any(String) } });
    expect(docs.get(`count_expected/${id}|loc_a2|itm_bolt`)).toMatchObject({ posted: null });
    expect(docs.get('stock_level/loc_a1|itm_bolt')).toEqual({ siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: before.a1Bolt - 0.5 });

    // Everything the commands replicated is what a rebuild derives from the tables.
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });

  it('rejects, with the reason, the scans of a session cancelled while the device was offline, and keeps the rest of its batch', async () => {
    const s = sessionArgs({ name: 'Aisle 1 Monday', locationIds: ['loc_a1'] });
    await pushOk(a.credential, [qa('counting.createSession', s), qa('counting.startSession', { sessionId: s.sessionId, by: 'Maria' })]);
    // B counted offline; meanwhile the manager cancelled the session.
    const early = lineArgs(s.sessionId, { counter: 'Berta', quantity: 3 });
    const late = lineArgs(s.sessionId, { counter: 'Berta', quantity: 4 });
    await pushOk(b.credential, [qb('counting.recordLine', early)]);
    await pushOk(a.credential, [qa('counting.cancelSession', { sessionId: s.sessionId, reason: 'wrong aisle', by: 'Maria' })]);
    const bolt = await onHand('loc_a2', 'itm_bolt');
    const res = await push(app, b.credential, [
      // The early line replayed under a new id (a re-sent outbox): already recorded, not a rejection.
      qb('counting.recordLine', early), qb('counting.recordLine', late), movementCommand(4, { locationId: 'loc_a2', quantity: 2 }),
    ]);
    expect(res.data).toEqual({
      lastMutationId: 4,
      rejections: [{ mutationId: 3, name: 'counting.recordLine', code: ErrorCode.CommandRejected, reason: 'Session Aisle 1 Monday was cancelled; this scan was not recorded.' }],
    });
    expect(await onHand('loc_a2', 'itm_bolt')).toBe(bolt + 2);
    // The rejected scan is kept with its arguments, so the device can list and export it.
    const stored = await db().selectFrom('sync_rejections').select(['mutation_id', 'args']).where('device_id', '=', b.deviceId).execute();
    expect(stored).toEqual([{ mutation_id: '3', args: expect.objectContaining({ lineId: late.lineId, quantity: 4 }) }]);
    const lines = await db().selectFrom('count_lines').select('id').where('session_id', '=', s.sessionId).execute();
    expect(lines.map((l) => l.id)).toEqual([early.lineId]);
    const docs = await siteDocuments(app, b.credential);
    expect(docs.get(`count_session/${s.sessionId}`)).toMatchObject({ status: 'cancelled', cancelReason: 'wrong aisle', cancelledAt: expect.any(String) });
  });

  it('sends rows over tolerance back for a recount that only someone else may do', async () => {
    const bolt = await onHand('loc_a1', 'itm_bolt');
    const frame = await onHand('loc_a1', 'itm_frame');
    const s = sessionArgs({ name: 'Recount', locationIds: ['loc_a1'] });
    const id = s.sessionId;
    await pushOk(a.credential, [
      qa('counting.createSession', s), qa('counting.startSession', { sessionId: id, by: 'Maria' }),
      qa('counting.recordLine', lineArgs(id, { quantity: bolt - 30 })), qa('counting.recordLine', lineArgs(id, { barcode: 'FRAME-1', quantity: frame })),
      qa('counting.submitSession', { sessionId: id, by: 'Ali' }),
    ]);
    const refused = await push(app, a.credential, [qa('counting.approveSession', { sessionId: id, by: 'Maria' })]);
    expect(refused.data.rejections).toEqual([{ mutationId: 6, name: 'counting.approveSession', code: ErrorCode.CommandRejected, reason: 'Session Recount cannot be approved yet: BOLT-M8 at A-01 (needs a recount).' }]);

    await pushOk(a.credential, [qa('counting.requestRecount', { sessionId: id, lines: [{ locationId: 'loc_a1', itemId: 'itm_bolt' }], by: 'Maria' })]);
    let docs = await siteDocuments(app, b.credential);
    expect(docs.get(`count_session/${id}`)).toMatchObject({
      status: 'counting', submittedAt: null,
      recounts: [{ locationId: 'loc_a1', itemId: 'itm_bolt', round: 2, excludedCounters: ['Ali'], requestedBy: 'Maria', requestedAt: expect.any(String) }],
    });

    const again = lineArgs(id, { counter: ' ali', quantity: bolt - 30 });
    const recount = lineArgs(id, { counter: 'Berta', quantity: bolt });
    const res = await push(app, b.credential, [qb('counting.recordLine', again), qb('counting.recordLine', recount)]);
    expect(res.data).toEqual({ lastMutationId: 2, rejections: [{ mutationId: 1, name: 'counting.recordLine', code: ErrorCode.CommandRejected, reason: 'A recount must be done by someone other than Ali; this scan was not recorded.' }] });
    docs = await siteDocuments(app, b.credential);
    expect(docs.get(`count_line/${recount.lineId}`)).toMatchObject({ round: 2, counter: 'Berta', itemId: 'itm_bolt' });

    await pushOk(b.credential, [qb('counting.submitSession', { sessionId: id, by: 'Berta' }), qb('counting.approveSession', { sessionId: id, by: 'Maria' })]);
    // Round 2 found what was expected: nothing to post, and round 1's count is history.
    const posted = await db().selectFrom('stock_movements').select('id').where('movement_id', '=', countMovementId(id, 'loc_a1', 'itm_bolt')).execute();
    expect(posted).toEqual([]);
    expect(await onHand('loc_a1', 'itm_bolt')).toBe(bolt);
    const audit = await db().selectFrom('count_audit').select(['item_id', 'counted', 'adjustment']).where('session_id', '=', id).orderBy('item_id').execute();
    expect(audit.map((r) => [r.item_id, Number(r.counted), Number(r.adjustment)])).toEqual([['itm_bolt', bolt, 0], ['itm_frame', frame, 0]]);
  });

  it('enforces the order of states and the device\'s own site, with reasons', async () => {
    const s = sessionArgs({ name: 'States', locationIds: ['loc_a2'] });
    const id = s.sessionId;
    const elsewhere = await enrollTestDevice(app, db(), 'site_b');
    const qe = outbox();
    const res = await push(app, a.credential, [
      qa('counting.createSession', s),
      qa('counting.recordLine', lineArgs(id, { locationId: 'loc_a2' })),
      qa('counting.approveSession', { sessionId: id, by: 'Maria' }),
      qa('counting.createSession', sessionArgs({ locationIds: ['loc_b1'] })),
      qa('counting.createSession', sessionArgs({ kind: 'cycle', itemIds: ['itm_bolt', 'itm_ghost'] })),
      qa('counting.startSession', { sessionId: id, by: 'Maria' }),
      qa('counting.startSession', { sessionId: id, by: 'Maria' }),
      qa('counting.cancelSession', { sessionId: id, reason: 'done', by: 'Maria' }),
      qa('counting.startSession', { sessionId: id, by: 'Maria' }),
      qa('counting.submitSession', { sessionId: id, by: 'Maria' }),
    ]);
    expect(res.data.lastMutationId).toBe(10);
    expect(res.data.rejections.map((r) => [r.mutationId, r.code, r.reason])).toEqual([
      [2, ErrorCode.CommandRejected, 'Session States has not started yet; this scan was not recorded.'],
      [3, ErrorCode.CommandRejected, 'Session States has not started yet; only a submitted session can be approved.'],
      [4, ErrorCode.NotFound, 'There is no location loc_b1 at site site_a.'],
      [5, ErrorCode.NotFound, 'There is no item itm_ghost.'],
      [9, ErrorCode.CommandRejected, 'Session States was cancelled; only a draft session can be started.'],
      [10, ErrorCode.CommandRejected, 'Session States was cancelled; only a session being counted can be submitted.'],
    ]);
    const foreign = await push(app, elsewhere.credential, [
      qe('counting.startSession', { sessionId: id, by: 'Maria' }),
      qe('counting.createSession', sessionArgs()),
    ]);
    expect(foreign.data.rejections.map((r) => [r.code, r.reason])).toEqual([
      [ErrorCode.Forbidden, 'Session States belongs to site site_a; this device belongs to site site_b.'],
      [ErrorCode.Forbidden, 'This device belongs to site site_b and cannot create count sessions at site site_a.'],
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CountSession } from '@capliquify/shared';
import { onHand } from '../sync-engine/test/engine-harness';
import { queueCommand } from '../sync-engine/local-commands.service';
import { listOutbox } from '../sync-engine/outbox.repo';
import { applyPullPage } from '../sync-engine/rebase.service';
import { readExpected } from './count-rows.repo';
import { signInTestOperator } from '../test/test-operator';
import { BOLT_EAN, openCountingReplica, startedSession, type CountingReplica } from './test/counting-replica';

let r: CountingReplica;
beforeEach(async () => {
  r = await openCountingReplica();
});
afterEach(() => r.close());

const base = { siteId: 'site-a', name: 'Aisles', kind: 'full' as const, blind: false, locationIds: ['loc-a1', 'loc-a2'], itemIds: null, toleranceQtyPct: 5, toleranceValueMinor: 10_000, counters: [] };
const rowOf = async (sessionId: string, itemId: string) => (await r.counting.session(sessionId)).variance.rows.find((row) => row.itemId === itemId && row.locationId === 'loc-a1');

describe('creating and starting sessions', () => {
  it('refuses bad settings with the shared schema’s words and the replica’s facts', async () => {
    await expect(r.counting.create({ ...base, name: ' ' })).rejects.toThrow('name: give the session a name');
    await expect(r.counting.create({ ...base, kind: 'cycle' })).rejects.toThrow('itemIds: a cycle count lists its items; a full count lists none');
    await expect(r.counting.create({ ...base, locationIds: ['loc-a1', 'loc-b1', 'loc-zz'] })).rejects.toThrow('There is no location loc-b1, loc-zz at site site-a.');
    await expect(r.counting.create({ ...base, siteId: 'site-b', locationIds: ['loc-b1'] })).rejects.toThrow('This station counts at site-a, not at site site-b.');
    await expect(r.counting.create({ ...base, kind: 'cycle', itemIds: ['item-0001', 'item-9999'] })).rejects.toThrow('There is no item item-9999.');
    expect(await listOutbox(r.db)).toEqual([]);
  });

  it('lists sessions newest first with their counts, and freezes the replica’s on-hand at start', async () => {
    const first = await startedSession(r);
    const { sessionId: cycle } = await r.counting.create({ ...base, name: 'Cycle', kind: 'cycle', itemIds: ['item-0001', 'item-0002'] });
    const { sessions } = await r.counting.sessions();
    expect(sessions.map((s) => [s.name, s.status, s.expectedRows, s.locationCount])).toEqual([['Cycle', 'draft', 0, 2], ['Aisles', 'counting', 6, 2]]);
    expect((await r.counting.sessions('counting')).sessions.map((s) => s.id)).toEqual([first]);
    // Full count: every item with stock in the locations (A-02 holds none), at its cost now.
    const view = await r.counting.session(first);
    expect(view.variance.rows.map((row) => [row.locationCode, row.sku, row.frozenQty, row.unitCostMinor, row.status]).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => ['A-01', `SKU-000${i}`, i, 100 * i, 'not_counted']));
    expect(view).toMatchObject({ pending: true, expectedHidden: false, locations: [{ code: 'A-01' }, { code: 'A-02' }], session: { status: 'counting', currency: 'GBP' } });
    // Cycle count: the listed items in every location, zero balances included.
    await r.counting.start(cycle);
    expect((await r.counting.session(cycle)).variance.rows.map((row) => `${row.locationCode}/${row.sku}=${row.frozenQty}`).sort())
      .toEqual(['A-01/SKU-0001=1', 'A-01/SKU-0002=2', 'A-02/SKU-0001=0', 'A-02/SKU-0002=0']);
    await expect(r.counting.start(first)).rejects.toThrow('Session Aisles is being counted; only a draft session can be started.');
  });

  it('marks blind sessions’ expected quantities hidden until they are submitted', async () => {
    const sessionId = await startedSession(r, { blind: true });
    expect((await r.counting.session(sessionId)).expectedHidden).toBe(true);
    await r.counting.submit(sessionId);
    expect((await r.counting.session(sessionId)).expectedHidden).toBe(false);
  });
});

describe('from counting to approval', () => {
  it('blocks approval over tolerance, recounts by someone else, then approves and predicts the ledger', async () => {
    const sessionId = await startedSession(r);
    // A sale from a counted bin before its count: the count is compared with what was there then.
    await queueCommand(r.db, 'inventory.recordMovement', { movementId: crypto.randomUUID(), siteId: 'site-a', locationId: 'loc-a1', itemId: 'item-0005', kind: 'issue', quantity: 1 });
    expect((await readExpected(r.db, sessionId, 'loc-a1', 'item-0005'))?.movements).toMatchObject([{ quantity: -1 }]);
    for (const i of [1, 2, 4, 6]) await r.counting.scan({ sessionId, locationId: 'loc-a1', raw: `SKU-000${i}`, quantity: i });
    await r.counting.scan({ sessionId, locationId: 'loc-a1', raw: '500000005', quantity: 4 });
    await r.counting.scan({ sessionId, locationId: 'loc-a1', raw: '500000003', quantity: 1 });
    await r.counting.scan({ sessionId, locationId: 'loc-a2', raw: BOLT_EAN, quantity: 2 });
    expect(await rowOf(sessionId, 'item-0005')).toMatchObject({ counted: 4, expectedAtCount: 4, varianceQty: 0, status: 'ok' });

    await expect(r.counting.approve(sessionId)).rejects.toThrow('Session Aisles is being counted; only a submitted session can be approved.');
    await r.counting.submit(sessionId);
    await expect(r.counting.approve(sessionId)).rejects.toThrow('Session Aisles cannot be approved yet: SKU-0003 at A-01 (needs a recount); SKU-0001 at A-02 (needs a recount).');

    await expect(r.counting.requestRecount(sessionId, [{ locationId: 'loc-a2', itemId: 'item-0006' }])).rejects.toThrow(
      'Nothing was expected or counted for SKU-0006 at A-02 in session Aisles, so there is nothing to recount.');
    // Bolts found where none were expected are over any percentage tolerance: recounted too.
    await r.counting.requestRecount(sessionId, [{ locationId: 'loc-a1', itemId: 'item-0003' }, { locationId: 'loc-a2', itemId: 'item-0001' }]);
    const recounting = await r.counting.session(sessionId);
    expect(recounting.session).toMatchObject({ status: 'counting', submittedAt: null, recounts: [{ locationId: 'loc-a1', itemId: 'item-0003', round: 2, excludedCounters: ['Ana'], requestedBy: 'Ana' }, { round: 2 }] });
    expect(await rowOf(sessionId, 'item-0003')).toMatchObject({ status: 'recount_requested', round: 2, counted: null });

    await expect(r.counting.scan({ sessionId, locationId: 'loc-a1', raw: 'SKU-0003', quantity: 2 })).rejects.toThrow('A recount must be done by someone other than Ana.');
    await signInTestOperator(r.db, 'Ben');
    expect((await r.counting.scan({ sessionId, locationId: 'loc-a1', raw: 'SKU-0003', quantity: 2 })).line).toMatchObject({ round: 2, counter: 'Ben' });
    expect(await rowOf(sessionId, 'item-0003')).toMatchObject({ status: 'recounted', counted: 2, varianceQty: -1, valueMinor: -300, counters: ['Ben'] });
    await r.counting.scan({ sessionId, locationId: 'loc-a2', raw: BOLT_EAN, quantity: 2 });

    await r.counting.submit(sessionId);
    await r.counting.approve(sessionId);
    const approved = await r.counting.session(sessionId);
    expect(approved.session).toMatchObject({ status: 'approved', approvedBy: 'Ben' });
    // The adjustments the server will post, shown at once: 3 − 1 at A-01, +2 bolts found at A-02.
    expect(await onHand(r.db, 'loc-a1', 'item-0003')).toBe(2);
    expect(await onHand(r.db, 'loc-a2', 'item-0001')).toBe(2);
    expect(await onHand(r.db, 'loc-a1', 'item-0005')).toBe(4);
    expect((await readExpected(r.db, sessionId, 'loc-a1', 'item-0003'))?.posted).toMatchObject({ quantity: -1, movementId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5/) });
    await expect(r.counting.cancel(sessionId, 'too late')).rejects.toThrow('Session Aisles was approved; it cannot be cancelled.');
  });

  it('cancels with a reason, and only with one', async () => {
    const sessionId = await startedSession(r);
    await expect(r.counting.cancel(sessionId, '  ')).rejects.toThrow('reason: say why the session is cancelled');
    await r.counting.cancel(sessionId, 'wrong bins');
    expect((await r.counting.session(sessionId)).session).toMatchObject({ status: 'cancelled', cancelReason: 'wrong bins' });
    await expect(r.counting.submit(sessionId)).rejects.toThrow('Session Aisles was cancelled; only a session being counted can be submitted.');
  });
});

describe('pending scans on top of pulled pages', () => {
  it('re-applies them after every page, and drops them once a pulled page says the session was cancelled', async () => {
    const sessionId = await startedSession(r);
    const counting = (await r.counting.session(sessionId)).session;
    const scanned = await r.counting.scan({ sessionId, locationId: 'loc-a1', raw: BOLT_EAN });
    const page = (session: CountSession, lastMutationId: number) => ({
      changes: [{ scope: 'site:site-a', entity: 'count_session' as const, id: sessionId, version: lastMutationId + 10, deleted: false, data: session }],
      cursors: { 'site:site-a': `c${lastMutationId}` }, resetScopes: [], leftScopes: [], scopes: ['site:site-a'], hasMore: false, lastMutationId,
    });
    // The server confirmed the create and the start (commands 1 and 2); the scan is still pending.
    await applyPullPage(r.db, page({ ...counting, startedAt: '2026-01-01T00:00:00.000Z' }, 2), 0);
    const view = await r.counting.session(sessionId);
    expect(view.session.startedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(view.myLastLine?.id).toBe(scanned.line.id);
    expect(view.variance.totals.lines).toBe(1);
    // Someone cancelled it on the server before our scan arrived: the server will reject the scan, so it shows no more.
    await applyPullPage(r.db, page({ ...counting, status: 'cancelled', cancelledAt: '2026-01-01T00:05:00.000Z', cancelReason: 'wrong bins' }, 2), 0);
    const cancelled = await r.counting.session(sessionId);
    expect(cancelled.session.status).toBe('cancelled');
    expect(cancelled.variance.totals.lines).toBe(0);
    expect(cancelled.pending).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countExpectedId, type CountExpected, type CountLine, type CountSession } from '@capliquify/shared';
import { openReplica, type Replica } from '../replica/open-replica';
import { deleteTypedRow, writeTypedRows } from '../sync-engine/typed-rows.repo';
import { listSessionExpected, listSessionLines, readSession } from './count-rows.repo';

let replica: Replica;
beforeEach(async () => {
  replica = await openReplica(':memory:');
});
afterEach(() => replica.close());

const SESSION = '7b0f2d3c-3a7e-4f4b-9a51-2f1c8e0d9a10';
const session: CountSession = {
  id: SESSION, siteId: 'site-a', name: 'Aisles', kind: 'full', blind: true, locationIds: ['loc-a1'], itemIds: null, toleranceQtyPct: 5,
  toleranceValueMinor: 500, currency: 'EUR', counters: ['Ana'], status: 'counting', createdBy: 'Ana', createdAt: '2026-01-05T08:00:00.000Z',
  startedAt: '2026-01-05T08:01:00.000Z', submittedAt: null, approvedAt: null, approvedBy: null, cancelledAt: null, cancelReason: null,
  recounts: [{ locationId: 'loc-a1', itemId: 'itm-1', round: 2, excludedCounters: ['Ana'], requestedBy: 'Max', requestedAt: '2026-01-05T09:00:00.000Z' }],
};
const expected: CountExpected = {
  sessionId: SESSION, locationId: 'loc-a1', itemId: 'itm-1', frozenQty: 12.5, unitCostMinor: 40,
  movements: [{ at: '2026-01-05T08:30:00.000Z', quantity: -2 }], posted: { movementId: 'm-1', quantity: -0.5, at: '2026-01-05T10:00:00.000Z' },
};
const line: CountLine = {
  id: 'line-1', sessionId: SESSION, locationId: 'loc-a1', itemId: null, barcode: '123', lot: 'L1', expiry: '2027-01-31', quantity: 3,
  counter: 'Ana', deviceId: 'dev-1', countedAt: '2026-01-05T08:20:00.000Z', round: 1, voided: true,
};

const write = (entity: 'count_session' | 'count_expected' | 'count_line', id: string, data: unknown) =>
  replica.db.transaction().execute((trx) => writeTypedRows(trx, entity, [{ id, data }]));

describe('count documents in the replica', () => {
  it('are written from the shared schemas (fields a newer server adds are dropped) and read back whole', async () => {
    await write('count_session', SESSION, { ...session, addedLater: { x: 1 } });
    await write('count_expected', countExpectedId(SESSION, 'loc-a1', 'itm-1'), { ...expected, addedLater: true });
    await write('count_line', line.id, { ...line, addedLater: 'yes' });
    expect(await readSession(replica.db, SESSION)).toEqual(session);
    expect(await listSessionExpected(replica.db, SESSION)).toEqual([expected]);
    expect(await listSessionLines(replica.db, SESSION)).toEqual([line]);
  });

  it('are removed by tombstones', async () => {
    await write('count_session', SESSION, session);
    await write('count_expected', countExpectedId(SESSION, 'loc-a1', 'itm-1'), expected);
    await write('count_line', line.id, line);
    await deleteTypedRow(replica.db, 'count_session', SESSION);
    await deleteTypedRow(replica.db, 'count_expected', countExpectedId(SESSION, 'loc-a1', 'itm-1'));
    await deleteTypedRow(replica.db, 'count_line', line.id);
    expect(await readSession(replica.db, SESSION)).toBeNull();
    expect(await listSessionExpected(replica.db, SESSION)).toEqual([]);
    expect(await listSessionLines(replica.db, SESSION)).toEqual([]);
  });

  it('fail the pull when a document does not match its schema', async () => {
    await expect(write('count_line', line.id, { ...line, quantity: 'three' })).rejects.toThrow(/quantity/);
    expect(await listSessionLines(replica.db, SESSION)).toEqual([]);
  });
});

import type { Change, PullResponse } from '@capliquify/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReplica, type Replica } from '../replica/open-replica';
import { getConfirmedRow, listCursors } from './confirmed-rows.repo';
import { queueCommand } from './local-commands.service';
import { countOutbox, getAckedMutationId, listOutbox, listPendingTouched } from './outbox.repo';
import { StalePullError, applyPullPage } from './rebase.service';
import { signInTestOperator } from '../test/test-operator';
import { movement, onHand } from './test/engine-harness';

let replica: Replica;
beforeEach(async () => {
  replica = await openReplica(':memory:');
  await signInTestOperator(replica.db);
});
afterEach(() => replica.close());

const level = (onHandQty: number, version: number, itemId = 'item-1'): Change => ({
  scope: 'site:site-a', entity: 'stock_level', id: `loc-a1|${itemId}`, version, deleted: false,
  data: { siteId: 'site-a', locationId: 'loc-a1', itemId, onHand: onHandQty },
});
const page = (over: Partial<PullResponse>): PullResponse => ({
  changes: [], cursors: {}, resetScopes: [], leftScopes: [], scopes: ['catalog', 'site:site-a'], hasMore: false, lastMutationId: 0, ...over,
});
const issue = (quantity: number, itemId = 'item-1') => movement({ itemId, kind: 'issue', quantity });

describe('applyPullPage and the rebase', () => {
  it('keeps confirmed state apart from pending commands and re-applies them on top of each pull', async () => {
    await applyPullPage(replica.db, page({ changes: [level(10, 1)], cursors: { 'site:site-a': 'c1' } }), 0);
    const { mutationId } = await queueCommand(replica.db, 'inventory.recordMovement', issue(3));
    expect(mutationId).toBe(1);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(7);
    expect((await getConfirmedRow(replica.db, 'stock_level', 'loc-a1|item-1'))?.data).toMatchObject({ onHand: 10 });
    expect(await listPendingTouched(replica.db)).toEqual([{ entity: 'stock_level', id: 'loc-a1|item-1' }]);

    // Someone else received 10 more; our issue is not acknowledged yet, so it is re-applied on top.
    await applyPullPage(replica.db, page({ changes: [level(20, 2)], cursors: { 'site:site-a': 'c2' } }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(17);
    expect(await countOutbox(replica.db)).toBe(1);

    // The server applied our issue: the command leaves the outbox with the cursor, nothing is counted twice.
    await applyPullPage(replica.db, page({ changes: [level(17, 3)], cursors: { 'site:site-a': 'c3' }, lastMutationId: 1 }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(17);
    expect(await countOutbox(replica.db)).toBe(0);
    expect(await listPendingTouched(replica.db)).toEqual([]);
    expect(await listCursors(replica.db)).toEqual({ catalog: null, 'site:site-a': 'c3' });
    expect(await getAckedMutationId(replica.db)).toBe(1);
  });

  it('drops a rejected command’s effect once the server has moved past it, and numbers the next command after it', async () => {
    await applyPullPage(replica.db, page({ changes: [level(2, 1)] }), 0);
    await queueCommand(replica.db, 'inventory.recordMovement', issue(5));
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(-3);
    await applyPullPage(replica.db, page({ lastMutationId: 1 }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(2);
    expect((await queueCommand(replica.db, 'inventory.recordMovement', issue(1))).mutationId).toBe(2);
  });

  it('removes a row a pending command created when the server never confirmed it', async () => {
    await queueCommand(replica.db, 'inventory.recordMovement', movement({ itemId: 'item-new', quantity: 4 }));
    expect(await onHand(replica.db, 'loc-a1', 'item-new')).toBe(4);
    await applyPullPage(replica.db, page({ lastMutationId: 1 }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-new')).toBeNull();
  });

  it('applies nothing of a page that fails midway: cursor, outbox and visible rows stay as they were', async () => {
    await applyPullPage(replica.db, page({ changes: [level(10, 1)], cursors: { 'site:site-a': 'c1' } }), 0);
    await queueCommand(replica.db, 'inventory.recordMovement', issue(1));
    const broken: Change = { scope: 'site:site-a', entity: 'stock_level', id: 'loc-a1|item-2', version: 3, deleted: false, data: { onHand: 'lots' } };
    await expect(applyPullPage(replica.db, page({ changes: [level(50, 2), broken], cursors: { 'site:site-a': 'c3' }, lastMutationId: 1 }), 0)).rejects.toThrow();
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(9);
    expect(await listCursors(replica.db)).toEqual({ catalog: null, 'site:site-a': 'c1' });
    expect(await listOutbox(replica.db)).toHaveLength(1);
  });

  it('refuses a pull answered as of a command older than one already acknowledged', async () => {
    await expect(applyPullPage(replica.db, page({ changes: [level(1, 1)], lastMutationId: 2 }), 3)).rejects.toBeInstanceOf(StalePullError);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBeNull();
  });

  it('deletes tombstoned rows and the rows of a scope the device left', async () => {
    const item = { id: 'item-9', sku: 'S9', name: 'Nine', type: 'raw', category: 'c', unit: 'ea', barcodes: ['999'], costMinor: 1, currency: 'GBP', reorderPoint: 0, safetyStock: 0, leadTimeDays: 0, supplierId: null };
    await applyPullPage(replica.db, page({
      changes: [level(1, 1), level(2, 2, 'item-2'), { scope: 'catalog', entity: 'item', id: 'item-9', version: 1, deleted: false, data: item }],
      cursors: { catalog: 'k1', 'site:site-a': 's2' },
    }), 0);
    expect(await replica.db.selectFrom('item_barcodes').selectAll().execute()).toEqual([{ barcode: '999', item_id: 'item-9' }]);
    await applyPullPage(replica.db, page({ changes: [{ ...level(0, 3), deleted: true, data: null }], cursors: { 'site:site-a': 's3' } }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBeNull();
    expect(await onHand(replica.db, 'loc-a1', 'item-2')).toBe(2);
    await applyPullPage(replica.db, page({ leftScopes: ['site:site-a'], scopes: ['catalog'] }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-2')).toBeNull();
    expect(await listCursors(replica.db)).toEqual({ catalog: 'k1' });
    expect(await replica.db.selectFrom('items').select('id').execute()).toEqual([{ id: 'item-9' }]);
  });

  it('keeps a reset scope visible during its re-bootstrap, drops what did not come back, and keeps pending commands', async () => {
    await applyPullPage(replica.db, page({ changes: [level(5, 1), level(6, 2, 'item-2')], cursors: { 'site:site-a': 's2' } }), 0);
    await queueCommand(replica.db, 'inventory.recordMovement', issue(1));
    // First page of the re-bootstrap: item-2 is still shown, item-1 is refreshed.
    await applyPullPage(replica.db, page({ resetScopes: ['site:site-a'], changes: [level(8, 1)], cursors: { 'site:site-a': 'r1' }, hasMore: true }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-2')).toBe(6);
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(7);
    await applyPullPage(replica.db, page({ cursors: { 'site:site-a': 'r2' } }), 0);
    expect(await onHand(replica.db, 'loc-a1', 'item-2')).toBeNull();
    expect(await onHand(replica.db, 'loc-a1', 'item-1')).toBe(7);
    expect(await countOutbox(replica.db)).toBe(1);
  });
});

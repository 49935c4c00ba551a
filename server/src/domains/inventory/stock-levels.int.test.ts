import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { postMovement } from './movement.service';

describe.each(BACKENDS)('stock levels with allocations on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;
  const level = async (id: string) => {
    const row = await db().selectFrom('sync_rows').select(['data', 'deleted']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'site:site_a')
      .where('entity', '=', 'stock_level').where('id', '=', id).executeTakeFirst();
    return row?.deleted ? null : (row?.data ?? null);
  };

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'stock-levels');
    await insertFixture(db());
    const allocation = { tenant_id: 'tnt_demo', site_id: 'site_a', reference: 'SO-1' };
    await db().insertInto('stock_allocations').values([
      { ...allocation, location_id: 'loc_a1', item_id: 'itm_bolt', quantity: 30 },
      { ...allocation, location_id: 'loc_a1', item_id: 'itm_bolt', quantity: '0.5' },
      // Released: shipped or cancelled, no longer reserved.
      { ...allocation, location_id: 'loc_a1', item_id: 'itm_bolt', quantity: 5, released_at: new Date() },
      // Reserved where nothing is on hand yet (awaiting a receipt).
      { ...allocation, location_id: 'loc_a2', item_id: 'itm_frame', quantity: 2 },
    ]).execute();
    await rebuildScopes(db(), 'tnt_demo');
  });
  afterAll(() => testDb.cleanup());

  it('replicates open reservations as allocated, and leaves the field out where nothing is reserved', async () => {
    expect(await level('loc_a1|itm_bolt')).toEqual({ siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 200.5, allocated: 30.5 });
    expect(await level('loc_a2|itm_frame')).toEqual({ siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_frame', onHand: 0, allocated: 2 });
    expect(await level('loc_a2|itm_bolt')).toEqual({ siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_bolt', onHand: 10 });
  });

  it('keeps allocated on the stock level a movement rewrites, as a rebuild would', async () => {
    await db().transaction().execute((trx) => postMovement(trx, 'tnt_demo', {
      movementId: randomUUID(), siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', kind: 'issue', quantity: 0.5,
    }));
    await db().transaction().execute((trx) => postMovement(trx, 'tnt_demo', {
      movementId: randomUUID(), siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_frame', kind: 'receipt', quantity: 1,
    }));
    expect(await level('loc_a1|itm_bolt')).toEqual({ siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 200, allocated: 30.5 });
    expect(await level('loc_a2|itm_frame')).toEqual({ siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_frame', onHand: 1, allocated: 2 });
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { rebuildScopes, type RebuildResult } from './rebuild-scopes.service';

const BOLT = {
  id: 'itm_bolt', sku: 'BOLT-M8', name: 'Bolt M8', type: 'raw', category: 'parts', unit: 'ea',
  barcodes: ['4006381333931', '4006381333948'], costMinor: 12, currency: 'EUR',
  reorderPoint: 100.5, safetyStock: 40, leadTimeDays: 7, supplierId: null,
};
const FRAME = {
  id: 'itm_frame', sku: 'FRAME-1', name: 'Frame', type: 'finished', category: 'parts', unit: 'ea',
  barcodes: [], costMinor: 4500, currency: 'EUR', reorderPoint: 5, safetyStock: 2, leadTimeDays: 7, supplierId: null,
};

describe.each(['postgres', 'pglite'] as const)('rebuildScopes on %s', (kind) => {
  let testDb: TestDatabase;
  let first: RebuildResult;
  const db = () => testDb.handle.db;
  const live = async (scope: string) => {
    const rows = await db().selectFrom('sync_rows').select(['entity', 'id', 'data'])
      .where('tenant_id', '=', 'tnt_demo').where('scope', '=', scope).where('deleted', '=', false)
      .orderBy('entity').orderBy('id').execute();
    return rows.map((r) => ({ entity: r.entity, id: r.id, data: r.data }));
  };

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'rebuild');
    await insertFixture(db());
    first = await rebuildScopes(db(), 'tnt_demo');
  });
  afterAll(() => testDb.cleanup());

  it('writes the catalog and each site of the tenant, and nothing of another tenant', async () => {
    expect(first).toEqual({ changed: { catalog: 2, 'site:site_a': 6 } });
    const scopes = await db().selectFrom('sync_rows').select('scope').distinct().where('tenant_id', '=', 'tnt_demo').orderBy('scope').execute();
    expect(scopes.map((s) => s.scope)).toEqual(['catalog', 'site:site_a']);
  });

  it('replicates the items in the shared item shape, with their barcodes', async () => {
    expect(await live('catalog')).toEqual([
      { entity: 'item', id: 'itm_bolt', data: BOLT },
      { entity: 'item', id: 'itm_frame', data: FRAME },
    ]);
  });

  it('replicates the site, its locations and the non-zero on-hand derived from the ledger', async () => {
    expect(await live('site:site_a')).toEqual([
      { entity: 'location', id: 'loc_a1', data: { id: 'loc_a1', siteId: 'site_a', code: 'A-01', name: 'Aisle 1' } },
      { entity: 'location', id: 'loc_a2', data: { id: 'loc_a2', siteId: 'site_a', code: 'A-02', name: 'Aisle 2' } },
      { entity: 'site', id: 'site_a', data: { id: 'site_a', code: 'PLANT-A', name: 'Plant A', kind: 'plant', timezone: 'Europe/Berlin' } },
      // loc_a2|itm_frame was received and fully shipped: a zero balance is not replicated.
      { entity: 'stock_level', id: 'loc_a1|itm_bolt', data: { siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 200.5 } },
      { entity: 'stock_level', id: 'loc_a1|itm_frame', data: { siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_frame', onHand: 3 } },
      { entity: 'stock_level', id: 'loc_a2|itm_bolt', data: { siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_bolt', onHand: 10 } },
    ]);
  });

  it('changes nothing when run again, then rewrites only the item whose barcodes changed, barcodes in order', async () => {
    const versions = await db().selectFrom('sync_scopes').select(['scope', 'version']).where('tenant_id', '=', 'tnt_demo').orderBy('scope').execute();
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
    expect(await db().selectFrom('sync_scopes').select(['scope', 'version']).where('tenant_id', '=', 'tnt_demo').orderBy('scope').execute()).toEqual(versions);

    await db().insertInto('item_barcodes').values({ tenant_id: 'tnt_demo', barcode: '0000000000017', item_id: 'itm_bolt' }).execute();
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: { catalog: 1 } });
    expect(await live('catalog')).toEqual([
      { entity: 'item', id: 'itm_bolt', data: { ...BOLT, barcodes: ['0000000000017', ...BOLT.barcodes] } },
      { entity: 'item', id: 'itm_frame', data: FRAME },
    ]);
  });
});

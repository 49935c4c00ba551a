import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCatalog } from '../test/fake-catalog';
import { stockLevelId, writeTypedRows } from '../sync-engine/typed-rows.repo';
import { openReplica, type Replica } from './open-replica';
import { listStockLevels } from './stock-levels.repo';

let replica: Replica;

beforeAll(async () => {
  replica = await openReplica(':memory:');
  const catalog = makeCatalog(4);
  catalog.items[2]!.barcodes.push('4006381333931');
  // Reserved but none on hand (the server replicates such rows), and reserved out of what is there.
  catalog.stock.push({ siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0001', onHand: 0, allocated: 2 });
  const withAllocation = catalog.stock.map((s) => (s.locationId === 'loc-a1' && s.itemId === 'item-0004' ? { ...s, allocated: 1.5, extra: 'ignored' } : s));
  await replica.db.transaction().execute(async (trx) => {
    await writeTypedRows(trx, 'site', catalog.sites.map((s) => ({ id: s.id, data: s })));
    await writeTypedRows(trx, 'location', catalog.locations.map((l) => ({ id: l.id, data: l })));
    await writeTypedRows(trx, 'item', catalog.items.map((i) => ({ id: i.id, data: i })));
    await writeTypedRows(trx, 'stock_level', withAllocation.map((s) => ({ id: stockLevelId(s.locationId, s.itemId), data: s })));
  });
});
afterAll(() => replica.close());

const levels = (q: Partial<Parameters<typeof listStockLevels>[1]> = {}) => listStockLevels(replica.db, { limit: 100, offset: 0, ...q });

describe('listStockLevels', () => {
  it('lists on-hand, allocated and available per location and item, by location then SKU', async () => {
    const { rows, total } = await levels();
    expect(total).toBe(7);
    expect(rows.map((r) => `${r.locationCode} ${r.sku} ${r.onHand}-${r.allocated}=${r.available}`)).toEqual([
      'A-01 SKU-0001 1-0=1', 'A-01 SKU-0002 2-0=2', 'A-01 SKU-0003 3-0=3', 'A-01 SKU-0004 4-1.5=2.5',
      'A-02 SKU-0001 0-2=-2', 'B-01 SKU-0002 0.5-0=0.5', 'B-01 SKU-0004 0.5-0=0.5',
    ]);
    expect(rows[0]).toEqual({ siteId: 'site-a', locationId: 'loc-a1', locationCode: 'A-01', itemId: 'item-0001', sku: 'SKU-0001', itemName: 'Widget 0001', onHand: 1, allocated: 0, available: 1 });
  });

  it('filters by location, by part of a SKU or name, or by an exact barcode, and pages', async () => {
    expect((await levels({ locationId: 'loc-b1' })).rows.map((r) => r.sku)).toEqual(['SKU-0002', 'SKU-0004']);
    expect((await levels({ q: 'widget 0004' })).rows.map((r) => r.locationCode)).toEqual(['A-01', 'B-01']);
    expect((await levels({ q: '4006381333931' })).rows.map((r) => r.sku)).toEqual(['SKU-0003']);
    const page = await levels({ limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 7, rows: [{ sku: 'SKU-0003' }, { sku: 'SKU-0004' }] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCatalog } from '../test/fake-catalog';
import { stockLevelId, writeTypedRows } from '../sync-engine/typed-rows.repo';
import { countCatalogRows, searchItems, stockForItem } from './catalog.repo';
import { openReplica, type Replica } from './open-replica';

let replica: Replica;

beforeAll(async () => {
  replica = await openReplica(':memory:');
  const catalog = makeCatalog(30);
  const odd = catalog.items[0];
  if (odd) Object.assign(odd, { name: '100% Cotton_Bag', barcodes: ['ABC-123', '9780201379624'] });
  await replica.db.transaction().execute(async (trx) => {
    await writeTypedRows(trx, 'site', catalog.sites.map((s) => ({ id: s.id, data: s })));
    await writeTypedRows(trx, 'location', catalog.locations.map((l) => ({ id: l.id, data: l })));
    await writeTypedRows(trx, 'item', catalog.items.map((i) => ({ id: i.id, data: i })));
    await writeTypedRows(trx, 'stock_level', catalog.stock.map((s) => ({ id: stockLevelId(s.locationId, s.itemId), data: s })));
  });
});
afterAll(() => replica.close());

const search = (q: string, limit = 200, offset = 0) => searchItems(replica.db, { q, limit, offset });

describe('searchItems', () => {
  it('lists every item by SKU when the query is blank, with a total for paging', async () => {
    const page = await search('   ', 10, 10);
    expect(page.total).toBe(30);
    expect(page.rows.map((r) => r.sku)).toEqual(Array.from({ length: 10 }, (_, i) => `SKU-${String(i + 11).padStart(4, '0')}`));
  });

  it('matches part of a SKU or a name, ignoring case', async () => {
    expect((await search('sku-002')).rows.map((r) => r.sku)).toEqual(['SKU-0020', 'SKU-0021', 'SKU-0022', 'SKU-0023', 'SKU-0024', 'SKU-0025', 'SKU-0026', 'SKU-0027', 'SKU-0028', 'SKU-0029']);
    expect((await search('WIDGET 0007')).rows.map((r) => r.sku)).toEqual(['SKU-0007']);
  });

  it('matches a barcode only exactly, and any case of it', async () => {
    expect((await search('abc-123')).rows.map((r) => r.sku)).toEqual(['SKU-0001']);
    expect((await search('9780201379624')).rows.map((r) => r.sku)).toEqual(['SKU-0001']);
    expect((await search('978020137962')).total).toBe(0);
  });

  it('treats % and _ as the characters a person typed', async () => {
    expect((await search('100%')).rows.map((r) => r.sku)).toEqual(['SKU-0001']);
    expect((await search('%')).rows.map((r) => r.sku)).toEqual(['SKU-0001']);
    expect((await search('n_b')).total).toBe(1);
    expect((await search('o_t')).total).toBe(0);
  });

  it('returns nothing for nonsense', async () => {
    expect(await search('zzzz-nothing')).toEqual({ rows: [], total: 0 });
  });

  it('sums on-hand across locations and returns the barcodes', async () => {
    const [row] = (await search('SKU-0004')).rows;
    expect(row).toMatchObject({ sku: 'SKU-0004', onHand: 4.5, barcodes: ['500000004'], unit: 'ea', category: 'Packaging', type: 'component' });
  });
});

describe('stockForItem', () => {
  it('lists on-hand per site and location', async () => {
    expect(await stockForItem(replica.db, 'item-0004')).toEqual([
      { siteId: 'site-a', siteCode: 'PLT1', siteName: 'Plant One', locationId: 'loc-a1', locationCode: 'A-01', locationName: 'Aisle 1', onHand: 4 },
      { siteId: 'site-b', siteCode: 'WH1', siteName: 'Warehouse One', locationId: 'loc-b1', locationCode: 'B-01', locationName: 'Bay 1', onHand: 0.5 },
    ]);
  });
});

describe('countCatalogRows', () => {
  it('counts the rows of each catalog table', async () => {
    expect(await countCatalogRows(replica.db)).toEqual({ sites: 2, locations: 3, items: 30, stockLevels: 45 });
  });
});

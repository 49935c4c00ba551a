import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findItem, searchItems } from '../replica/catalog.repo';
import { openReplica, type Replica } from '../replica/open-replica';
import { makeCatalog } from '../test/fake-catalog';
import { writeTypedRows } from './typed-rows.repo';

let replica: Replica;
beforeEach(async () => {
  replica = await openReplica(':memory:');
});
afterEach(() => replica.close());

const [item] = makeCatalog(1).items;
const write = (data: unknown) => replica.db.transaction().execute((trx) => writeTypedRows(trx, 'item', [{ id: 'item-0001', data }]));
const byBarcode = async (code: string) => (await searchItems(replica.db, { q: code, limit: 5, offset: 0 })).rows.map((r) => r.name);

describe('writeTypedRows', () => {
  it('inserts a new item with its barcodes, and rewrites an existing one, replacing its barcodes', async () => {
    await write({ ...item, barcodes: ['111', '222', '111'] });
    expect(await byBarcode('222')).toEqual(['Widget 0001']);
    await write({ ...item, name: 'Renamed', barcodes: ['333'] });
    expect(await findItem(replica.db, 'item-0001')).toMatchObject({ name: 'Renamed', barcodes: ['333'] });
    expect(await byBarcode('222')).toEqual([]);
    expect(await byBarcode('333')).toEqual(['Renamed']);
  });

  it('refuses a document that is not an item, writing nothing', async () => {
    await expect(write({ ...item, costMinor: 'lots' })).rejects.toThrow();
    expect(await findItem(replica.db, 'item-0001')).toBeNull();
  });

  it('runs only inside a transaction, so its statements cannot join another caller’s', async () => {
    await expect(writeTypedRows(replica.db as never, 'item', [{ id: 'item-0001', data: item }])).rejects.toThrow(/inside a Kysely transaction/);
  });
});

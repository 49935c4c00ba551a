import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { importJob } from '../../jobs/import.job';
import { siteScope } from '../../sync/scopes';
import { runImport } from './importer.service';
import { badRows, importThroughJob, jobContext, messages, queueImport, writeCsv } from './test/import-world';

const HEADER = 'site,location,sku,quantity';

describe('importing stock counts', () => {
  let testDb: TestDatabase;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;
  const onHand = async (locationId: string, itemId: string) => Number((await db().selectFrom('stock_movements').select((eb) => eb.fn.sum<string>('quantity').as('q'))
    .where('tenant_id', '=', 'tnt_demo').where('location_id', '=', locationId).where('item_id', '=', itemId).executeTakeFirstOrThrow()).q ?? 0);
  const importMovements = (importId: string) => db().selectFrom('stock_movements').select(['movement_id', 'location_id', 'item_id', 'kind', 'quantity'])
    .where('tenant_id', '=', 'tnt_demo').where('movement_id', 'like', `import:${importId}:%`).orderBy('movement_id').execute();
  const replicatedLevel = async (id: string) => (await db().selectFrom('sync_rows').select(['data', 'deleted'])
    .where('tenant_id', '=', 'tnt_demo').where('scope', '=', siteScope('site_a')).where('entity', '=', 'stock_level').where('id', '=', id).executeTakeFirst());

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'counts-import');
    scratch = await createScratchDir('counts-import');
    await insertFixture(db());
  });
  afterAll(async () => {
    await testDb.cleanup();
    await scratch.remove();
  });

  it('posts a count adjustment for each counted quantity that differs from the ledger, and replicates the new levels', async () => {
    // The fixture's ledger: BOLT-M8 200.5 at A-01 and 10 at A-02, FRAME-1 3 at A-01 and 0 at A-02.
    const file = await writeCsv(scratch.dir, 'counts.csv', [
      HEADER,
      'PLANT-A,A-01,BOLT-M8,190',
      'plant-a,a-02,FRAME-1,2',
      'PLANT-A,A-02,BOLT-M8,10',
      'PLANT-Z,A-01,BOLT-M8,1',
      'PLANT-A,A-09,BOLT-M8,1',
      'PLANT-A,A-01,NOPE-1,1',
      'PLANT-A,A-01,FRAME-1,-1',
      'PLANT-A,A-01,BOLT-M8,191',
    ]);
    const { summary, bad, queued } = await importThroughJob(db(), file, 'stock_counts');
    expect(summary).toMatchObject({ status: 'done', totalRows: 8, goodRows: 3, badRows: 5 });
    expect(messages(bad)).toEqual([
      "row 5, site: no site has the code 'PLANT-Z'",
      "row 6, location: site PLANT-A has no location 'A-09'",
      "row 7, sku: no item has the SKU 'NOPE-1'",
      "row 8, quantity: must be 0 or more, got '-1'",
      "row 9, sku: SKU 'BOLT-M8' at PLANT-A A-01 is already in row 2 of this file",
    ]);
    expect(await importMovements(queued.importId)).toEqual([
      { movement_id: `import:${queued.importId}:2`, location_id: 'loc_a1', item_id: 'itm_bolt', kind: 'count_adjustment', quantity: '-10.5000' },
      { movement_id: `import:${queued.importId}:3`, location_id: 'loc_a2', item_id: 'itm_frame', kind: 'count_adjustment', quantity: '2.0000' },
    ]);
    expect(await onHand('loc_a1', 'itm_bolt')).toBe(190);
    expect(await onHand('loc_a2', 'itm_frame')).toBe(2);
    expect(await replicatedLevel('loc_a1|itm_bolt')).toMatchObject({ deleted: false, data: { siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 190 } });
    expect(await replicatedLevel('loc_a2|itm_frame')).toMatchObject({ deleted: false, data: { onHand: 2 } });
  });

  it('posts every adjustment once when a job dies after its first batch and is retried, and again when re-run', async () => {
    const file = await writeCsv(scratch.dir, 'retry.csv', [HEADER, 'PLANT-A,A-01,BOLT-M8,150', 'PLANT-A,A-02,BOLT-M8,4', 'PLANT-A,A-01,FRAME-1,7', 'PLANT-A,A-02,FRAME-1,0']);
    const queued = await queueImport(db(), file, 'stock_counts');
    // The first attempt commits one batch of two rows, then its worker dies.
    const crash = runImport(db(), queued, { batchSize: 2, progress: async () => { throw new Error('worker killed'); } });
    await expect(crash).rejects.toThrow('worker killed');
    expect(await importMovements(queued.importId)).toHaveLength(2);
    expect(await onHand('loc_a2', 'itm_bolt')).toBe(4);
    // Meanwhile a receipt lands at a counted location: the count that already posted stays posted once.
    await db().insertInto('stock_movements').values({ tenant_id: 'tnt_demo', site_id: 'site_a', location_id: 'loc_a2', item_id: 'itm_bolt', kind: 'receipt', quantity: 5, unit_cost_minor: 0, occurred_at: new Date(), reference: null }).execute();
    const retried = await importJob.perform(queued, jobContext(db(), [], 2));
    expect(retried).toMatchObject({ status: 'done', totalRows: 4, goodRows: 4, badRows: 0 });
    expect((await importMovements(queued.importId)).map((m) => [m.movement_id?.split(':').pop(), m.quantity])).toEqual([
      ['2', '-40.0000'], ['3', '-6.0000'], ['4', '4.0000'], ['5', '-2.0000'],
    ]);
    expect([await onHand('loc_a1', 'itm_bolt'), await onHand('loc_a2', 'itm_bolt'), await onHand('loc_a1', 'itm_frame'), await onHand('loc_a2', 'itm_frame')]).toEqual([150, 9, 7, 0]);
    // Run to completion again (a queue redelivering it): nothing more is posted.
    await db().updateTable('imports').set({ status: 'importing' }).where('id', '=', queued.importId).execute();
    await importJob.perform(queued, jobContext(db(), [], 3));
    expect(await importMovements(queued.importId)).toHaveLength(4);
    expect(await badRows(db(), queued)).toEqual([]);
    // A zero balance is replicated as a tombstone.
    expect(await replicatedLevel('loc_a2|itm_frame')).toMatchObject({ deleted: true });
  });
});

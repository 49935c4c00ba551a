import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { CATALOG_SCOPE } from '../../sync/scopes';
import { importThroughJob, messages, writeCsv, writeXlsx } from './test/import-world';

const HEADER = 'sku,name,type,unit,cost,reorder_point,home_site';

describe.each(['postgres', 'pglite'] as const)('importing items on %s', (kind) => {
  let testDb: TestDatabase;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;
  const item = (sku: string) => db().selectFrom('items').selectAll().where('tenant_id', '=', 'tnt_demo').where('sku', '=', sku).executeTakeFirst();
  const itemCount = async () => Number((await db().selectFrom('items').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', 'tnt_demo').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'items-import');
    scratch = await createScratchDir('items-import');
    await insertFixture(db());
  });
  afterAll(async () => {
    await testDb.cleanup();
    await scratch.remove();
  });

  it('imports the good rows, updates existing SKUs, and lists every bad row with its reason', async () => {
    const file = await writeCsv(scratch.dir, 'items.csv', [
      HEADER,
      'WASHER-8,Washer M8,raw,ea,0.05,500,PLANT-A',
      'BOLT-M8,Bolt M8 zinc,raw,ea,0.12,,',
      'NUT-8,Nut M8,raw,ea,abc,100,',
      'PIN-1,Pin,gadget,ea,0.10,5,',
      ',,raw,ea,1,1,',
      'WASHER-8,Washer again,raw,ea,0.06,1,',
      'CLIP-1,Clip,component,ea,0.013,1,PLANT-Z',
      '',
      'GEAR-1,Gear,finished,ea,"12,50",2,plant-a',
    ]);
    const before = await itemCount();
    const { summary, bad } = await importThroughJob(db(), file, 'items');
    expect(summary).toMatchObject({ status: 'done', totalRows: 8, goodRows: 3, badRows: 5, imported: 3 });
    expect(messages(bad)).toEqual([
      "row 4, cost: must be an amount like 12.50, got 'abc'",
      "row 5, type: must be one of raw, component, finished, got 'gadget'",
      // One reason for several columns of a row is listed once, naming them all.
      'row 6, sku, name: is required',
      "row 7, sku: SKU 'WASHER-8' is already in row 2 of this file",
      "row 8, cost: has more decimals than EUR allows, got '0.013'",
      "row 8, home_site: no site has the code 'PLANT-Z'",
    ]);
    expect(await itemCount()).toBe(before + 2);
    expect(await item('WASHER-8')).toMatchObject({ name: 'Washer M8', cost_minor: '5', currency: 'EUR', reorder_point: '500.0000', home_site_id: 'site_a', category: 'Uncategorised' });
    expect(await item('GEAR-1')).toMatchObject({ cost_minor: '1250', type: 'finished' });
    // A blank optional cell keeps what the item had.
    expect(await item('BOLT-M8')).toMatchObject({ id: 'itm_bolt', name: 'Bolt M8 zinc', reorder_point: '100.5000', category: 'parts' });
    const replicated = await db().selectFrom('sync_rows').select(['id', 'data']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', CATALOG_SCOPE).where('entity', '=', 'item').execute();
    const bolt = replicated.find((r) => r.id === 'itm_bolt')?.data as { name: string; barcodes: string[] } | undefined;
    expect(bolt).toMatchObject({ name: 'Bolt M8 zinc', barcodes: ['4006381333931', '4006381333948'] });
    expect(replicated.map((r) => (r.data as { sku: string }).sku)).toEqual(expect.arrayContaining(['WASHER-8', 'GEAR-1']));
  });

  it('imports nothing in all_or_nothing mode when one row is bad, and everything once it passes', async () => {
    const lines = [HEADER, 'AON-1,First,raw,ea,1,1,', 'AON-2,Second,raw,ea,-2,1,', 'AON-3,Third,raw,ea,3,1,'];
    const before = await itemCount();
    const refused = await importThroughJob(db(), await writeCsv(scratch.dir, 'aon-bad.csv', lines), 'items', { mode: 'all_or_nothing' });
    expect(refused.summary).toMatchObject({ status: 'failed', totalRows: 3, goodRows: 2, badRows: 1, imported: 0 });
    expect(messages(refused.bad)).toEqual(["row 3, cost: must be 0 or more, got '-2'"]);
    expect(await itemCount()).toBe(before);
    lines[2] = 'AON-2,Second,raw,ea,2,1,';
    const passed = await importThroughJob(db(), await writeCsv(scratch.dir, 'aon-good.csv', lines), 'items', { mode: 'all_or_nothing' });
    expect(passed.summary).toMatchObject({ status: 'done', totalRows: 3, goodRows: 3, badRows: 0, imported: 3 });
    expect(await itemCount()).toBe(before + 3);
  });

  it('reads XLSX files, with numbers typed as numbers', async () => {
    const file = await writeXlsx(scratch.dir, 'items.xlsx', [
      ['SKU', 'Name', 'Type', 'Unit', 'Cost', 'Lead time days'],
      ['XL-1', 'From Excel', 'component', 'kg', 2.5, 14],
      ['XL-2', 'Bad lead time', 'component', 'kg', 1, 2.5],
    ]);
    const { summary, bad } = await importThroughJob(db(), file, 'items');
    expect(summary).toMatchObject({ status: 'done', goodRows: 1, badRows: 1 });
    expect(messages(bad)).toEqual(["row 3, lead_time_days: must be a whole number, got '2.5'"]);
    expect(await item('XL-1')).toMatchObject({ unit: 'kg', cost_minor: '250', lead_time_days: 14 });
  });

  it('reads UTF-8 CSVs with a byte order mark, semicolons and decimal commas', async () => {
    const file = await writeCsv(scratch.dir, 'excel.csv', ['SKU;Name;Type;Unit;Cost;Currency', 'ÜBER-1;Überwurfmutter, M8;raw;Stk;1,25;eur'], { bom: true, eol: '\r\n' });
    const { summary } = await importThroughJob(db(), file, 'items');
    expect(summary).toMatchObject({ status: 'done', goodRows: 1, badRows: 0 });
    expect(await item('ÜBER-1')).toMatchObject({ name: 'Überwurfmutter, M8', unit: 'Stk', cost_minor: '125', currency: 'EUR' });
  });

  it('fails a file whose header lacks a needed column, saying which', async () => {
    const { summary, bad } = await importThroughJob(db(), await writeCsv(scratch.dir, 'no-cost.csv', ['sku,name,type,unit', 'A,B,raw,ea']), 'items');
    expect(summary).toMatchObject({ status: 'failed', totalRows: 0, imported: 0 });
    expect(messages(bad)).toEqual(['row 1: The header has no column cost: this import needs sku, name, type, unit, cost (found sku, name, type, unit).']);
  });

  it('writes and replicates nothing the second time the same file is imported', async () => {
    const file = await writeCsv(scratch.dir, 'again.csv', [HEADER, 'AGAIN-1,Again,raw,ea,1,1,', 'AGAIN-2,Again too,raw,ea,2,1,']);
    await importThroughJob(db(), file, 'items');
    const version = async () => (await db().selectFrom('sync_scopes').select('version').where('tenant_id', '=', 'tnt_demo').where('scope', '=', CATALOG_SCOPE).executeTakeFirstOrThrow()).version;
    const [count, catalogVersion] = [await itemCount(), await version()];
    const second = await importThroughJob(db(), file, 'items');
    expect(second.summary).toMatchObject({ status: 'done', goodRows: 2, badRows: 0 });
    expect(await itemCount()).toBe(count);
    expect(await version()).toBe(catalogVersion);
  });
});

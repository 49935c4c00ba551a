import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { importThroughJob, messages, writeCsv } from './test/import-world';

describe('importing BOMs and opening balances', () => {
  let testDb: TestDatabase;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'boms-balances-import');
    scratch = await createScratchDir('boms-balances-import');
    await insertFixture(db());
    await db().insertInto('customers').values({ id: 'cus_acme', tenant_id: 'tnt_demo', name: 'ACME Retail', payment_terms_days: 30, currency: 'EUR', channel: null }).execute();
    await db().insertInto('suppliers').values([
      { id: 'sup_steel', tenant_id: 'tnt_demo', name: 'Steel Works', payment_terms_days: 45, currency: 'EUR' },
      { id: 'sup_tokyo', tenant_id: 'tnt_demo', name: 'Tokyo Parts', payment_terms_days: 60, currency: 'JPY' },
      { id: 'sup_other', tenant_id: 'tnt_other', name: 'Hidden Supplier', payment_terms_days: 60, currency: 'USD' },
    ]).execute();
  });
  afterAll(async () => {
    await testDb.cleanup();
    await scratch.remove();
  });

  it('sets BOM lines by parent and component SKU, refusing unknown SKUs and a part in its own BOM', async () => {
    const file = await writeCsv(scratch.dir, 'bom.csv', [
      'parent_sku,component_sku,quantity',
      'FRAME-1,BOLT-M8,8',
      'FRAME-1,NOPE-1,1',
      'FRAME-1,FRAME-1,1',
      'FRAME-1,BOLT-M8,4',
      'FRAME-1,SECRET,1',
      'BOLT-M8,FRAME-1,0',
    ]);
    const { summary, bad } = await importThroughJob(db(), file, 'boms');
    expect(summary).toMatchObject({ status: 'done', totalRows: 6, goodRows: 1, badRows: 5 });
    expect(messages(bad)).toEqual([
      "row 3, component_sku: no item has the SKU 'NOPE-1'",
      "row 4, component_sku: is the parent itself ('FRAME-1')",
      "row 5, component_sku: Component 'BOLT-M8' of 'FRAME-1' is already in row 2 of this file",
      // Another tenant's item is no item of ours.
      "row 6, component_sku: no item has the SKU 'SECRET'",
      "row 7, quantity: must be more than 0, got '0'",
    ]);
    const lines = await db().selectFrom('bom_lines').select(['parent_item_id', 'component_item_id', 'quantity']).where('tenant_id', '=', 'tnt_demo').execute();
    expect(lines).toEqual([{ parent_item_id: 'itm_frame', component_item_id: 'itm_bolt', quantity: '8.0000' }]);
    // A second file changes the quantity of the line already there.
    await importThroughJob(db(), await writeCsv(scratch.dir, 'bom2.csv', ['Parent SKU,Component SKU,Qty', 'FRAME-1,BOLT-M8,6']), 'boms');
    expect(await db().selectFrom('bom_lines').select('quantity').where('tenant_id', '=', 'tnt_demo').execute()).toEqual([{ quantity: '6.0000' }]);
  });

  it('refuses a line that would make a part contain itself, through stored lines or lines of the same file', async () => {
    const item = { tenant_id: 'tnt_demo', type: 'component' as const, category: 'parts', unit: 'ea', cost_minor: 1, currency: 'EUR', reorder_point: 0, safety_stock: 0, lead_time_days: 1, supplier_id: null, home_site_id: 'site_a' };
    await db().insertInto('items').values([{ ...item, id: 'itm_gear_a', sku: 'GEAR-A', name: 'Gear A' }, { ...item, id: 'itm_gear_b', sku: 'GEAR-B', name: 'Gear B' }]).execute();
    // Stored already: FRAME-1 contains BOLT-M8.
    const file = await writeCsv(scratch.dir, 'loops.csv', ['parent_sku,component_sku,quantity', 'BOLT-M8,FRAME-1,1', 'GEAR-A,GEAR-B,1', 'GEAR-B,GEAR-A,1', 'GEAR-A,BOLT-M8,2']);
    const { summary, bad } = await importThroughJob(db(), file, 'boms');
    expect(summary).toMatchObject({ status: 'done', goodRows: 1, badRows: 3 });
    const loop = (component: string, parent: string) => `'${component}' already contains '${parent}', directly or through its components: this line would make a loop`;
    expect(messages(bad)).toEqual([
      `row 2, component_sku: ${loop('FRAME-1', 'BOLT-M8')}`,
      `row 3, component_sku: ${loop('GEAR-B', 'GEAR-A')}`,
      `row 4, component_sku: ${loop('GEAR-A', 'GEAR-B')}`,
    ]);
    expect(await db().selectFrom('bom_lines').select(['parent_item_id', 'component_item_id']).where('tenant_id', '=', 'tnt_demo').orderBy('parent_item_id').execute())
      .toEqual([{ parent_item_id: 'itm_frame', component_item_id: 'itm_bolt' }, { parent_item_id: 'itm_gear_a', component_item_id: 'itm_bolt' }]);
  });

  it('turns opening balances into open invoices and bills of known customers and suppliers, once', async () => {
    const file = await writeCsv(scratch.dir, 'opening.csv', [
      'type,contact,number,issued_on,due_on,amount,currency',
      'receivable,ACME Retail,INV-100,2026-01-10,2026-02-09,1234.56,',
      'payable,steel works,B-7,2026-01-05,2026-02-19,999,',
      'payable,Tokyo Parts,T-1,2026-01-05,2026-03-06,150000,',
      'payable,Tokyo Parts,T-2,2026-01-05,2026-03-06,10.5,',
      'receivable,Nobody Ltd,INV-101,2026-01-10,2026-02-09,10,',
      'bill,Hidden Supplier,H-1,2026-01-10,2026-02-09,10,',
      'receivable,ACME Retail,INV-102,2026-02-10,2026-01-09,10,',
      'receivable,ACME Retail,INV-100,2026-01-10,2026-02-09,5,',
    ]);
    const { summary, bad } = await importThroughJob(db(), file, 'opening_balances');
    expect(summary).toMatchObject({ status: 'done', totalRows: 8, goodRows: 3, badRows: 5 });
    expect(messages(bad)).toEqual([
      "row 5, amount: has more decimals than JPY allows, got '10.5'",
      "row 6, contact: no customer is called 'Nobody Ltd'",
      "row 7, contact: no supplier is called 'Hidden Supplier'",
      'row 8, due_on: is before issued_on (2026-02-10)',
      "row 9, number: Invoice 'INV-100' is already in row 2 of this file",
    ]);
    const invoices = () => db().selectFrom('invoices').select(['type', 'contact_id', 'number', 'due_on', 'currency', 'total_minor', 'amount_paid_minor', 'status'])
      .where('tenant_id', '=', 'tnt_demo').orderBy('number').execute();
    const expected = [
      { type: 'ACCPAY', contact_id: 'sup_steel', number: 'B-7', due_on: expect.anything(), currency: 'EUR', total_minor: '99900', amount_paid_minor: '0', status: 'AUTHORISED' },
      { type: 'ACCREC', contact_id: 'cus_acme', number: 'INV-100', due_on: expect.anything(), currency: 'EUR', total_minor: '123456', amount_paid_minor: '0', status: 'AUTHORISED' },
      { type: 'ACCPAY', contact_id: 'sup_tokyo', number: 'T-1', due_on: expect.anything(), currency: 'JPY', total_minor: '150000', amount_paid_minor: '0', status: 'AUTHORISED' },
    ];
    expect(await invoices()).toEqual(expected);
    await importThroughJob(db(), file, 'opening_balances');
    expect(await invoices()).toEqual(expected);
  });
});

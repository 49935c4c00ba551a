import { BACKENDS } from '../../../test/databases';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../integration-error';
import { getCursor } from '../integrations.repo';
import {
  PRODUCT_BOLT, PRODUCT_WHEEL, SALES_ORDER_DONE, SALES_ORDER_OPEN, SUPPLIER_STEEL, SUPPLIER_WHEELS, unleashedBillsOfMaterials, unleashedProducts,
  unleashedSalesOrders, unleashedStockOnHand,
} from './fixtures/unleashed-account.fixture';
import { toUnleashedDate } from './unleashed-dates';
import { syncUnleashedIntegration } from './unleashed-sync.service';
import { openUnleashedWorld, type UnleashedWorld } from './testing/unleashed-world';

describe.each(BACKENDS)('Unleashed sync into our tables on %s', (kind) => {
  let world: UnleashedWorld;
  const db = () => world.db;
  const sync = async () => syncUnleashedIntegration(world.deps(), await world.reload());
  const item = (sku: string) => db().selectFrom('items').selectAll().where('tenant_id', '=', 'tnt_demo').where('sku', '=', sku).executeTakeFirstOrThrow();
  const supplierId = async (ref: string) => (await db().selectFrom('suppliers').select('id').where('external_ref', '=', ref).executeTakeFirstOrThrow()).id;
  const bom = async (parentSku: string) => {
    const rows = await db().selectFrom('bom_lines').innerJoin('items', 'items.id', 'bom_lines.component_item_id')
      .select(['items.sku', 'bom_lines.quantity']).where('bom_lines.parent_item_id', '=', (await item(parentSku)).id).orderBy('items.sku').execute();
    return rows.map((r) => [r.sku, Number(r.quantity)]);
  };
  /** Everything the sync writes into our domain and the desktops' replica, in a comparable form. */
  const snapshot = async () => {
    const tables = ['suppliers', 'items', 'bom_lines', 'external_stock_levels', 'purchase_orders', 'purchase_order_lines', 'assemblies',
      'unleashed_sales_orders', 'unleashed_sales_order_lines', 'sync_rows', 'sync_scopes'];
    const out: Record<string, unknown> = {};
    for (const table of tables) out[table] = (await sql<{ rows: unknown }>`select coalesce(jsonb_agg(t order by t::text), '[]') as rows from ${sql.table(table)} t`.execute(db())).rows[0]?.rows;
    return out;
  };

  const salesOrders = () => db().selectFrom('unleashed_sales_orders')
    .select(['id', 'external_ref', 'number', 'order_status', 'ordered_on', 'required_on', 'customer_code', 'customer_name', 'currency', 'total_minor'])
    .where('tenant_id', '=', 'tnt_demo').orderBy('number').execute();
  const salesOrderLines = async (number: string) => db().selectFrom('unleashed_sales_order_lines')
    .innerJoin('unleashed_sales_orders', 'unleashed_sales_orders.id', 'unleashed_sales_order_lines.sales_order_id')
    .select(['unleashed_sales_order_lines.line_number', 'unleashed_sales_order_lines.item_id', 'unleashed_sales_order_lines.sku',
      'unleashed_sales_order_lines.quantity', 'unleashed_sales_order_lines.unit_price_minor'])
    .where('unleashed_sales_orders.number', '=', number).orderBy('unleashed_sales_order_lines.line_number').execute();
  /** What counts as sales (the channels' orders and the daily sales), which Unleashed's sales orders must never touch. */
  const sales = async () => ({
    daily: (await sql<{ rows: unknown }>`select coalesce(jsonb_agg(t order by t::text), '[]') as rows from sales_daily t`.execute(db())).rows[0]?.rows,
    channel: (await sql<{ rows: unknown }>`select coalesce(jsonb_agg(t order by t::text), '[]') as rows from channel_orders t`.execute(db())).rows[0]?.rows,
  });
  let salesBefore: Awaited<ReturnType<typeof sales>>;

  beforeAll(async () => {
    world = await openUnleashedWorld('unleashed-sync', { kind, settings: { pageSize: 2 } });
    salesBefore = await sales();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('brings suppliers, products, stock, bills, purchase orders and assemblies in, in that order', async () => {
    expect(await sync()).toEqual({ suppliers: 2, products: 5, 'stock-on-hand': 4, 'bills-of-materials': 1, 'purchase-orders': 2, assemblies: 2, 'sales-orders': 3 });
    const firstCalls = world.fake.requests.map((r) => r.target.split('?')[0]);
    expect(firstCalls).toEqual([
      '/Suppliers/1', '/Products/1', '/Products/2', '/Products/3', '/StockOnHand/1', '/StockOnHand/2', '/BillOfMaterials/1', '/PurchaseOrders/1', '/Assemblies/1',
      '/SalesOrders/1', '/SalesOrders/2',
    ]);
    const runs = await db().selectFrom('integration_runs').select(['stream', 'status', 'items']).where('integration_id', '=', world.integration.id).orderBy('started_at').execute();
    expect(runs.map((r) => [r.stream, r.status, r.items])).toEqual([
      ['suppliers', 'succeeded', 2], ['products', 'succeeded', 5], ['stock-on-hand', 'succeeded', 4], ['bills-of-materials', 'succeeded', 1],
      ['purchase-orders', 'succeeded', 2], ['assemblies', 'succeeded', 2],
      ['sales-orders', 'succeeded', 3],
    ]);
  });

  it('maps suppliers with payment terms in days and their currency', async () => {
    const suppliers = await db().selectFrom('suppliers').select(['name', 'payment_terms_days', 'currency', 'external_ref']).where('tenant_id', '=', 'tnt_demo').orderBy('name').execute();
    expect(suppliers).toEqual([
      { name: 'Steelworks GmbH', payment_terms_days: 30, currency: 'EUR', external_ref: SUPPLIER_STEEL },
      { name: 'Wheel Co Ltd', payment_terms_days: 35, currency: 'GBP', external_ref: SUPPLIER_WHEELS },
    ]);
  });

  it('keeps our ids and our own fields for items it adopts by SKU, and creates the others', async () => {
    const bolt = await item('BOLT-M8');
    expect(bolt).toMatchObject({
      id: 'itm_bolt', external_ref: PRODUCT_BOLT, name: 'Bolt M8 x 40', type: 'raw', category: 'Parts', unit: 'EA', cost_minor: '13', currency: 'EUR',
      reorder_point: '500.0000', supplier_id: await supplierId(SUPPLIER_STEEL),
      // Unleashed says nothing of these: ours stay.
      safety_stock: '40.0000', lead_time_days: 7,
    });
    expect(await item('FRAME-1')).toMatchObject({ id: 'itm_frame', type: 'component', cost_minor: '4550' });
    const wheel = await item('WHEEL-20');
    expect(wheel).toMatchObject({
      external_ref: PRODUCT_WHEEL, type: 'raw', cost_minor: '1240', home_site_id: 'site_a', lead_time_days: 14, safety_stock: '0.0000', supplier_id: await supplierId(SUPPLIER_WHEELS),
    });
    expect(wheel.id).toMatch(/^itm_/);
    expect(await item('BIKE-20')).toMatchObject({ type: 'finished', category: 'Bikes' });
    const other = await db().selectFrom('items').select(['sku', 'name', 'external_ref']).where('tenant_id', '=', 'tnt_other').execute();
    expect(other).toEqual([{ sku: 'SECRET', name: 'Other tenant item', external_ref: null }]);
  });

  it('replicates the changed items to the desktops’ catalogue', async () => {
    const docs = await db().selectFrom('sync_rows').select(['id', 'data']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'catalog').orderBy('id').execute();
    expect(docs).toHaveLength(5);
    expect(docs.find((d) => d.id === 'itm_bolt')?.data).toMatchObject({ sku: 'BOLT-M8', name: 'Bolt M8 x 40', costMinor: 13, barcodes: ['4006381333931', '4006381333948'] });
  });

  it('keeps stock on hand per warehouse, linked to our items', async () => {
    const levels = await db().selectFrom('external_stock_levels').select(['sku', 'location_ref', 'item_id', 'available', 'on_hand'])
      .where('integration_id', '=', world.integration.id).orderBy('sku').orderBy('location_ref').execute();
    expect(levels.map((l) => [l.sku, l.location_ref, l.item_id === null ? null : 'linked', Number(l.available), Number(l.on_hand)])).toEqual([
      ['BIKE-20', 'MAIN', 'linked', 8, 12], ['BOLT-M8', 'EAST', 'linked', 300, 300], ['BOLT-M8', 'MAIN', 'linked', 1000, 1200], ['WHEEL-20', 'MAIN', 'linked', 60.5, 80.5],
    ]);
  });

  it('writes one BOM line per component, purchase orders with lines, and assemblies', async () => {
    expect(await bom('BIKE-20')).toEqual([['BOLT-M8', 8], ['FORK-20', 1], ['FRAME-1', 1], ['WHEEL-20', 2]]);
    const orders = await db().selectFrom('purchase_orders').select(['id', 'number', 'status', 'site_id', 'ordered_on', 'expected_on', 'received_on', 'currency'])
      .where('tenant_id', '=', 'tnt_demo').orderBy('number').execute();
    expect(orders.map(({ id: _id, ...o }) => o)).toEqual([
      { number: 'PO-00001', status: 'open', site_id: 'site_a', ordered_on: '2026-01-06', expected_on: '2026-01-20', received_on: null, currency: 'EUR' },
      { number: 'PO-00002', status: 'received', site_id: 'site_a', ordered_on: '2025-12-01', expected_on: '2025-12-15', received_on: '2025-12-14', currency: 'GBP' },
    ]);
    const lines = await db().selectFrom('purchase_order_lines').select(['item_id', 'quantity', 'unit_cost_minor']).where('purchase_order_id', '=', orders[0]!.id).execute();
    expect(lines).toEqual([{ item_id: 'itm_bolt', quantity: '1500.0000', unit_cost_minor: '13' }]);
    const assemblies = await db().selectFrom('assemblies').select(['number', 'sku', 'item_id', 'quantity', 'status', 'planned_on', 'completed_on']).orderBy('number').execute();
    expect(assemblies).toEqual([
      { number: 'ASM-00001', sku: 'BIKE-20', item_id: (await item('BIKE-20')).id, quantity: '25.0000', status: 'planned', planned_on: '2026-01-15', completed_on: null },
      { number: 'ASM-00002', sku: 'BIKE-20', item_id: (await item('BIKE-20')).id, quantity: '10.0000', status: 'completed', planned_on: '2026-01-05', completed_on: '2026-01-06' },
    ]);
  });

  it('keeps sales orders as the open order book, lines matched to items by product, and counts no sale', async () => {
    const orders = await salesOrders();
    expect(orders.map(({ id: _id, ...o }) => o)).toEqual([
      { external_ref: SALES_ORDER_OPEN, number: 'SO-00001', order_status: 'Placed', ordered_on: '2026-01-07', required_on: '2026-01-21', customer_code: 'BIKESHOP', customer_name: 'The Bike Shop', currency: 'EUR', total_minor: '30498' },
      { external_ref: SALES_ORDER_DONE, number: 'SO-00002', order_status: 'Completed', ordered_on: '2025-12-10', required_on: '2025-12-20', customer_code: 'CYCLEUK', customer_name: 'Cycle UK Ltd', currency: 'GBP', total_minor: '7980' },
      // No currency on the order: the integration's (the tenant's) currency.
      { external_ref: 'e5e5e5e5-0003-4f4f-a0a0-000000000003', number: 'SO-00003', order_status: 'Parked', ordered_on: '2026-01-08', required_on: null, customer_code: 'BIKESHOP', customer_name: 'The Bike Shop', currency: 'EUR', total_minor: '1700' },
    ]);
    expect(await salesOrderLines('SO-00001')).toEqual([
      { line_number: 1, item_id: (await item('BIKE-20')).id, sku: 'BIKE-20', quantity: '2.0000', unit_price_minor: '14999' },
      { line_number: 2, item_id: 'itm_bolt', sku: 'BOLT-M8', quantity: '10.0000', unit_price_minor: '50' },
    ]);
    // A product we do not have keeps its SKU and no item; the order is kept whole.
    expect(await salesOrderLines('SO-00003')).toEqual([
      { line_number: 1, item_id: null, sku: 'BELL-1', quantity: '1.0000', unit_price_minor: '500' },
      { line_number: 2, item_id: (await item('FORK-20')).id, sku: 'FORK-20', quantity: '1.0000', unit_price_minor: '1200' },
    ]);
    expect(await sales()).toEqual(salesBefore);
  });

  it('running again asks only for changes since each cursor and changes nothing', async () => {
    expect(await getCursor(db(), world.integration.id, 'products')).toBe('2026-01-03T10:04:00.000Z');
    const before = await snapshot();
    const from = world.fake.requests.length;
    await sync();
    expect(await snapshot()).toEqual(before);
    const asked = world.fake.requests.slice(from).map((r) => r.target);
    expect(asked).toContain('/Products/1?pageSize=2&modifiedSince=2026-01-03T10%3A04%3A00');
    expect(asked.every((t) => t.includes('modifiedSince='))).toBe(true);
  });

  it('a product changed in Unleashed updates its item and the catalogue, and moves the cursor', async () => {
    const version = async () => Number((await db().selectFrom('sync_scopes').select('version').where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'catalog').executeTakeFirstOrThrow()).version);
    const catalogBefore = await version();
    world.fake.put('Products', { ...unleashedProducts[2]!, AverageLandPrice: 13.1, LastModifiedOn: toUnleashedDate(new Date('2026-01-09T08:00:00Z')) });
    const result = await sync();
    // The changed wheel, and the fork again: the filter includes the cursor's own second.
    expect(result.products).toBe(2);
    expect(await item('WHEEL-20')).toMatchObject({ cost_minor: '1310' });
    expect(await version()).toBe(catalogBefore + 1);
    expect(await getCursor(db(), world.integration.id, 'products')).toBe('2026-01-09T08:00:00.000Z');
  });

  it('a changed sales order is fetched alone (with the cursor’s own second) and rewritten; the others stay as they were', async () => {
    const before = await salesOrders();
    expect(await getCursor(db(), world.integration.id, 'sales-orders')).toBe('2026-01-08T09:10:00.000Z');
    const [open] = unleashedSalesOrders;
    world.fake.put('SalesOrders', {
      ...open!, OrderStatus: 'Backordered', Total: 449.97, LastModifiedOn: toUnleashedDate(new Date('2026-01-09T08:30:00Z')),
      SalesOrderLines: [{ ...open!.SalesOrderLines[0]!, OrderQuantity: 3, LineTotal: 449.97 }],
    });
    const from = world.fake.requests.length;
    const result = await sync();
    expect(result['sales-orders']).toBe(2);
    expect(world.fake.requests.slice(from).map((r) => r.target).filter((t) => t.startsWith('/SalesOrders')))
      .toEqual(['/SalesOrders/1?pageSize=2&modifiedSince=2026-01-08T09%3A10%3A00']);
    const after = await salesOrders();
    expect(after.find((o) => o.number === 'SO-00001')).toMatchObject({ id: before[0]!.id, order_status: 'Backordered', total_minor: '44997' });
    expect(after.filter((o) => o.number !== 'SO-00001')).toEqual(before.filter((o) => o.number !== 'SO-00001'));
    expect(await salesOrderLines('SO-00001')).toEqual([
      { line_number: 1, item_id: (await item('BIKE-20')).id, sku: 'BIKE-20', quantity: '3.0000', unit_price_minor: '14999' },
    ]);
    expect(await getCursor(db(), world.integration.id, 'sales-orders')).toBe('2026-01-09T08:30:00.000Z');
    expect(await sales()).toEqual(salesBefore);
  });

  it('never lets an older sales order overwrite a newer one', async () => {
    await db().deleteFrom('integration_cursors').where('integration_id', '=', world.integration.id).where('stream', '=', 'sales-orders').execute();
    const [open] = unleashedSalesOrders;
    world.fake.put('SalesOrders', { ...open!, OrderStatus: 'Parked', LastModifiedOn: toUnleashedDate(new Date('2026-01-09T08:00:00Z')) });
    await sync();
    expect((await salesOrders()).find((o) => o.number === 'SO-00001')).toMatchObject({ order_status: 'Backordered', total_minor: '44997' });
    expect(await salesOrderLines('SO-00001')).toHaveLength(1);
  });

  it('a changed bill replaces all lines of its parent; one naming an unknown product is skipped whole', async () => {
    const [bill] = unleashedBillsOfMaterials;
    const lines = bill!.BillOfMaterialsLines;
    world.fake.put('BillOfMaterials', { ...bill!, BillOfMaterialsLines: [lines[0]!, { ...lines[1]!, Quantity: 3 }], LastModifiedOn: toUnleashedDate(new Date('2026-01-09T09:00:00Z')) });
    await sync();
    expect(await bom('BIKE-20')).toEqual([['FRAME-1', 1], ['WHEEL-20', 3]]);
    world.fake.put('BillOfMaterials', {
      ...bill!, BillOfMaterialsLines: [...lines, { Product: { Guid: 'ffffffff-0000-0000-0000-000000000000', ProductCode: 'GHOST' }, Quantity: 1 }],
      LastModifiedOn: toUnleashedDate(new Date('2026-01-09T10:00:00Z')),
    });
    await sync();
    expect(await bom('BIKE-20')).toEqual([['FRAME-1', 1], ['WHEEL-20', 3]]);
  });

  it('never lets an older stock level overwrite a newer one (a cursor reset reading stale data)', async () => {
    await db().deleteFrom('integration_cursors').where('integration_id', '=', world.integration.id).where('stream', '=', 'stock-on-hand').execute();
    world.fake.put('StockOnHand', { ...unleashedStockOnHand[3]!, QtyOnHand: 1, AvailableQty: 1, LastModifiedOn: toUnleashedDate(new Date('2026-01-01T00:00:00Z')) });
    await sync();
    const bike = await db().selectFrom('external_stock_levels').select(['available', 'on_hand']).where('sku', '=', 'BIKE-20').executeTakeFirstOrThrow();
    expect([Number(bike.available), Number(bike.on_hand)]).toEqual([8, 12]);
  });

  it('a failing page leaves the cursor where it was, records the failure, and the next run catches up', async () => {
    const cursor = await getCursor(db(), world.integration.id, 'products');
    world.fake.put('Products',
      { ...unleashedProducts[3]!, ProductDescription: 'Kids bike 20", red', LastModifiedOn: toUnleashedDate(new Date('2026-01-09T11:00:00Z')) },
      { ...unleashedProducts[4]!, ProductDescription: 'Fork 20", steel', LastModifiedOn: toUnleashedDate(new Date('2026-01-09T11:01:00Z')) },
      { ...unleashedProducts[0]!, ProductDescription: 'Bolt M8 x 45', LastModifiedOn: toUnleashedDate(new Date('2026-01-09T11:02:00Z')) });
    world.fake.inject({ kind: 'status', status: 500 }, { times: 3, path: '/Products/2' });
    const error = await sync().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ failure: 'unavailable' });
    expect(await getCursor(db(), world.integration.id, 'products')).toBe(cursor);
    expect(await world.reload()).toMatchObject({ status: 'active', last_error: expect.stringContaining('Unleashed answered 500 for /Products/2') });
    const lastRun = await db().selectFrom('integration_runs').select(['stream', 'status']).where('integration_id', '=', world.integration.id).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    expect(lastRun).toEqual({ stream: 'products', status: 'failed' });

    await sync();
    expect((await item('BOLT-M8')).name).toBe('Bolt M8 x 45');
    expect(await getCursor(db(), world.integration.id, 'products')).toBe('2026-01-09T11:02:00.000Z');
  });

  it('an unreadable record fails the stream as a bad payload naming it', async () => {
    world.fake.put('Suppliers', { Guid: 'broken-supplier', SupplierCode: 'NONAME', LastModifiedOn: toUnleashedDate(new Date('2026-01-09T12:00:00Z')) });
    const error = await sync().then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ failure: 'bad_payload', permanent: true, message: expect.stringMatching(/Suppliers page 1, item \d+ is unreadable \(SupplierName/) });
    expect(await db().selectFrom('suppliers').select('id').where('external_ref', '=', 'broken-supplier').execute()).toEqual([]);
  });
});

import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema';

/**
 * A tiny hand-written world: the demo tenant with one site, two locations and two items (one with
 * two barcodes), a few movements; and a second tenant whose rows must never leak into the first.
 */
export async function insertFixture(db: Kysely<Database>): Promise<void> {
  await db.insertInto('tenants').values([
    { id: 'tnt_demo', name: 'Demo Manufacturing', base_currency: 'EUR' },
    { id: 'tnt_other', name: 'Other Co', base_currency: 'USD' },
  ]).execute();
  await db.insertInto('sites').values([
    { id: 'site_a', tenant_id: 'tnt_demo', code: 'PLANT-A', name: 'Plant A', kind: 'plant', timezone: 'Europe/Berlin' },
    { id: 'site_x', tenant_id: 'tnt_other', code: 'PLANT-X', name: 'Plant X', kind: 'plant', timezone: 'America/Chicago' },
  ]).execute();
  await db.insertInto('locations').values([
    { id: 'loc_a1', tenant_id: 'tnt_demo', site_id: 'site_a', code: 'A-01', name: 'Aisle 1' },
    { id: 'loc_a2', tenant_id: 'tnt_demo', site_id: 'site_a', code: 'A-02', name: 'Aisle 2' },
    { id: 'loc_x1', tenant_id: 'tnt_other', site_id: 'site_x', code: 'X-01', name: 'Bay 1' },
  ]).execute();
  const item = { category: 'parts', unit: 'ea', currency: 'EUR', lead_time_days: 7, supplier_id: null, home_site_id: 'site_a' };
  await db.insertInto('items').values([
    { ...item, id: 'itm_bolt', tenant_id: 'tnt_demo', sku: 'BOLT-M8', name: 'Bolt M8', type: 'raw', cost_minor: 12, reorder_point: '100.5', safety_stock: 40 },
    { ...item, id: 'itm_frame', tenant_id: 'tnt_demo', sku: 'FRAME-1', name: 'Frame', type: 'finished', cost_minor: 4500, reorder_point: 5, safety_stock: 2 },
    { ...item, id: 'itm_secret', tenant_id: 'tnt_other', sku: 'SECRET', name: 'Other tenant item', type: 'raw', cost_minor: 1, reorder_point: 0, safety_stock: 0, home_site_id: 'site_x' },
  ]).execute();
  await db.insertInto('item_barcodes').values([
    { tenant_id: 'tnt_demo', barcode: '4006381333931', item_id: 'itm_bolt' },
    { tenant_id: 'tnt_demo', barcode: '4006381333948', item_id: 'itm_bolt' },
    { tenant_id: 'tnt_other', barcode: '999', item_id: 'itm_secret' },
  ]).execute();
  const at = new Date('2026-01-05T08:00:00Z');
  const move = { tenant_id: 'tnt_demo', site_id: 'site_a', unit_cost_minor: 0, occurred_at: at, reference: null };
  await db.insertInto('stock_movements').values([
    { ...move, location_id: 'loc_a1', item_id: 'itm_bolt', kind: 'receipt', quantity: '250.5' },
    { ...move, location_id: 'loc_a1', item_id: 'itm_bolt', kind: 'issue', quantity: -50 },
    { ...move, location_id: 'loc_a2', item_id: 'itm_bolt', kind: 'receipt', quantity: 10 },
    { ...move, location_id: 'loc_a1', item_id: 'itm_frame', kind: 'production_output', quantity: 3 },
    // Received then fully shipped: a zero balance that replication leaves out.
    { ...move, location_id: 'loc_a2', item_id: 'itm_frame', kind: 'receipt', quantity: 4 },
    { ...move, location_id: 'loc_a2', item_id: 'itm_frame', kind: 'shipment', quantity: -4 },
    { ...move, tenant_id: 'tnt_other', site_id: 'site_x', location_id: 'loc_x1', item_id: 'itm_secret', kind: 'receipt', quantity: 7 },
  ]).execute();
}

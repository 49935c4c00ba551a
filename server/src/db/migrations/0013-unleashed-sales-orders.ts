import type { Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// Unleashed's sales orders, kept as the ERP's open order book: what is committed to ship, by
// customer and date. They are NOT sales: the same orders mostly come from Shopify and Amazon
// (channel_orders), and the forecasts and KPIs read sales from sales_daily, so these tables are
// kept apart from both; reading them as revenue would count every channel sale twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('unleashed_sales_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    // Unleashed's Guid of the order.
    .addColumn('external_ref', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    // The vendor's word (Parked, Placed, Backordered, Completed, Deleted…): what counts as open
    // is read from it, not fixed here.
    .addColumn('order_status', 'text', (c) => c.notNull())
    .addColumn('ordered_on', 'date', (c) => c.notNull())
    .addColumn('required_on', 'date')
    .addColumn('customer_code', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('external_updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('unleashed_sales_orders_ref_uq', ['integration_id', 'external_ref'])
    .execute();
  await db.schema.createTable('unleashed_sales_order_lines')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sales_order_id', 'text', (c) => c.notNull().references('unleashed_sales_orders.id').onDelete('cascade'))
    .addColumn('line_number', 'integer', (c) => c.notNull())
    // Null when the vendor's product is not (yet) one of our items; the SKU is kept either way.
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('quantity', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('unleashed_sales_order_lines_pk', ['sales_order_id', 'line_number'])
    .execute();
  for (const table of ['unleashed_sales_orders', 'unleashed_sales_order_lines']) await protectTenantTable(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['unleashed_sales_order_lines', 'unleashed_sales_orders']) await db.schema.dropTable(table).execute();
}

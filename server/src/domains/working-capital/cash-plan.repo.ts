import { forecastPointSchema, type ForecastPoint } from '@capliquify/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';

// What the cash forecast plans beyond the open documents, read for the finance scope: open
// purchase orders with their totals and the supplier's terms, and the latest demand forecasts
// with each item's recent net selling price and unit cost.

type Db = Kysely<Database> | Transaction<Database>;

export interface OpenOrderRow {
  id: string; number: string; supplierId: string; expectedOn: string; currency: string;
  totalMinor: number; termsDays: number | null;
}

/** Open purchase orders, each with its lines' total (quantity × unit cost) in the order's currency. */
export async function readOpenPurchaseOrders(db: Db, tenantId: string): Promise<OpenOrderRow[]> {
  const rows = await db.selectFrom('purchase_orders as po')
    .leftJoin('suppliers as s', (j) => j.onRef('s.id', '=', 'po.supplier_id').onRef('s.tenant_id', '=', 'po.tenant_id'))
    .leftJoin('purchase_order_lines as l', (j) => j.onRef('l.purchase_order_id', '=', 'po.id').onRef('l.tenant_id', '=', 'po.tenant_id'))
    .select(['po.id', 'po.number', 'po.supplier_id', 'po.expected_on', 'po.currency', 's.payment_terms_days'])
    .select(sql<string | null>`sum(l.quantity * l.unit_cost_minor)`.as('total_minor'))
    .where('po.tenant_id', '=', tenantId).where('po.status', '=', 'open')
    .groupBy(['po.id', 'po.number', 'po.supplier_id', 'po.expected_on', 'po.currency', 's.payment_terms_days'])
    .orderBy('po.id')
    .execute();
  return rows.map((r) => ({
    id: r.id, number: r.number, supplierId: r.supplier_id, expectedOn: r.expected_on, currency: r.currency.trim().toUpperCase(),
    totalMinor: Math.round(Number(r.total_minor ?? 0)), termsDays: r.payment_terms_days,
  }));
}

export interface ForecastRow { itemId: string; runId: string; generatedAt: string; points: ForecastPoint[] }

const points = z.array(forecastPointSchema);

/** The latest forecast of every item at every site. */
export async function readItemForecasts(db: Db, tenantId: string): Promise<ForecastRow[]> {
  const rows = await db.selectFrom('demand_forecasts').select(['item_id', 'run_id', 'generated_at', 'points'])
    .where('tenant_id', '=', tenantId).orderBy('site_id').orderBy('item_id').execute();
  return rows.map((r) => ({ itemId: r.item_id, runId: r.run_id, generatedAt: r.generated_at.toISOString(), points: points.parse(r.points) }));
}

export interface ItemPriceRow {
  itemId: string; unitCostMinor: number; costCurrency: string;
  /** Units sold and what they brought in net of channel fees (base currency) since the day asked; 0 when unsold. */
  soldQuantity: number; netRevenueMinor: number;
}

/** Every item's unit cost, and its sales since `since` across sites and channels. */
export async function readItemPrices(db: Db, tenantId: string, since: string): Promise<ItemPriceRow[]> {
  const rows = await db.selectFrom('items as i')
    .leftJoin('sales_daily as s', (j) => j.onRef('s.item_id', '=', 'i.id').onRef('s.tenant_id', '=', 'i.tenant_id').on('s.day', '>=', since))
    .select(['i.id', 'i.cost_minor', 'i.currency'])
    .select([sql<string | null>`sum(s.quantity)`.as('sold'), sql<string | null>`sum(s.revenue_minor - s.fees_minor)`.as('net')])
    .where('i.tenant_id', '=', tenantId)
    .groupBy(['i.id', 'i.cost_minor', 'i.currency'])
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    itemId: r.id, unitCostMinor: Number(r.cost_minor), costCurrency: r.currency.trim().toUpperCase(),
    soldQuantity: Number(r.sold ?? 0), netRevenueMinor: Number(r.net ?? 0),
  }));
}

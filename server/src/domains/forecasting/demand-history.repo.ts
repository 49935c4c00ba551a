import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { FirstSale, PromotionSpan, WeeklySales } from './demand-features';

type Db = Kysely<Database> | Transaction<Database>;

// The ISO week's Monday of a `date`, by date arithmetic: no time zone gets involved.
const weekOf = sql<string>`(s.day - (extract(isodow from s.day)::int - 1))`;

/**
 * Sales of the tenant's active items per site × item × ISO week between `from` and `to`
 * (inclusive days), summed over the channels, with the week's stock-outs and promotion days.
 */
export async function listWeeklySales(db: Db, tenantId: string, from: string, to: string): Promise<WeeklySales[]> {
  const rows = await db.selectFrom('sales_daily as s')
    .innerJoin('items as i', (join) => join.onRef('i.id', '=', 's.item_id').onRef('i.tenant_id', '=', 's.tenant_id'))
    .select([
      's.site_id', 's.item_id', weekOf.as('week'),
      sql<string>`sum(s.quantity)`.as('quantity'),
      sql<boolean>`bool_or(s.stockout)`.as('stockout'),
      sql<string>`count(distinct s.day) filter (where s.promo)`.as('promo_days'),
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('i.active', '=', true)
    .where('s.day', '>=', from)
    .where('s.day', '<=', to)
    .groupBy(['s.site_id', 's.item_id', weekOf])
    .execute();
  return rows.map((r) => ({
    siteId: r.site_id, itemId: r.item_id, week: r.week, quantity: Number(r.quantity), stockout: r.stockout, promoDays: Number(r.promo_days),
  }));
}

/** The first day each site sold each item (anything at all), up to `to`. */
export async function listFirstSales(db: Db, tenantId: string, to: string): Promise<FirstSale[]> {
  const rows = await db.selectFrom('sales_daily as s')
    .select(['s.site_id', 's.item_id', sql<string>`min(s.day)`.as('day')])
    .where('s.tenant_id', '=', tenantId)
    .where('s.quantity', '>', '0')
    .where('s.day', '<=', to)
    .groupBy(['s.site_id', 's.item_id'])
    .execute();
  return rows.map((r) => ({ siteId: r.site_id, itemId: r.item_id, day: r.day }));
}

/** Promotions of the tenant's items that overlap [from, to] (past ones flag history, planned ones the horizon). */
export async function listPromotionSpans(db: Db, tenantId: string, from: string, to: string): Promise<PromotionSpan[]> {
  const rows = await db.selectFrom('promotions')
    .select(['item_id', 'starts_on', 'ends_on'])
    .where('tenant_id', '=', tenantId)
    .where('ends_on', '>=', from)
    .where('starts_on', '<=', to)
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, startsOn: r.starts_on, endsOn: r.ends_on }));
}

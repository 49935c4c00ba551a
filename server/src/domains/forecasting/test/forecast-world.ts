import type { Kysely } from 'kysely';
import type { LocalModel } from '@capliquify/shared/forecasting/model';
import { naiveModel } from '@capliquify/shared/forecasting/models/naive';
import { insertFixture } from '../../../../test/fixture';
import { silentLogger } from '../../../../test/logs';
import type { Database } from '../../../db/schema';
import type { JobContext } from '../../../jobs/job';
import type { ForecastEngine } from '../forecast.service';
import { addDays } from '../iso-weeks';

// A small hand-made sales history for the forecasting tests, as of Wednesday 2026-03-04: the last
// complete week is the one of Monday 2026-02-23, the first forecast week is that of 2026-03-02.

export const AS_OF = '2026-03-04';
export const LAST_WEEK = '2026-02-23';
export const FIRST_FORECAST_WEEK = '2026-03-02';
/** Weeks of bolt sales, all inside the 104-week window. */
export const BOLT_WEEKS = 30;

/** Fast models for most tests; one test runs the product ensemble. */
export const naiveEngine: ForecastEngine = { local: [naiveModel], global: [], workers: 0 };

/** Forecasts the last week plus 1,000 per share of the week on promotion: shows the promotions planned reach the models. */
export const promoAwareModel: LocalModel = {
  name: 'promo-aware',
  forecast(y, horizon, ctx) {
    const last = y.at(-1) ?? 0;
    const future = ctx.regressors?.future.promo ?? [];
    return { mean: Array.from({ length: horizon }, (_, h) => last + 1_000 * (future[h] ?? 0)) };
  },
};

interface Sale { tenantId?: string; siteId: string; itemId: string; channel: string; day: string; quantity: number; stockout?: boolean; promo?: boolean }

export async function insertSales(db: Kysely<Database>, sales: Sale[]): Promise<void> {
  for (let i = 0; i < sales.length; i += 1_000) {
    await db.insertInto('sales_daily').values(sales.slice(i, i + 1_000).map((s) => ({
      tenant_id: s.tenantId ?? 'tnt_demo', site_id: s.siteId, item_id: s.itemId, channel: s.channel, day: s.day,
      quantity: s.quantity, revenue_minor: s.quantity * 100, fees_minor: 0, promo: s.promo ?? false, stockout: s.stockout ?? false,
    }))).execute();
  }
}

/** Every day of the `weeks` complete weeks that end with LAST_WEEK. */
export function daysOfLastWeeks(weeks: number): string[] {
  const first = addDays(LAST_WEEK, -7 * (weeks - 1));
  return Array.from({ length: weeks * 7 }, (_, i) => addDays(first, i));
}

/**
 * The fixture (tnt_demo: site_a, items itm_bolt and itm_frame; tnt_other) plus a second site and:
 * - bolt at site_a: 10 a day on Shopify and 4 on Amazon for 30 weeks, first sold then; in the last
 *   week Amazon ran out from Thursday and sold nothing more (censored);
 * - frame at site_a and site_b: 1 a day, 3 a day in a promotion week (flagged in the sales and in
 *   promotions), and a promotion planned for the second forecast week;
 * - an inactive item and an item sold only three years ago: neither is forecast;
 * - the other tenant's item, sold at its site.
 */
export async function insertForecastWorld(db: Kysely<Database>): Promise<void> {
  await insertFixture(db);
  await db.insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'PLANT-B', name: 'Plant B', kind: 'plant', timezone: 'UTC' }).execute();
  const item = { tenant_id: 'tnt_demo', category: 'parts', unit: 'ea', currency: 'EUR', lead_time_days: 7, supplier_id: null, home_site_id: 'site_a', cost_minor: 1, reorder_point: 0, safety_stock: 0 };
  await db.insertInto('items').values([
    { ...item, id: 'itm_retired', sku: 'RETIRED', name: 'Retired', type: 'finished', active: false },
    { ...item, id: 'itm_old', sku: 'OLD', name: 'Sold long ago', type: 'finished' },
  ]).execute();
  const bolt = daysOfLastWeeks(BOLT_WEEKS);
  const lastWeek = new Set(daysOfLastWeeks(1));
  const promoWeek = new Set(daysOfLastWeeks(5).slice(0, 7));
  const sales: Sale[] = [
    ...bolt.map((day) => ({ siteId: 'site_a', itemId: 'itm_bolt', channel: 'shopify', day, quantity: 10 })),
    ...bolt.map((day) => {
      // Out of stock from Thursday of the last week: one unit on Thursday, nothing after.
      const out = lastWeek.has(day) && day >= addDays(LAST_WEEK, 3);
      return { siteId: 'site_a', itemId: 'itm_bolt', channel: 'amazon', day, quantity: out ? (day === addDays(LAST_WEEK, 3) ? 1 : 0) : 4, stockout: out };
    }),
    ...['site_a', 'site_b'].flatMap((siteId) => daysOfLastWeeks(60).map((day) => ({
      siteId, itemId: 'itm_frame', channel: 'shopify', day, quantity: promoWeek.has(day) ? 3 : 1, promo: promoWeek.has(day),
    }))),
    ...daysOfLastWeeks(10).map((day) => ({ siteId: 'site_a', itemId: 'itm_retired', channel: 'shopify', day, quantity: 5 })),
    { siteId: 'site_a', itemId: 'itm_old', channel: 'shopify', day: '2023-01-10', quantity: 5 },
    ...daysOfLastWeeks(20).map((day) => ({ tenantId: 'tnt_other', siteId: 'site_x', itemId: 'itm_secret', channel: 'shopify', day, quantity: 2 })),
  ];
  await insertSales(db, sales);
  const [promoMonday] = [...promoWeek];
  await db.insertInto('promotions').values([
    { id: 'prm_past', tenant_id: 'tnt_demo', item_id: 'itm_frame', channel: 'shopify', starts_on: promoMonday!, ends_on: addDays(promoMonday!, 6), discount_pct: 20 },
    { id: 'prm_next', tenant_id: 'tnt_demo', item_id: 'itm_frame', channel: 'amazon', starts_on: addDays(FIRST_FORECAST_WEEK, 7), ends_on: addDays(FIRST_FORECAST_WEEK, 13), discount_pct: 15 },
  ]).execute();
}

export interface ProgressCall { fraction: number; note?: string }

/** A job context as the runners build one, recording progress. */
export function jobContext(db: Kysely<Database>, progress: ProgressCall[] = [], extra: Partial<JobContext> = {}): JobContext {
  return {
    db, log: silentLogger(), jobId: `test-${Math.random().toString(36).slice(2)}`, attempt: 1, job: 'forecast',
    progress: async (fraction, note) => { progress.push({ fraction, note }); },
    ...extra,
  };
}

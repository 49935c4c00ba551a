import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demandForecastId } from '@capliquify/shared';
import { makeCatalog } from '../test/fake-catalog';
import { makeForecast } from '../test/fake-forecast';
import { deleteTypedRow, stockLevelId, writeTypedRows } from '../sync-engine/typed-rows.repo';
import { getForecast, listForecasts, type ForecastListQuery } from './forecasts.repo';
import { migrateReplica } from './migrate-replica';
import { openReplica, type Replica } from './open-replica';

let replica: Replica;

// Six items: item-0001…0006 (odd ones Fasteners, even ones Packaging), stock at site-a, and half a unit of the even ones at site-b.
beforeEach(async () => {
  replica = await openReplica(':memory:');
  const catalog = makeCatalog(6);
  await replica.db.transaction().execute(async (trx) => {
    await writeTypedRows(trx, 'item', catalog.items.map((i) => ({ id: i.id, data: i })));
    await writeTypedRows(trx, 'stock_level', catalog.stock.map((s) => ({ id: stockLevelId(s.locationId, s.itemId), data: s })));
  });
});
afterEach(() => replica.close());

async function put(...forecasts: ReturnType<typeof makeForecast>[]) {
  await replica.db.transaction().execute((trx) =>
    writeTypedRows(trx, 'demand_forecast', forecasts.map((f) => ({ id: demandForecastId(f.siteId, f.itemId), data: f }))));
}

const list = (over: Partial<ForecastListQuery> = {}) =>
  listForecasts(replica.db, { q: '', sort: 'sku', direction: 'asc', limit: 100, offset: 0, ...over });
const skus = async (over: Partial<ForecastListQuery> = {}) => (await list(over)).rows.map((r) => r.sku);

describe('listForecasts', () => {
  beforeEach(async () => {
    await put(
      makeForecast('site-a', 'item-0001', { level: 5, accuracy: { mase: 1.4, smape: 0.3, bias: -0.1 } }),
      makeForecast('site-a', 'item-0002', { level: 50, accuracy: { mase: 0.6, smape: 0.1, bias: 0.02 }, demandClass: 'erratic' }),
      makeForecast('site-a', 'item-0003', { level: 20, accuracy: { mase: null, smape: null, bias: null }, generatedAt: '2025-05-27T02:00:00.000Z' }),
      makeForecast('site-b', 'item-0004', { level: 1 }),
    );
  });

  it('lists the forecasts with their item, and says how many there are and when the newest was made', async () => {
    const all = await list();
    expect(all.rows.map((r) => [r.siteId, r.sku])).toEqual([['site-a', 'SKU-0001'], ['site-a', 'SKU-0002'], ['site-a', 'SKU-0003'], ['site-b', 'SKU-0004']]);
    expect(all.rows[1]).toEqual({
      siteId: 'site-a', itemId: 'item-0002', sku: 'SKU-0002', name: 'Widget 0002', category: 'Packaging', unit: 'ea',
      generatedAt: '2025-05-26T02:00:00.000Z', mase: 0.6, bias: 0.02, weeklyDemand: 50, demandClass: 'erratic',
    });
    expect(all).toMatchObject({ total: 4, forecastCount: 4, generatedAt: '2025-05-27T02:00:00.000Z' });
  });

  it('keeps to one site when asked', async () => {
    expect(await skus({ siteId: 'site-b' })).toEqual(['SKU-0004']);
    expect(await list({ siteId: 'site-b' })).toMatchObject({ total: 1, forecastCount: 1, generatedAt: '2025-05-26T02:00:00.000Z' });
    expect(await list({ siteId: 'site-z' })).toEqual({ rows: [], total: 0, forecastCount: 0, generatedAt: null });
  });

  it('finds by part of the SKU, name or category, ignoring case, with % and _ taken literally', async () => {
    expect(await skus({ q: 'sku-0002' })).toEqual(['SKU-0002']);
    expect(await skus({ q: 'widget 0003' })).toEqual(['SKU-0003']);
    expect(await skus({ q: 'fasten' })).toEqual(['SKU-0001', 'SKU-0003']);
    expect(await skus({ q: '%' })).toEqual([]);
    // The query narrows the rows, not what the station holds.
    expect(await list({ q: 'fasten' })).toMatchObject({ total: 2, forecastCount: 4 });
  });

  it('sorts by accuracy with unscored items last either way, and by volume', async () => {
    expect(await skus({ siteId: 'site-a', sort: 'accuracy', direction: 'asc' })).toEqual(['SKU-0002', 'SKU-0001', 'SKU-0003']);
    expect(await skus({ siteId: 'site-a', sort: 'accuracy', direction: 'desc' })).toEqual(['SKU-0001', 'SKU-0002', 'SKU-0003']);
    expect(await skus({ sort: 'volume', direction: 'desc' })).toEqual(['SKU-0002', 'SKU-0003', 'SKU-0001', 'SKU-0004']);
    expect(await skus({ sort: 'sku', direction: 'desc' })).toEqual(['SKU-0004', 'SKU-0003', 'SKU-0002', 'SKU-0001']);
  });

  it('pages, counting every match', async () => {
    const page = await list({ limit: 2, offset: 1 });
    expect(page.rows.map((r) => r.sku)).toEqual(['SKU-0002', 'SKU-0003']);
    expect(page.total).toBe(4);
  });

  it('leaves out a forecast whose item this station does not hold, and drops one the server tombstoned', async () => {
    await put(makeForecast('site-a', 'item-9999'));
    expect((await list()).total).toBe(4);
    await replica.db.transaction().execute((trx) => deleteTypedRow(trx, 'demand_forecast', demandForecastId('site-a', 'item-0002')));
    expect(await skus()).toEqual(['SKU-0001', 'SKU-0003', 'SKU-0004']);
  });

  it('replaces a forecast when the next run sends it again', async () => {
    await put(makeForecast('site-a', 'item-0001', { level: 7, runId: 'run-2', generatedAt: '2025-06-02T02:00:00.000Z' }));
    const rows = (await list({ q: 'SKU-0001' })).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ weeklyDemand: 7, generatedAt: '2025-06-02T02:00:00.000Z' });
  });
});

describe('getForecast', () => {
  it('returns the whole document with the item’s settings and its stock at that site only', async () => {
    const forecast = makeForecast('site-b', 'item-0002');
    await put(forecast);
    expect(await getForecast(replica.db, 'site-b', 'item-0002')).toEqual({
      forecast,
      item: { id: 'item-0002', sku: 'SKU-0002', name: 'Widget 0002', category: 'Packaging', unit: 'ea', reorderPoint: 10, safetyStock: 5, leadTimeDays: 7, onHand: 0.5 },
    });
  });

  it('is null for an item without a forecast at the site', async () => {
    await put(makeForecast('site-a', 'item-0001'));
    expect(await getForecast(replica.db, 'site-b', 'item-0001')).toBeNull();
    expect(await getForecast(replica.db, 'site-a', 'item-0002')).toBeNull();
  });

  it('refuses a document that is not a forecast instead of storing it', async () => {
    await expect(put({ ...makeForecast('site-a', 'item-0001'), points: 'soon' } as never)).rejects.toThrow();
    expect((await list()).forecastCount).toBe(0);
  });
});

describe('migration 0007', () => {
  it('brings over forecasts an older build kept in confirmed state only', async () => {
    const older = await openReplica(':memory:');
    try {
      // Undo 0007 as if this replica was made by the build before it, which kept the rows aside.
      // (and the migrations after it, which ran on top of it: Kysely runs them in order)
      for (const table of ['finance_scenarios', 'finance_state', 'finance_rows', 'demand_forecasts']) await older.db.schema.dropTable(table).execute();
      await sql`delete from schema_migrations where name in ('0007-demand-forecasts', '0008-finance', '0009-cash-plan')`.execute(older.db);
      const forecast = makeForecast('site-a', 'item-0001', { level: 12, accuracy: { mase: 0.9, smape: 0.2, bias: 0.1 } });
      await older.db.insertInto('confirmed_rows').values({
        scope: 'site:site-a', entity: 'demand_forecast', id: demandForecastId('site-a', 'item-0001'), version: 3, data: JSON.stringify(forecast), stale: 0,
      }).execute();
      expect(await migrateReplica(older.db as unknown as Kysely<unknown>)).toEqual(['0007-demand-forecasts', '0008-finance', '0009-cash-plan']);
      const row = await older.db.selectFrom('demand_forecasts').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ site_id: 'site-a', item_id: 'item-0001', mase: 0.9, bias: 0.1, weekly_demand: 12, demand_class: 'smooth' });
      expect(JSON.parse(row.data)).toEqual(forecast);
    } finally {
      await older.close();
    }
  });
});

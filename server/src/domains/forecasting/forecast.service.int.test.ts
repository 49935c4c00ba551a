import { demandForecastSchema, type DemandForecast } from '@capliquify/shared';
import type { GlobalModel } from '@capliquify/shared/forecasting/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { withTenantScope } from '../../db/tenant-scope';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { listForecastRuns } from './forecast-runs.repo';
import { runTenantForecast, type ForecastEngine } from './forecast.service';
import {
  AS_OF, BOLT_WEEKS, FIRST_FORECAST_WEEK, insertForecastWorld, insertSales, LAST_WEEK, naiveEngine, promoAwareModel, type ProgressCall,
} from './test/forecast-world';
import { addDays } from './iso-weeks';

describe.each(BACKENDS)('demand forecasts of a tenant on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;

  async function forecastOf(siteId: string, itemId: string): Promise<DemandForecast | undefined> {
    const row = await db().selectFrom('sync_rows').select('data')
      .where('tenant_id', '=', 'tnt_demo').where('scope', '=', `site:${siteId}`).where('entity', '=', 'demand_forecast').where('id', '=', `${siteId}|${itemId}`)
      .where('deleted', '=', false).executeTakeFirst();
    return row ? demandForecastSchema.parse(row.data) : undefined;
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'forecasts');
    await insertForecastWorld(db());
    await rebuildScopes(db(), 'tnt_demo');
  });
  afterAll(() => testDb?.cleanup());

  it('forecasts every active item at each site that sells it, records the run and replicates each document into its site', async () => {
    const progress: ProgressCall[] = [];
    const result = await runTenantForecast(db(), 'tnt_demo', { asOf: AS_OF, engine: naiveEngine, progress: async (fraction, note) => { progress.push({ fraction, note }); } });
    expect(result).toMatchObject({ firstWeek: FIRST_FORECAST_WEEK, items: 3, skipped: 0, removed: 0 });
    const stored = await db().selectFrom('demand_forecasts').select(['site_id', 'item_id', 'run_id']).where('tenant_id', '=', 'tnt_demo').orderBy('site_id').orderBy('item_id').execute();
    expect(stored).toEqual([
      { site_id: 'site_a', item_id: 'itm_bolt', run_id: result.runId },
      { site_id: 'site_a', item_id: 'itm_frame', run_id: result.runId },
      { site_id: 'site_b', item_id: 'itm_frame', run_id: result.runId },
    ]);
    const [run] = await listForecastRuns(db(), 'tnt_demo', 5);
    expect(run).toMatchObject({ id: result.runId, status: 'succeeded', items: 3, horizon: 13, historyWeeks: 104, firstWeek: FIRST_FORECAST_WEEK, error: null });
    expect(run!.finishedAt).not.toBeNull();
    const bolt = (await forecastOf('site_a', 'itm_bolt'))!;
    expect(bolt).toMatchObject({ siteId: 'site_a', itemId: 'itm_bolt', runId: result.runId, weights: { naive: 1 } });
    expect(bolt.points.map((p) => p.period)).toEqual(Array.from({ length: 13 }, (_, h) => addDays(FIRST_FORECAST_WEEK, 7 * h)));
    expect(await forecastOf('site_b', 'itm_frame')).toBeDefined();
    // Nothing of another site's scope, and nothing for the inactive item or the one not sold in two years.
    expect(await forecastOf('site_b', 'itm_bolt')).toBeUndefined();
    expect(await db().selectFrom('demand_forecasts').select('item_id').where('item_id', 'in', ['itm_retired', 'itm_old']).execute()).toEqual([]);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ fraction: 1, note: '3 items forecast' });
  });

  it('marks the stock-out week and forecasts from what customers wanted, not what the empty shelf sold', async () => {
    const bolt = (await forecastOf('site_a', 'itm_bolt'))!;
    // First sold 30 weeks ago: the history starts there, not 104 weeks back.
    expect(bolt.history).toHaveLength(BOLT_WEEKS);
    expect(bolt.history.filter((h) => h.stockout)).toEqual([{ period: LAST_WEEK, quantity: 98, stockout: true, promo: false }]);
    expect(bolt.history.slice(0, -1).every((h) => h.quantity === 98 && !h.stockout)).toBe(true);
    // The naive model carries the last week forward: 98 wanted, though 83 were sold.
    expect(bolt.points.every((p) => p.yhat === 98)).toBe(true);
  });

  it('flags promotion weeks and gives the models the promotions planned for the horizon', async () => {
    const promoEngine: ForecastEngine = { local: [promoAwareModel], global: [], workers: 0 };
    await runTenantForecast(db(), 'tnt_demo', { asOf: AS_OF, engine: promoEngine });
    for (const siteId of ['site_a', 'site_b']) {
      const frame = (await forecastOf(siteId, 'itm_frame'))!;
      expect(frame.history.filter((h) => h.promo)).toEqual([{ period: addDays(LAST_WEEK, -28), quantity: 21, stockout: false, promo: true }]);
      // Planned for the second week of the horizon (on Amazon; promotions run at every site).
      expect(frame.points.slice(0, 3).map((p) => p.yhat)).toEqual([7, 1_007, 7]);
    }
    const bolt = (await forecastOf('site_a', 'itm_bolt'))!;
    expect(bolt.points.every((p) => p.yhat === 98)).toBe(true);
  });

  it('keeps what rebuilding the replicated rows would write: a rebuild changes nothing', async () => {
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });

  it('removes and tombstones the forecast of an item no longer sold, and keeps the rest', async () => {
    // A year later the bolt has not sold for more than two years; the frame sells again.
    const later = '2028-03-08';
    const weeks = Array.from({ length: 14 }, (_, i) => addDays('2027-11-29', i * 7));
    await insertSales(db(), weeks.map((day) => ({ siteId: 'site_a', itemId: 'itm_frame', channel: 'shopify', day, quantity: 6 })));
    const result = await runTenantForecast(db(), 'tnt_demo', { asOf: later, engine: naiveEngine });
    expect(result).toMatchObject({ items: 1, removed: 2 });
    expect(await forecastOf('site_a', 'itm_bolt')).toBeUndefined();
    expect(await forecastOf('site_b', 'itm_frame')).toBeUndefined();
    const tombstone = await db().selectFrom('sync_rows').select(['deleted', 'data']).where('scope', '=', 'site:site_a').where('id', '=', 'site_a|itm_bolt').executeTakeFirstOrThrow();
    expect(tombstone).toEqual({ deleted: true, data: null });
    expect((await forecastOf('site_a', 'itm_frame'))!.runId).toBe(result.runId);
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });

  it('marks a failed run failed with its reason, and leaves the latest forecasts in place', async () => {
    const before = await forecastOf('site_a', 'itm_frame');
    const broken: GlobalModel = { name: 'broken', train: async () => { throw new Error('the network would not train'); } };
    const run = runTenantForecast(db(), 'tnt_demo', { asOf: '2028-03-08', engine: { ...naiveEngine, global: [broken] } });
    await expect(run).rejects.toThrow('the network would not train');
    const [latest] = await listForecastRuns(db(), 'tnt_demo', 1);
    expect(latest).toMatchObject({ status: 'failed', error: 'the network would not train', items: 0 });
    expect(await forecastOf('site_a', 'itm_frame')).toEqual(before);
  });

  it('runs for a tenant with no sales: an empty run that succeeds', async () => {
    await db().insertInto('tenants').values({ id: 'tnt_empty', name: 'Empty', base_currency: 'EUR' }).execute();
    const result = await runTenantForecast(db(), 'tnt_empty', { asOf: AS_OF, engine: naiveEngine });
    expect(result).toMatchObject({ items: 0, skipped: 0, removed: 0, accuracy: { mase: null, smape: null, bias: null } });
    expect(await listForecastRuns(db(), 'tnt_empty', 5)).toEqual([expect.objectContaining({ status: 'succeeded', items: 0 })]);
  });

  it('refuses a tenant that does not exist, recording nothing', async () => {
    await expect(runTenantForecast(db(), 'tnt_nobody', { asOf: AS_OF, engine: naiveEngine })).rejects.toThrow('There is no tenant tnt_nobody.');
    expect(await listForecastRuns(db(), 'tnt_nobody', 5)).toEqual([]);
  });

  it("confines forecasts and runs to their tenant: another tenant's scope sees none and cannot write one", async () => {
    await runTenantForecast(db(), 'tnt_other', { asOf: AS_OF, engine: naiveEngine });
    const seen = await withTenantScope(db(), 'tnt_other', async (trx) => ({
      forecasts: await trx.selectFrom('demand_forecasts').select(['tenant_id', 'item_id']).execute(),
      runs: [...new Set((await trx.selectFrom('forecast_runs').select('tenant_id').execute()).map((r) => r.tenant_id))],
    }));
    expect(seen).toEqual({ forecasts: [{ tenant_id: 'tnt_other', item_id: 'itm_secret' }], runs: ['tnt_other'] });
    const [ours] = await listForecastRuns(db(), 'tnt_demo', 1);
    await expect(withTenantScope(db(), 'tnt_other', (trx) => trx.insertInto('demand_forecasts').values({
      tenant_id: 'tnt_demo', site_id: 'site_a', item_id: 'itm_bolt', run_id: ours!.id, generated_at: new Date(), history: '[]', points: '[]', weights: '{}',
      mase: null, smape: null, bias: null, demand_class: 'smooth',
    }).execute())).rejects.toThrow(/row-level security/);
  });
});

import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demandForecastId } from '@capliquify/shared';
import { computeReorderPoint } from '@capliquify/shared/forecasting/reorder-point';
import { createLocalContext } from '../create-local-context';
import { startHarness, type Harness } from '../sync-engine/test/engine-harness';
import { makeForecast } from '../test/fake-forecast';
import { localRouter } from './local-router';

// Forecasts as the renderer reaches them: pulled from a (fake) sync server into the replica by
// the real engine, then read through the local router, with the network up and down.

let h: Harness;
let caller: ReturnType<typeof localRouter.createCaller>;

beforeEach(async () => {
  h = await startHarness();
  caller = localRouter.createCaller(createLocalContext({ db: h.db, engine: h.engine, auth: h.transport, serverUrl: h.server.url, stationName: 'Planner', clock: { now: () => new Date() } }));
});
afterEach(() => h.close());

function publish(...forecasts: ReturnType<typeof makeForecast>[]) {
  for (const f of forecasts) h.server.state.put(`site:${f.siteId}`, 'demand_forecast', demandForecastId(f.siteId, f.itemId), f);
}

describe('forecasts.* on the local router', () => {
  it('shows nothing before a forecast run reached the station, then the run’s forecasts once pulled', async () => {
    await h.engine.syncNow();
    expect(await caller.forecasts.list({})).toEqual({ rows: [], total: 0, forecastCount: 0, generatedAt: null });

    publish(makeForecast('site-a', 'item-0001', { level: 4 }), makeForecast('site-a', 'item-0002', { level: 40, accuracy: { mase: 0.5, smape: 0.1, bias: 0 } }));
    await h.engine.syncNow();
    const page = await caller.forecasts.list({ sort: 'volume', direction: 'desc' });
    expect(page.rows.map((r) => [r.sku, r.weeklyDemand, r.mase])).toEqual([['SKU-0002', 40, 0.5], ['SKU-0001', 4, 0.8]]);
    expect(page).toMatchObject({ total: 2, forecastCount: 2, generatedAt: '2025-05-26T02:00:00.000Z' });
  });

  it('keeps answering from the replica with the network down: list, chart data and a reorder point', async () => {
    const forecast = makeForecast('site-a', 'item-0003', { level: 10, sigma: 2 });
    publish(forecast);
    await h.engine.syncNow();
    h.server.faults.offline = true;
    await h.engine.syncNow();
    expect(h.engine.status.get().connection).toBe('offline');

    expect((await caller.forecasts.list({ q: 'widget 0003' })).rows.map((r) => r.itemId)).toEqual(['item-0003']);
    const detail = await caller.forecasts.get({ siteId: 'site-a', itemId: 'item-0003' });
    expect(detail.forecast).toEqual(forecast);
    expect(detail.item).toMatchObject({ sku: 'SKU-0003', leadTimeDays: 7, reorderPoint: 10, safetyStock: 5, onHand: 3 });
    // One week of lead time at 10 a week, σ 2: 10 + 1.6449 × 2 at 95%.
    const suggestion = computeReorderPoint({ points: detail.forecast.points, leadTimeDays: detail.item.leadTimeDays, serviceLevel: 0.95 });
    expect(suggestion.reorderPoint).toBeCloseTo(10 + 1.6448536 * 2, 5);
  });

  it('drops a forecast the server withdrew, and says so for an item without one', async () => {
    publish(makeForecast('site-a', 'item-0001'));
    await h.engine.syncNow();
    h.server.state.remove('site:site-a', 'demand_forecast', demandForecastId('site-a', 'item-0001'));
    await h.engine.syncNow();
    expect((await caller.forecasts.list({})).forecastCount).toBe(0);
    const missing = await caller.forecasts.get({ siteId: 'site-a', itemId: 'item-0001' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'This station holds no forecast for item item-0001 at site site-a' });
  });

  it('refuses malformed queries with a bad request', async () => {
    for (const input of [{ sort: 'best' }, { limit: 0 }, { direction: 'up' }, { q: 'x'.repeat(201) }]) {
      await expect(caller.forecasts.list(input as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(caller.forecasts.get({ siteId: '', itemId: 'item-0001' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

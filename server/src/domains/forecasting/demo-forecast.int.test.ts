import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir } from '../../../test/databases';
import { silentLogger } from '../../../test/logs';
import { loadServerConfig } from '../../config';
import { waitFor } from '../../jobs/test/wait-for';
import { startApi, type RunningApi } from '../../start-api';
import { listForecastRuns } from './forecast-runs.repo';

// What `npm start` does on a first run, with the small demo: seed, serve, and forecast once.
describe('the demo after its first start', () => {
  let scratch: { dir: string; remove(): Promise<void> };
  let api: RunningApi;

  beforeAll(async () => {
    scratch = await createScratchDir('demo-forecast');
    api = await startApi(loadServerConfig({ PORT: '0', DEMO_DATA: 'small', CAPLIQUIFY_DATA_DIR: scratch.dir }), { logger: silentLogger() });
  });
  afterAll(async () => {
    await api?.close();
    await scratch?.remove();
  });

  it('has forecasts for the items it sells, replicated to their sites, from one run', async () => {
    const run = await waitFor('the first forecast run', async () => {
      const [latest] = await listForecastRuns(api.db, 'tnt_demo', 1);
      return latest?.status === 'succeeded' ? latest : undefined;
    }, 120_000);
    const sold = await api.db.selectFrom('sales_daily').select(['site_id', 'item_id']).distinct().where('tenant_id', '=', 'tnt_demo').where('quantity', '>', '0').execute();
    expect(run.items).toBe(sold.length);
    expect(run.items).toBeGreaterThan(0);
    const replicated = await api.db.selectFrom('sync_rows').select(['scope', 'id']).where('tenant_id', '=', 'tnt_demo').where('entity', '=', 'demand_forecast').where('deleted', '=', false).execute();
    expect(replicated.map((r) => `${r.scope} ${r.id}`).sort()).toEqual(sold.map((s) => `site:${s.site_id} ${s.site_id}|${s.item_id}`).sort());
    // The daily schedule also fired at the start, and found the demo already forecast.
    await waitFor('the jobs to settle', async () => (await api.app.jobs.counts()).length === 0);
    expect(await listForecastRuns(api.db, 'tnt_demo', 5)).toHaveLength(1);
  });
});

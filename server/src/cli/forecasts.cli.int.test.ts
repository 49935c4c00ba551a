import type { DemandForecast } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { listForecastRuns } from '../domains/forecasting/forecast-runs.repo';
import { runTenantForecast } from '../domains/forecasting/forecast.service';
import { AS_OF, insertForecastWorld, naiveEngine } from '../domains/forecasting/test/forecast-world';

describe('capliquify forecasts (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-forecasts');
    await insertForecastWorld(testDb.handle.db);
    env = { DATABASE_URL: testDb.config.databaseUrl! };
  });
  afterAll(() => testDb?.cleanup());

  it("runs a tenant's forecast now with the product models and prints what it did", async () => {
    // Today's date: the world's sales end in early 2026, so only what sold in the last two years is forecast.
    const ran = await runCliHere(['forecasts', 'run', '--tenant', 'tnt_other', '--json'], env);
    expect(ran.code).toBe(0);
    const out = JSON.parse(ran.stdout) as { command: string; tenantId: string; runId: string; items: number };
    expect(out).toMatchObject({ command: 'forecasts run', tenantId: 'tnt_other' });
    const [run] = await listForecastRuns(testDb.handle.db, 'tnt_other', 1);
    expect(run).toMatchObject({ id: out.runId, status: 'succeeded', items: out.items });
    const text = await runCliHere(['forecasts', 'run', '--tenant', 'tnt_other'], env);
    expect(text.stdout).toMatch(/^forecast \d+ item\(s\) from the week of \d{4}-\d{2}-\d{2} \(.*\); run fcr_/);
    expect(text.stderr).toContain('100% ');
  });

  it("shows an item's latest forecast at every site, or at the site named by id or code", async () => {
    await runTenantForecast(testDb.handle.db, 'tnt_demo', { asOf: AS_OF, engine: naiveEngine });
    const all = JSON.parse((await runCliHere(['forecasts', 'show', 'FRAME-1', '--json'], env)).stdout) as { itemId: string; forecasts: DemandForecast[] };
    expect(all.itemId).toBe('itm_frame');
    expect(all.forecasts.map((f) => f.siteId)).toEqual(['site_a', 'site_b']);
    const one = JSON.parse((await runCliHere(['forecasts', 'show', 'FRAME-1', '--site', 'PLANT-B', '--json'], env)).stdout) as { forecasts: DemandForecast[] };
    expect(one.forecasts.map((f) => f.siteId)).toEqual(['site_b']);
    const text = await runCliHere(['forecasts', 'show', 'BOLT-M8'], env);
    expect(text.stdout).toContain('BOLT-M8 at site_a: ');
    expect(text.stdout).toContain('(1 with stock-outs)');
    expect(text.stdout).toContain('weights: naive 100%');
    expect(text.stdout).toContain('2026-03-02     98.00     ');
  });

  it('says when an item has no forecast, and refuses an unknown SKU, site or action', async () => {
    expect((await runCliHere(['forecasts', 'show', 'BOLT-M8', '--site', 'site_b'], env)).stdout).toMatch(/^no forecast for BOLT-M8 at site site_b yet/);
    const unknown = await runCliHere(['forecasts', 'show', 'NOPE'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'capliquify: failed: there is no item with SKU "NOPE" in tenant tnt_demo']);
    expect((await runCliHere(['forecasts', 'show', 'BOLT-M8', '--site', 'PLANT-Z'], env)).stderr).toMatch(/--site names no site of tenant tnt_demo/);
    expect((await runCliHere(['forecasts', 'show'], env)).stderr).toMatch(/forecasts show needs an item's SKU/);
    expect((await runCliHere(['forecasts', 'explain'], env)).stderr).toMatch(/forecasts needs run or show/);
    expect((await runCliHere(['forecasts', 'run', '--tenant', 'tnt_nobody'], env)).stderr).toMatch(/There is no tenant tnt_nobody/);
  });
});

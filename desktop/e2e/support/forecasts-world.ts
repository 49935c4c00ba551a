// The Forecasts end-to-end world: a real sync server on PostgreSQL (the fixture site) with a sales
// history, the server's own forecast run over it, and one browser-host station straight to the
// server, driven in Chromium. The server can be stopped for good while the station keeps running.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEnrollmentCode } from '@capliquify/server';
import { demandForecastId, demandForecastSchema, type DemandForecast } from '@capliquify/shared';
import { driftModel, naiveModel, seasonalNaiveModel } from '@capliquify/shared/forecasting/models/naive';
import { runTenantForecast, type TenantForecastResult } from '../../../server/src/domains/forecasting/forecast.service';
import { startAppProcess, type AppProcess } from './app-process';
import { SITE, TENANT, startTestServer, type TestServer } from './sync-server';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');

/** The day the forecast is made (a Wednesday): history ends with the week of 2026-02-23. */
export const AS_OF = '2026-03-04';
const LAST_MONDAY = Date.UTC(2026, 1, 23);
// Long enough for the run to backtest (and so to measure accuracy): over a year of weeks.
export const HISTORY_WEEKS = 70;
/** Weeks (from the first) with a promotion, and from whose Thursday the shelf ran empty. */
export const PROMO_WEEK = 45;
export const STOCKOUT_WEEK = 60;

export interface ForecastsWorld {
  server: TestServer;
  page: Page;
  /** Runs the server's forecast of the fixture tenant (fast models: the screen, not the ensemble, is under test). */
  runForecast(): Promise<TenantForecastResult>;
  /** The replicated document of an item at the fixture site, as the server holds it. */
  serverForecast(itemId: string): Promise<DemandForecast>;
  /** Stops the sync server for good (its database goes too). */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

function day(week: number, weekday: number): string {
  return new Date(LAST_MONDAY - (HISTORY_WEEKS - 1 - week) * 7 * 86_400_000 + weekday * 86_400_000).toISOString().slice(0, 10);
}

/** Bolts sell 10–12 a day (a three-week rhythm), 25 in the promotion week, nothing once the shelf is empty; frames 1 a day. */
async function insertSalesHistory(server: TestServer): Promise<void> {
  const rows = [];
  for (let week = 0; week < HISTORY_WEEKS; week++) {
    for (let weekday = 0; weekday < 7; weekday++) {
      const promo = week === PROMO_WEEK;
      const stockout = week === STOCKOUT_WEEK && weekday >= 3;
      const bolts = stockout ? 0 : promo ? 25 : 10 + (week % 3);
      const sale = { tenant_id: TENANT, site_id: SITE, channel: 'shopify', day: day(week, weekday), fees_minor: 0 };
      rows.push({ ...sale, item_id: 'itm_bolt', quantity: bolts, revenue_minor: bolts * 100, promo, stockout });
      rows.push({ ...sale, item_id: 'itm_frame', quantity: 1, revenue_minor: 4_500, promo: false, stockout: false });
    }
  }
  await server.db().insertInto('sales_daily').values(rows).execute();
}

/** The environment without this machine's own CapLiquify settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CAPLIQUIFY_|DATABASE_URL|REDIS_URL|DEMO_DATA|HOST_PORT|PORT$)/.test(key)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export async function startForecastsWorld(): Promise<ForecastsWorld> {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  const server = await startTestServer('postgres', 'e2e-forecasts');
  await insertSalesHistory(server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-forecasts-'));
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
  const host: AppProcess = await startAppProcess('npx', ['tsx', 'desktop/host/host.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dir, HOST_PORT: '0', CAPLIQUIFY_ENROLLMENT_CODE: code, CAPLIQUIFY_STATION_NAME: 'Planning desk' }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A fixed locale: the test reads numbers as the screen formats them.
  const page = await browser.newPage({ locale: 'en-US' });
  page.setDefaultTimeout(30_000);
  await page.goto(host.readyUrl);

  let serverRunning = true;
  return {
    server, page,
    runForecast: () => runTenantForecast(server.db(), TENANT, { asOf: AS_OF, engine: { local: [naiveModel, seasonalNaiveModel, driftModel], global: [], workers: 0 } }),
    async serverForecast(itemId) {
      const row = await server.db().selectFrom('sync_rows').select('data')
        .where('tenant_id', '=', TENANT).where('entity', '=', 'demand_forecast').where('id', '=', demandForecastId(SITE, itemId)).where('deleted', '=', false)
        .executeTakeFirstOrThrow();
      return demandForecastSchema.parse(row.data);
    },
    async stopServer() {
      serverRunning = false;
      await server.close();
    },
    async close() {
      await browser.close();
      await host.stop();
      if (serverRunning) await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The counting end-to-end world: a real sync server on PostgreSQL (the fixture site plus two items
// with EAN-8 and UPC-A barcodes), and two browser-host desktops in their own processes, A behind
// a fault proxy that can take it offline, B straight to the server, both driven in Chromium.
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEnrollmentCode, rebuildScopes } from '@capliquify/server';
import { postMovement } from '../../../server/src/domains/inventory/movement.service';
import { startAppProcess, type AppProcess } from './app-process';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { SITE, TENANT, startTestServer, type TestServer } from './sync-server';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');

export { SITE, TENANT };

/** What the fixture and this world hold before anything is counted (location → item → on hand). */
export const STARTING_STOCK = {
  loc_a1: { itm_bolt: 200.5, itm_frame: 3, itm_nut: 37 },
  loc_a2: { itm_bolt: 10, itm_washer: 25 },
} as const;

export interface CountingWorld {
  server: TestServer;
  /** Desktop A's network. */
  networkA: FaultProxy;
  a: Page;
  b: Page;
  /** A sale shipped from a bin, posted by the back office on the server (quantity > 0 leaves). */
  ship(locationId: string, itemId: string, quantity: number): Promise<void>;
  downloadsDir: string;
  close(): Promise<void>;
}

/** The environment without this machine's own CapLiquify settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CAPLIQUIFY_|DATABASE_URL|REDIS_URL|DEMO_DATA|HOST_PORT|PORT$)/.test(key)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

async function addCountingItems(server: TestServer): Promise<void> {
  const db = server.db();
  const item = { tenant_id: TENANT, category: 'parts', unit: 'ea', currency: 'EUR', lead_time_days: 7, supplier_id: null, home_site_id: SITE, type: 'raw' as const, reorder_point: 0, safety_stock: 0 };
  await db.insertInto('items').values([
    { ...item, id: 'itm_nut', sku: 'NUT-M8', name: 'Nut M8', cost_minor: 5 },
    { ...item, id: 'itm_washer', sku: 'WASHER-ZY', name: 'Washer ZY', cost_minor: 3 },
  ]).execute();
  await db.insertInto('item_barcodes').values([
    { tenant_id: TENANT, barcode: '96385074', item_id: 'itm_nut' },
    { tenant_id: TENANT, barcode: '036000291452', item_id: 'itm_washer' },
  ]).execute();
  const move = { tenant_id: TENANT, site_id: SITE, unit_cost_minor: 0, occurred_at: new Date('2026-01-06T08:00:00Z'), reference: null, kind: 'receipt' };
  await db.insertInto('stock_movements').values([
    { ...move, location_id: 'loc_a1', item_id: 'itm_nut', quantity: STARTING_STOCK.loc_a1.itm_nut },
    { ...move, location_id: 'loc_a2', item_id: 'itm_washer', quantity: STARTING_STOCK.loc_a2.itm_washer },
  ]).execute();
  // Two bolts in A-02 are promised to an order: the stock screen shows them as allocated.
  await db.insertInto('stock_allocations').values({ tenant_id: TENANT, site_id: SITE, location_id: 'loc_a2', item_id: 'itm_bolt', quantity: 2, reference: 'SO-1001' }).execute();
  await rebuildScopes(db, TENANT);
}

async function startDesktop(server: TestServer, serverUrl: string, dir: string, name: string): Promise<AppProcess> {
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE });
  return startAppProcess('npx', ['tsx', 'desktop/host/host.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ CAPLIQUIFY_SERVER_URL: serverUrl, CAPLIQUIFY_DESKTOP_DATA_DIR: dir, HOST_PORT: '0', CAPLIQUIFY_ENROLLMENT_CODE: code, CAPLIQUIFY_STATION_NAME: name }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
}

export async function startCountingWorld(): Promise<CountingWorld> {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  const server = await startTestServer('postgres', 'e2e-counting');
  await addCountingItems(server);
  const networkA = await startFaultProxy(server.url);
  const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-count-a-'));
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-count-b-'));
  const downloadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-count-downloads-'));
  const hostA = await startDesktop(server, networkA.url, dirA, 'Scanner A');
  const hostB = await startDesktop(server, server.url, dirB, 'Office B');
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    downloadsPath: downloadsDir,
  });
  const a = await browser.newPage({ acceptDownloads: true });
  const b = await browser.newPage({ acceptDownloads: true });
  for (const page of [a, b]) page.setDefaultTimeout(30_000);
  await a.goto(`${hostA.readyUrl}/#/counting`);
  await b.goto(`${hostB.readyUrl}/#/counting`);

  return {
    server, networkA, a, b, downloadsDir,
    async ship(locationId, itemId, quantity) {
      await server.db().transaction().execute((trx) =>
        postMovement(trx, TENANT, { movementId: randomUUID(), siteId: SITE, locationId, itemId, kind: 'shipment', quantity }));
    },
    async close() {
      await browser.close();
      await hostA.stop();
      await hostB.stop();
      await networkA.close();
      await server.close();
      for (const dir of [dirA, dirB, downloadsDir]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

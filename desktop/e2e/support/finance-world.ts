// The Finance end-to-end world: a real sync server on PostgreSQL (the fixture site) whose finance
// scope holds the engine's hand-computed company (shared/src/finance/test/fixtures.ts), and one
// browser-host station enrolled as a finance workstation straight to the server, driven in
// Chromium. The server can be stopped for good while the station keeps running.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEnrollmentCode } from '@capliquify/server';
import type { FinanceContact, FinanceDocument } from '@capliquify/shared';
import { AS_OF, contacts, documents, fxRates, inventoryMonths } from '@capliquify/shared/finance/test/fixtures';
import {
  financeContactRow, financeDocumentRow, financeProfileRow, fxRateRow, inventoryMonthRow, plannedPurchaseRow, salesOutlookRow,
} from '../../../server/src/domains/working-capital/finance-replication';
import { FINANCE_SCOPE } from '../../../server/src/sync/scopes';
import { bumpScopeVersion, lockScope, upsertSyncRows } from '../../../server/src/sync/sync-rows.repo';
import { startAppProcess, type AppProcess } from './app-process';
import { SITE, TENANT, startTestServer, type TestServer } from './sync-server';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rendererIndex = path.join(repoRoot, 'desktop/dist/renderer/index.html');

/** When the server last refreshed the finance data: the figures default to this day. */
export const DATA_AS_OF = `${AS_OF}T06:00:00.000Z`;

export interface FinanceWorld {
  server: TestServer;
  page: Page;
  /** Where the browser saves downloads. */
  downloads: string;
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

export interface FinanceWorldOptions {
  /** Open invoices added to the fixture's, spread over 500 more customers (for the long tables). */
  bulkInvoices?: number;
}

/** `count` open GBP invoices of 100.00 to 599.00, issued over 2025 to 500 customers, in a fixed order. */
export function bulkInvoices(count: number): { contacts: FinanceContact[]; documents: FinanceDocument[] } {
  const bulkContacts = Array.from({ length: count === 0 ? 0 : 500 }, (_, i): FinanceContact => ({
    id: `bulk-${i}`, kind: 'customer', name: `Bulk Customer ${String(i).padStart(3, '0')}`, currency: 'GBP', paymentTermsDays: 30,
  }));
  const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + (n % 365) * 86_400_000).toISOString().slice(0, 10);
  const bulkDocuments = Array.from({ length: count }, (_, n): FinanceDocument => ({
    id: `bulk-inv-${n}`, type: 'ACCREC', contactId: `bulk-${n % 500}`, number: `B-${String(n).padStart(6, '0')}`, issuedOn: day(n), dueOn: day(n + 30),
    currency: 'GBP', totalMinor: 10_000 + (n % 500) * 100, status: 'AUTHORISED', settlements: [],
  }));
  return { contacts: bulkContacts, documents: bulkDocuments };
}

/** One open purchase order, £300.00 paid on 20 April, and forecast sales of £2,000.00 in the week of 6 April at 50% margin. */
export const CASH_PLAN = {
  order: { id: 'po-e2e', number: 'PO-E2E', supplierId: 'steel', expectedOn: '2026-04-06', payOn: '2026-04-20', amountMinor: 30_000, currency: 'GBP' },
  outlook: {
    runId: 'run-e2e', generatedAt: '2026-03-30T03:00:00.000Z', marginPct: 50, pricedItems: 4, unpricedItems: 1,
    weeks: [{ weekStart: '2026-04-06', revenueMinor: 200_000, lowMinor: 150_000, highMinor: 250_000 }],
  },
};

/** Two sets of books: Bravo buys from the US company, everyone else from the UK one. */
export const ENTITIES = [{ id: 'ent-uk', name: 'Fixture Trading Ltd' }, { id: 'ent-us', name: 'Fixture Trading Inc' }];
const entityOf = (d: FinanceDocument): FinanceDocument => ({ ...d, entityId: d.contactId === 'bravo' ? 'ent-us' : 'ent-uk' });

/** The finance scope as a refresh on the server would leave it, in one version. */
async function publishFinance(server: TestServer, options: FinanceWorldOptions): Promise<void> {
  const bulk = bulkInvoices(options.bulkInvoices ?? 0);
  await server.db().transaction().execute(async (trx) => {
    await lockScope(trx, TENANT, FINANCE_SCOPE);
    const version = await bumpScopeVersion(trx, TENANT, FINANCE_SCOPE);
    await upsertSyncRows(trx, TENANT, FINANCE_SCOPE, version, [
      ...[...contacts, ...bulk.contacts].map(financeContactRow), ...[...documents.map(entityOf), ...bulk.documents].map(financeDocumentRow), ...fxRates.map(fxRateRow),
      ...inventoryMonths.map(inventoryMonthRow), financeProfileRow({ baseCurrency: 'GBP', asOf: DATA_AS_OF, entities: ENTITIES }),
      plannedPurchaseRow(CASH_PLAN.order), salesOutlookRow(CASH_PLAN.outlook),
    ]);
  });
}

/** The environment without this machine's own CapLiquify settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CAPLIQUIFY_|DATABASE_URL|REDIS_URL|DEMO_DATA|HOST_PORT|PORT$)/.test(key)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export async function startFinanceWorld(options: FinanceWorldOptions = {}): Promise<FinanceWorld> {
  if (!fs.existsSync(rendererIndex)) {
    const build = spawnSync('npm', ['run', '-w', 'desktop', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the renderer failed:\n${build.stdout}${build.stderr}`);
  }
  const server = await startTestServer('postgres', `e2e-finance${options.bulkInvoices ? '-bulk' : ''}`);
  await publishFinance(server, options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-finance-'));
  const downloads = path.join(dir, 'downloads');
  fs.mkdirSync(downloads);
  // A finance workstation: the server replicates the finance scope to it as well as its site's.
  const { code } = await createEnrollmentCode(server.db(), { tenantId: TENANT, siteId: SITE, role: 'finance' });
  const host: AppProcess = await startAppProcess('npx', ['tsx', 'desktop/host/host.ts'], {
    cwd: repoRoot,
    env: cleanEnv({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: path.join(dir, 'station'), HOST_PORT: '0', CAPLIQUIFY_ENROLLMENT_CODE: code, CAPLIQUIFY_STATION_NAME: 'Finance desk' }),
    ready: /^ready: (http:\/\/127\.0\.0\.1:\d+)\s*$/m,
  });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    downloadsPath: downloads,
  });
  // A fixed locale and time zone: the test reads numbers and dates as the screen formats them.
  const page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  await page.goto(host.readyUrl);

  let serverRunning = true;
  return {
    server, page, downloads,
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

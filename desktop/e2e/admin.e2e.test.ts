import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newImportId } from '../../server/src/domains/import/import-files';
import { createImport } from '../../server/src/domains/import/imports.service';
import { createInProcessRunner } from '../../server/src/jobs/in-process.runner';
import { importJob } from '../../server/src/jobs/import.job';
import { startFakeShopify } from '../../server/src/integrations/shopify/fake-shopify.server';
import { createAccount, type Account } from './support/accounts';
import { signIn, signedInBadge } from './support/sign-in-pages';
import { startSignInWorld, type SignInWorld } from './support/sign-in-world';
import { TENANT } from './support/sync-server';

// The Admin section in Chromium against the real server: an admin who signed in with her
// authenticator code imports a CSV (preview, upload, live progress, the bad row and its reason),
// retries a dead-lettered job once its cause is fixed, and sees what to do when the organisation
// has no integrations yet.

const ITEMS_CSV = [
  'sku,name,type,unit,cost',
  'E2E-001,Hex bolt M6,component,pcs,0.12',
  'E2E-002,Washer M6,component,pcs,0.03',
  'E2E-003,Welded frame,finished,pcs,45.50',
  'E2E-004,Spring clip,component,pcs,abc',
].join('\n');

let world: SignInWorld;
let ada: Account;
let dir: string;

beforeAll(async () => {
  // Straight to the server: job progress travels on the live stream, which the fault proxy would hold back.
  world = await startSignInWorld({ proxied: false });
  ada = await createAccount(world.server, { displayName: 'Ada Admin', role: 'admin', siteId: null, authenticator: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-e2e-admin-'));
  await signIn(world.page, ada);
});

afterAll(async () => {
  await world?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openAdminTab(page: Page, tab: 'Integrations' | 'Jobs' | 'Import'): Promise<void> {
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('tabpanel', { name: tab }).waitFor();
}

const tableRows = (page: Page, table: string) => page.getByRole('table', { name: table }).locator('tbody tr').evaluateAll(
  (rows) => rows.map((row) => Array.from((row as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (cell) => cell.textContent ?? '')),
);

describe('the Admin section', () => {
  it('previews a CSV of items, uploads it, follows its progress and lists the bad row with the server’s reason', async () => {
    const { page } = world;
    // Her sign-in carries the second factor the Jobs and Integrations tabs need.
    expect(await signedInBadge(page).innerText()).toContain('with authenticator');
    await openAdminTab(page, 'Import');
    await page.getByLabel('What it holds').selectOption('items');
    await page.getByLabel('CSV or XLSX file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(ITEMS_CSV) });

    const preview = page.getByRole('table', { name: 'Preview' });
    await preview.waitFor();
    expect(await preview.locator('thead th').allInnerTexts()).toEqual(['sku', 'name', 'type', 'unit', 'cost']);
    expect(await tableRows(page, 'Preview')).toEqual(ITEMS_CSV.split('\n').slice(1).map((line) => line.split(',')));
    await page.getByRole('heading', { name: 'Preview of items.csv (first 4 rows)' }).waitFor();

    await page.getByRole('button', { name: 'Upload' }).click();
    // The import job's progress, heard on the station's live stream.
    await page.getByRole('tabpanel', { name: 'Import' }).getByRole('progressbar').waitFor();
    await page.getByRole('heading', { name: 'Result: finished' }).waitFor();
    expect(await page.getByRole('region', { name: 'Result: finished' }).getByRole('status').innerText())
      .toBe('4 rows read · 3 good · 1 bad · 3 imported');
    expect(await tableRows(page, 'Bad rows')).toEqual([['5', 'cost', "must be an amount like 12.50, got 'abc'"]]);

    const items = await world.server.db().selectFrom('items').select(['sku', 'name', 'cost_minor'])
      .where('tenant_id', '=', TENANT).where('sku', 'like', 'E2E-%').orderBy('sku').execute();
    expect(items).toEqual([
      { sku: 'E2E-001', name: 'Hex bolt M6', cost_minor: '12' },
      { sku: 'E2E-002', name: 'Washer M6', cost_minor: '3' },
      { sku: 'E2E-003', name: 'Welded frame', cost_minor: '4550' },
    ]);
  });

  it('shows a dead-lettered job with its reason, and once its cause is fixed Retry runs it and it leaves the list', async () => {
    const { page, server } = world;
    // A job queued for an import the database does not hold: the real runner gives it up at once.
    const importId = newImportId();
    const file = path.join(dir, 'late-items.csv');
    const runner = createInProcessRunner({ db: server.db(), logger: pino({ level: 'silent' }) });
    await runner.start();
    await runner.enqueue(importJob, { tenantId: TENANT, importId, file });
    await runner.idle();
    await runner.close();
    const reason = `There is no import ${importId} in tenant ${TENANT}.`;

    await openAdminTab(page, 'Jobs');
    const letters = page.getByRole('table', { name: 'Dead letters' });
    await letters.waitFor();
    const row = letters.locator('tbody tr').filter({ hasText: reason });
    expect(await tableRows(page, 'Dead letters')).toHaveLength(1);
    expect((await row.locator('td').allInnerTexts()).filter((_, i) => i !== 1).slice(0, 4)).toEqual(['import', '1', reason, TENANT]);

    // The cause fixed: the import is recorded and its file is there.
    fs.writeFileSync(file, 'sku,name,type,unit,cost\nE2E-LATE,Late arrival,raw,kg,2.5\n');
    await createImport(server.db(), { id: importId, tenantId: TENANT, kind: 'items', mode: 'good_rows', fileName: 'late-items.csv', actorUserId: null });

    await row.getByRole('button', { name: 'Retry' }).click();
    const confirm = row.getByRole('group', { name: 'Confirm' });
    expect(await confirm.innerText()).toContain('Retry import?');
    await confirm.getByRole('button', { name: 'Yes, retry' }).click();
    await page.getByText('Queued again: the job runs once more with the same input.').waitFor();
    await page.getByText('No dead letters.').waitFor();
    expect(await letters.count()).toBe(0);

    const letter = await server.db().selectFrom('dead_letters').select(['resolution']).where('error', '=', reason).execute();
    expect(letter).toEqual([{ resolution: 'retried' }]);
    await expect.poll(async () => (await server.db().selectFrom('imports').select('status').where('id', '=', importId).executeTakeFirst())?.status).toBe('done');
    const late = await server.db().selectFrom('items').select(['name', 'unit']).where('tenant_id', '=', TENANT).where('sku', '=', 'E2E-LATE').execute();
    expect(late).toEqual([{ name: 'Late arrival', unit: 'kg' }]);
  });

  it('tells an admin of an organisation without integrations what to do', async () => {
    const { page } = world;
    await openAdminTab(page, 'Integrations');
    const panel = page.getByRole('tabpanel', { name: 'Integrations' });
    await panel.getByText('No integrations yet.').waitFor();
    await panel.getByText('Connect a Shopify store, Amazon or Unleashed with their keys below, or Connect Xero to sign in to Xero and allow CapLiquify.').waitFor();
    expect(await panel.getByRole('table', { name: 'Integrations' }).count()).toBe(0);
    for (const vendor of ['Connect Shopify', 'Connect Amazon', 'Connect Unleashed', 'Connect Xero']) {
      expect(await panel.getByRole('button', { name: vendor }).isEnabled()).toBe(true);
    }
  });

  it('connects a Shopify store with its access token and tests the connection, then shows why a revoked token fails', async () => {
    const { page, server } = world;
    const shop = 'e2e-bikes.myshopify.com';
    const shopify = await startFakeShopify({ stores: [{ shop }] });
    try {
      await openAdminTab(page, 'Integrations');
      const panel = page.getByRole('tabpanel', { name: 'Integrations' });
      await panel.getByRole('button', { name: 'Connect Shopify' }).click();
      const form = panel.getByRole('form', { name: 'Connect Shopify' });
      await form.getByLabel('Store domain').fill(shop);
      await form.getByLabel(/Admin API access token/).fill(shopify.store(shop).accessToken);
      await form.getByRole('button', { name: 'Connect' }).click();
      const row = panel.getByRole('row').filter({ hasText: shop });
      await row.waitFor();
      // The server sends the token only to https://<shop>; as the demo does, the store is served by the fake here.
      const store = await server.db().selectFrom('integrations').select(['id', 'settings']).where('name', '=', shop).executeTakeFirstOrThrow();
      await server.db().updateTable('integrations').set({ settings: JSON.stringify({ ...store.settings, baseUrl: shopify.baseUrlFor(shop) }) }).where('id', '=', store.id).execute();

      await row.getByRole('button', { name: 'Test connection' }).click();
      await panel.getByText(`${shop}: the connection works.`).waitFor();
      shopify.store(shop).expireToken();
      await row.getByRole('button', { name: 'Test connection' }).click();
      await panel.getByRole('alert').filter({ hasText: `${shop}: the connection test failed (auth)` }).waitFor();
      // The row's last runs reload after the answer: wait for the failed test run to appear there.
      await panel.getByRole('row').filter({ hasText: shop }).filter({ hasText: 'test: failed' }).waitFor();
    } finally {
      await shopify.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { silentLogger } from '../../../test/logs';
import { loadServerConfig, type ServerConfig } from '../../config';
import { DEMO_TENANT_ID } from '../../domains/demo/demo.types';
import { seedDemoData } from '../../domains/demo/seed-demo.service';
import type { JobContext } from '../../jobs/job';
import { loadSecretBox } from '../../security/load-secret-box';
import type { SecretBox } from '../../security/secret-box';
import { createAmazonRuntime } from '../amazon/amazon-runtime';
import { createAmazonSyncJob } from '../amazon/amazon-sync.job';
import type { Integration } from '../integrations.repo';
import { shopifyPollJob } from '../shopify/shopify-poll.job';
import type { ShopifyJobContext } from '../shopify/shopify-runtime';
import { createUnleashedSyncAllJob } from '../unleashed/unleashed-sync-all.job';
import { createXeroFullSyncJob } from '../xero/xero-full-sync.job';
import { xeroRuntimeFrom } from '../xero/xero-runtime';
import { startDemoIntegrations, type DemoIntegrations } from './start-demo-integrations';

// DEMO_INTEGRATIONS=fake against the embedded database with the small demo company: the fakes
// are connected as an admin would connect the real vendors, and each vendor's scheduled sync,
// run once, brings the fakes' orders, stock and invoices into the demo tenant.

describe('demo integrations on the fakes (PGlite, small demo company)', () => {
  let testDb: TestDatabase;
  let demo: DemoIntegrations;
  let config: ServerConfig;
  let box: SecretBox;
  let connected: Integration[];
  const db = () => testDb.handle.db;
  let jobs = 0;
  const ctx = (): JobContext => ({ db: db(), log: silentLogger(), jobId: `demo_${(jobs += 1)}`, attempt: 1, progress: async () => {} });

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'demo-integrations');
    await seedDemoData(db(), { size: 'small', seed: 7 });
    demo = await startDemoIntegrations();
    // The config the server runs with under npm start: its environment plus the demo's.
    config = loadServerConfig({ ...demo.env, CAPLIQUIFY_DATA_DIR: testDb.config.dataDir, DEMO_INTEGRATIONS: 'fake' });
    box = loadSecretBox(config);
    connected = await demo.connect(db(), config);
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
    await testDb?.cleanup();
  });

  it('connects one active account per vendor, the secrets sealed, Xero through its connect flow', async () => {
    expect(demo.summary).toBe(`integrations: demo fakes on 127.0.0.1 (shopify :${demo.ports.shopify}, amazon :${demo.ports.amazon}, unleashed :${demo.ports.unleashed}, xero :${demo.ports.xero})`);
    expect(connected.map((i) => [i.vendor, i.status, i.tenant_id]).sort()).toEqual([
      ['amazon', 'active', DEMO_TENANT_ID], ['shopify', 'active', DEMO_TENANT_ID], ['unleashed', 'active', DEMO_TENANT_ID], ['xero', 'active', DEMO_TENANT_ID],
    ]);
    expect(config.integrations.amazon.clientId).toBeTruthy();
    expect(config.integrations.xero.apiUrl).toBe(`http://127.0.0.1:${demo.ports.xero}`);
    const secrets = await db().selectFrom('integration_secrets').select(['name', 'sealed']).where('tenant_id', '=', DEMO_TENANT_ID).execute();
    // A Shopify token, an Amazon refresh token, Unleashed's id and key, and the Xero grant's tokens.
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets.some((s) => s.sealed.includes('shpat_') || s.sealed.includes('capliquify-demo'))).toBe(false);
    const audit = await db().selectFrom('audit_log').select('action').where('tenant_id', '=', DEMO_TENANT_ID).where('action', '=', 'integration.connected').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it("brings in the fakes' orders, stock and invoices when each vendor's scheduled sync runs once", async () => {
    const shopifyCtx: ShopifyJobContext = { ...ctx(), shopify: { secrets: () => box } };
    expect(await shopifyPollJob.perform({}, shopifyCtx)).toMatchObject({ stores: 1, failed: 0 });
    const amazon = await createAmazonSyncJob(() => createAmazonRuntime({ amazon: config.integrations.amazon, box })).perform({}, ctx());
    expect(amazon.results.filter((r) => r.error)).toEqual([]);
    expect(await createUnleashedSyncAllJob(() => ({ box: () => box })).perform({}, ctx())).toEqual({ synced: [expect.any(String)], failed: [] });
    const xero = await createXeroFullSyncJob(() => xeroRuntimeFrom(config.integrations.xero, () => box)).perform({}, ctx());
    expect(xero).toEqual({ results: [{ integrationId: expect.any(String) }] });

    const orders = await db().selectFrom('channel_orders').select(['channel']).select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', DEMO_TENANT_ID).groupBy('channel').orderBy('channel').execute();
    expect(orders.map((o) => [o.channel, Number(o.n)])).toEqual([['amazon', 4], ['shopify', 5]]);
    // Shopify's lines carry demo SKUs, so every line meets a demo item.
    const lines = await db().selectFrom('channel_order_lines').select(['sku', 'item_id']).where('tenant_id', '=', DEMO_TENANT_ID).execute();
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.item_id !== null)).toBe(true);

    const stock = await db().selectFrom('external_stock_levels').innerJoin('integrations', 'integrations.id', 'external_stock_levels.integration_id')
      .select(['integrations.vendor', 'external_stock_levels.item_id', 'external_stock_levels.available'])
      .where('external_stock_levels.tenant_id', '=', DEMO_TENANT_ID).execute();
    const vendors = [...new Set(stock.map((s) => s.vendor))].sort();
    expect(vendors).toEqual(['amazon', 'shopify', 'unleashed']);
    expect(stock.every((s) => s.item_id !== null)).toBe(true);
    expect(stock.filter((s) => s.vendor === 'unleashed').map((s) => Number(s.available))).toContain(35);
    // Unleashed's sales orders land in the order book only (the channel order counts above are unchanged), every line on a demo item.
    const booked = await db().selectFrom('unleashed_sales_order_lines').select(['sku', 'item_id']).where('tenant_id', '=', DEMO_TENANT_ID).execute();
    expect(booked).toHaveLength(2);
    expect(booked.every((l) => l.item_id !== null)).toBe(true);

    const invoices = await db().selectFrom('invoices').select(['number', 'status', 'total_minor', 'amount_paid_minor'])
      .where('tenant_id', '=', DEMO_TENANT_ID).where('number', 'like', 'INV-DEMO-%').orderBy('number').execute();
    expect(invoices.map((i) => [i.number, i.status, Number(i.total_minor), Number(i.amount_paid_minor)])).toEqual([
      ['INV-DEMO-001', 'PAID', 120_000, 120_000], ['INV-DEMO-002', 'AUTHORISED', 165_000, 0], ['INV-DEMO-003', 'AUTHORISED', 210_000, 0],
    ]);
  }, 60_000);

  it('reconnects the same accounts to the next start\'s fakes, and their syncs still work', async () => {
    const next = await startDemoIntegrations();
    try {
      const nextConfig = loadServerConfig({ ...next.env, CAPLIQUIFY_DATA_DIR: testDb.config.dataDir });
      const again = await next.connect(db(), nextConfig);
      expect(again.map((i) => i.id).sort()).toEqual(connected.map((i) => i.id).sort());
      const all = await db().selectFrom('integrations').select('id').where('tenant_id', '=', DEMO_TENANT_ID).execute();
      expect(all).toHaveLength(4);
      const xero = await createXeroFullSyncJob(() => xeroRuntimeFrom(nextConfig.integrations.xero, () => box)).perform({}, ctx());
      expect(xero).toEqual({ results: [{ integrationId: expect.any(String) }] });
    } finally {
      await next.close();
    }
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { PermanentJobError } from '../../jobs/job';
import { IntegrationError } from '../integration-error';
import { findIntegration, getCursor, setCursor, setIntegrationStatus } from '../integrations.repo';
import { createAmazonRuntime } from './amazon-runtime';
import { createAmazonInventorySyncJob } from './amazon-inventory-sync.job';
import { createAmazonOrdersSyncJob } from './amazon-orders-sync.job';
import { AmazonSettingsError } from './amazon-settings';
import { ORDERS_STREAM } from './amazon-sync.service';
import { AMAZON_SYNC_EVERY_MS, createAmazonSyncJob } from './amazon-sync.job';
import { upsertAmazonOrders } from './amazon.repo';
import { amazonOrder, amazonOrders, DE, summary, US } from './test/amazon-orders';
import { startAmazonWorld } from './test/amazon-world';

// The Amazon jobs on PostgreSQL: perform() against the fake Amazon on loopback, on a virtual clock.
describe('Amazon sync jobs on PostgreSQL', () => {
  let testDb: TestDatabase;
  let world: Awaited<ReturnType<typeof startAmazonWorld>>;
  const db = () => testDb.handle.db;
  const ordersJob = () => createAmazonOrdersSyncJob(() => world.runtime);
  const inventoryJob = () => createAmazonInventorySyncJob(() => world.runtime);

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'amazon-sync');
    await insertFixture(db());
    world = await startAmazonWorld(db());
  });
  afterAll(async () => {
    await world?.fake.close();
    await testDb?.cleanup();
  });

  const ordersOf = (integrationId: string) => db().selectFrom('channel_orders').selectAll().where('integration_id', '=', integrationId).orderBy('external_id').execute();
  const levelsOf = (integrationId: string) => db().selectFrom('external_stock_levels').selectAll().where('integration_id', '=', integrationId).orderBy('location_ref').orderBy('sku').execute();
  const runsOf = (integrationId: string) => db().selectFrom('integration_runs').selectAll().where('integration_id', '=', integrationId).orderBy('started_at').execute();

  async function rejection(promise: Promise<unknown>): Promise<Error> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }

  describe('orders', () => {
    it('brings in orders once however often it runs, and moves the cursor to the window end', async () => {
      const { integration, sellerId } = await world.connect('tnt_demo', 'seller-once');
      world.fake.putOrders(sellerId, amazonOrders(130, world.clock.now()));
      const input = { tenantId: 'tnt_demo', integrationId: integration.id };
      expect(await ordersJob().perform(input, world.ctx())).toEqual({ integrationId: integration.id, orders: 130 });
      expect(await ordersJob().perform(input, world.ctx())).toEqual({ integrationId: integration.id, orders: 0 });
      const rows = await ordersOf(integration.id);
      expect(rows).toHaveLength(130);
      expect(new Set(rows.map((row) => row.external_id)).size).toBe(130);
      expect(rows.every((row) => row.tenant_id === 'tnt_demo' && row.channel === 'amazon' && row.number === row.external_id)).toBe(true);
      // €10.50 with the 15 % fee estimate.
      expect(rows.find((row) => row.external_id === amazonOrder(0, new Date()).AmazonOrderId)).toMatchObject({ currency: 'EUR', total_minor: '1050', fees_minor: '158', status: 'Unshipped' });
      expect((await runsOf(integration.id)).map((run) => [run.stream, run.status, run.items])).toEqual([['orders', 'succeeded', 130], ['orders', 'succeeded', 0]]);
      const cursor = await getCursor(db(), integration.id, ORDERS_STREAM);
      expect(Date.parse(cursor ?? '')).toBeLessThanOrEqual(world.clock.now() - 120_000);
      expect(world.progress.at(-1)?.note).toContain('page');
    });

    it('takes the next delta from the cursor: changed and new orders only', async () => {
      const { integration, sellerId } = await world.connect('tnt_demo', 'seller-delta');
      const old = amazonOrders(5, world.clock.now());
      world.fake.putOrders(sellerId, old);
      const input = { tenantId: 'tnt_demo', integrationId: integration.id };
      await ordersJob().perform(input, world.ctx());
      world.clock.advance(AMAZON_SYNC_EVERY_MS);
      const changedAt = new Date(world.clock.now() - 5 * 60_000);
      world.fake.putOrders(sellerId, [{ ...old[2]!, OrderStatus: 'Shipped', LastUpdateDate: changedAt.toISOString() }, amazonOrder(77, changedAt)]);
      expect(await ordersJob().perform(input, world.ctx())).toMatchObject({ orders: 2 });
      const rows = await ordersOf(integration.id);
      expect(rows).toHaveLength(6);
      expect(rows.find((row) => row.external_id === old[2]!.AmazonOrderId)).toMatchObject({ status: 'Shipped', external_updated_at: changedAt });
    });

    it('never lets a stale copy of an order overwrite a newer one', async () => {
      const { integration, sellerId } = await world.connect('tnt_demo', 'seller-stale');
      const input = { tenantId: 'tnt_demo', integrationId: integration.id };
      const newer = new Date(world.clock.now() - 30 * 60_000);
      const older = new Date(world.clock.now() - 90 * 60_000);
      world.fake.putOrders(sellerId, [amazonOrder(5, newer, { OrderStatus: 'Shipped' })]);
      await ordersJob().perform(input, world.ctx());
      // A late listing (the cursor set back, an overlapping window) serves the order as it was earlier.
      world.fake.putOrders(sellerId, [amazonOrder(5, older, { OrderStatus: 'Unshipped', OrderTotal: { CurrencyCode: 'EUR', Amount: '1.00' } })]);
      await setCursor(db(), integration, ORDERS_STREAM, new Date(world.clock.now() - 86_400_000).toISOString());
      expect(await ordersJob().perform(input, world.ctx())).toMatchObject({ orders: 0 });
      const [row] = await ordersOf(integration.id);
      expect(row).toMatchObject({ status: 'Shipped', total_minor: '1550', external_updated_at: newer });
      // An equal LastUpdateDate changes nothing either.
      expect(await upsertAmazonOrders(db(), integration, [{
        externalId: row!.external_id, number: row!.number, status: 'Canceled', currency: 'EUR', totalMinor: 0, feesMinor: 0, orderedAt: older, externalUpdatedAt: newer,
      }])).toBe(0);
      expect((await ordersOf(integration.id))[0]?.status).toBe('Shipped');
    });

    it('keeps the cursor when a run fails part-way, records the failure, and the re-run completes without duplicates', async () => {
      const { integration, sellerId } = await world.connect('tnt_demo', 'seller-fail');
      const input = { tenantId: 'tnt_demo', integrationId: integration.id };
      world.fake.putOrders(sellerId, amazonOrders(150, world.clock.now()));
      // Page one is served; page two fails on every try (3 with the test's retries).
      world.fake.fail('getOrders', { kind: 'status', status: 500, onNextPage: true }, 3);
      const error = await rejection(ordersJob().perform(input, world.ctx()));
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).failure).toBe('unavailable');
      expect(await getCursor(db(), integration.id, ORDERS_STREAM)).toBeNull();
      expect(await ordersOf(integration.id)).toHaveLength(100);
      const [run] = await runsOf(integration.id);
      expect(run).toMatchObject({ stream: 'orders', status: 'failed' });
      expect(run?.error).toContain('HTTP 500');
      expect((await findIntegration(db(), integration.id))?.last_error).toContain('HTTP 500');

      expect(await ordersJob().perform(input, world.ctx())).toMatchObject({ orders: 50 });
      expect(await ordersOf(integration.id)).toHaveLength(150);
      expect(await getCursor(db(), integration.id, ORDERS_STREAM)).not.toBeNull();
    });

    it('dead-letters at once when the seller revoked the app: an auth failure on the run and the integration', async () => {
      const { integration, refreshToken } = await world.connect('tnt_demo', 'seller-revoked');
      world.fake.revokeRefreshToken(refreshToken);
      const error = await rejection(ordersJob().perform({ tenantId: 'tnt_demo', integrationId: integration.id }, world.ctx()));
      expect(error).toMatchObject({ failure: 'auth', permanent: true });
      expect((await runsOf(integration.id))[0]).toMatchObject({ status: 'failed' });
      expect((await findIntegration(db(), integration.id))?.last_error).toContain('invalid_grant');
    });
  });

  describe('inventory', () => {
    it('stores FBA levels per marketplace, matched to our items by SKU, once however often it runs', async () => {
      const { integration, sellerId } = await world.connect('tnt_demo', 'seller-fba', { marketplaceIds: [DE, US] });
      world.fake.putInventory(sellerId, DE, [summary('BOLT-M8', 33, 48), summary('AMZ-ONLY', 2, 2, '')]);
      world.fake.putInventory(sellerId, US, [summary('FRAME-1', 4, 5)]);
      const input = { tenantId: 'tnt_demo', integrationId: integration.id };
      expect(await inventoryJob().perform(input, world.ctx())).toEqual({ integrationId: integration.id, levels: 3 });
      const levels = await levelsOf(integration.id);
      expect(levels.map((level) => [level.location_ref, level.sku, level.item_id, Number(level.available), Number(level.on_hand)])).toEqual([
        [DE, 'AMZ-ONLY', null, 2, 2], [DE, 'BOLT-M8', 'itm_bolt', 33, 48], [US, 'FRAME-1', 'itm_frame', 4, 5],
      ]);
      expect(world.progress.slice(-2).map((p) => p.fraction)).toEqual([0.5, 1]);
      world.fake.putInventory(sellerId, DE, [summary('BOLT-M8', 30, 45, '2026-03-02T08:00:00Z'), summary('AMZ-ONLY', 2, 2, '')]);
      world.clock.advance(AMAZON_SYNC_EVERY_MS);
      // BOLT-M8 changed; the summary without a time is taken as seen now.
      expect(await inventoryJob().perform(input, world.ctx())).toMatchObject({ levels: 2 });
      const again = await levelsOf(integration.id);
      expect(again).toHaveLength(3);
      expect(again.find((level) => level.sku === 'BOLT-M8')).toMatchObject({ available: '30', on_hand: '45' });
    });
  });

  describe('the 15-minute fan-out', () => {
    it('syncs orders and inventory of every active account, skipping paused ones and carrying on past a failing one', async () => {
      const good = await world.connect('tnt_demo', 'fan-good');
      const other = await world.connect('tnt_other', 'fan-other');
      const paused = await world.connect('tnt_demo', 'fan-paused');
      const broken = await world.connect('tnt_demo', 'fan-broken');
      await setIntegrationStatus(db(), paused.integration.id, 'paused');
      world.fake.revokeRefreshToken(broken.refreshToken);
      world.fake.putOrders(good.sellerId, amazonOrders(3, world.clock.now()));
      world.fake.putOrders(other.sellerId, amazonOrders(2, world.clock.now()));
      // BOLT-M8 is the demo tenant's SKU: the other tenant's level must not point at it.
      world.fake.putInventory(other.sellerId, DE, [summary('SECRET', 1, 1), summary('BOLT-M8', 7, 7)]);
      const job = createAmazonSyncJob(() => world.runtime);
      expect(job.schedule).toEqual({ everyMs: 15 * 60_000, input: {} });
      const { results } = await job.perform({}, world.ctx());
      const of = (id: string) => results.filter((result) => result.integrationId === id).map(({ stream, items, error }) => [stream, items ?? error?.slice(0, 30)]);
      expect(of(good.integration.id)).toEqual([['orders', 3], ['inventory', 0]]);
      expect(of(other.integration.id)).toEqual([['orders', 2], ['inventory', 2]]);
      expect(of(paused.integration.id)).toEqual([]);
      expect(of(broken.integration.id).map(([stream]) => stream)).toEqual(['orders', 'inventory']);
      expect(results.filter((result) => result.integrationId === broken.integration.id).every((result) => result.error?.includes('invalid_grant'))).toBe(true);
      expect((await ordersOf(other.integration.id)).every((row) => row.tenant_id === 'tnt_other')).toBe(true);
      expect((await levelsOf(other.integration.id)).map((level) => [level.tenant_id, level.sku, level.item_id])).toEqual([
        ['tnt_other', 'BOLT-M8', null], ['tnt_other', 'SECRET', 'itm_secret'],
      ]);
      expect(await runsOf(paused.integration.id)).toEqual([]);
    });

    it('queues one orders and one inventory job per active account when it runs on a queue', async () => {
      const queued: [string, unknown][] = [];
      const ctx = { ...world.ctx(), enqueue: async (job: { name: string }, input: unknown) => { queued.push([job.name, input]); return `q_${queued.length}`; } };
      const active = await db().selectFrom('integrations').select(['id', 'tenant_id']).where('vendor', '=', 'amazon').where('status', '=', 'active').orderBy('id').execute();
      const result = await createAmazonSyncJob(() => world.runtime).perform({}, ctx);
      expect(result).toEqual({ queued: active.length * 2, results: [] });
      expect(queued).toEqual(active.flatMap((row) => [
        ['amazon-orders-sync', { tenantId: row.tenant_id, integrationId: row.id }], ['amazon-inventory-sync', { tenantId: row.tenant_id, integrationId: row.id }],
      ]));
    });

    it('does nothing when Login with Amazon is not configured', async () => {
      const runtime = createAmazonRuntime({ amazon: { clientId: null, clientSecret: null, tokenUrl: world.fake.tokenUrl }, box: () => { throw new Error('no box needed'); } });
      const runs = await db().selectFrom('integration_runs').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(await createAmazonSyncJob(() => runtime).perform({}, world.ctx())).toEqual({ queued: 0, results: [] });
      expect(await db().selectFrom('integration_runs').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(runs);
    });
  });

  describe('what a job cannot do', () => {
    it('skips a paused account and refuses an account of another tenant or vendor for good', async () => {
      const { integration } = await world.connect('tnt_demo', 'seller-paused');
      await setIntegrationStatus(db(), integration.id, 'paused');
      expect(await ordersJob().perform({ tenantId: 'tnt_demo', integrationId: integration.id }, world.ctx())).toEqual({ integrationId: integration.id, skipped: 'paused' });
      expect(await runsOf(integration.id)).toEqual([]);
      const foreign = await rejection(inventoryJob().perform({ tenantId: 'tnt_other', integrationId: integration.id }, world.ctx()));
      expect(foreign).toBeInstanceOf(PermanentJobError);
      expect(ordersJob().input.safeParse({ integrationId: integration.id }).success).toBe(false);
    });

    it('refuses invalid settings when connecting, and dead-letters a sync whose stored settings broke', async () => {
      await expect(world.connect('tnt_demo', 'seller-bad', { marketplaceIds: [] })).rejects.toThrow(/marketplaceIds/);
      await expect(world.connect('tnt_demo', 'seller-bad', { endpoint: 'ftp://example.com' })).rejects.toThrow(/endpoint/);
      const { integration } = await world.connect('tnt_demo', 'seller-broken-settings');
      await db().updateTable('integrations').set({ settings: JSON.stringify({ endpoint: world.fake.url }) }).where('id', '=', integration.id).execute();
      const error = await rejection(ordersJob().perform({ tenantId: 'tnt_demo', integrationId: integration.id }, world.ctx()));
      expect(error).toBeInstanceOf(AmazonSettingsError);
      expect(error).toMatchObject({ permanent: true });
    });

    it('keeps the refresh token sealed', async () => {
      const { integration, refreshToken } = await world.connect('tnt_demo', 'seller-sealed');
      const row = await db().selectFrom('integration_secrets').select('sealed').where('name', '=', `${integration.id}:refresh_token`).executeTakeFirstOrThrow();
      expect(row.sealed).not.toContain(refreshToken);
      expect(JSON.stringify(integration.settings)).not.toContain(refreshToken);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { TEST_REDIS_URL } from '../../../test/env';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { createBullmqRunner } from '../../jobs/bullmq.runner';
import { createInProcessRunner } from '../../jobs/in-process.runner';
import type { JobDefinition } from '../../jobs/job';
import { IntegrationError } from '../integration-error';
import { getCursor, setIntegrationStatus, type Integration } from '../integrations.repo';
import { startFakeShopify, type FakeShopify } from './fake-shopify.server';
import { shopifyInventorySyncJob } from './shopify-inventory-sync.job';
import type { StoreJobInput } from './shopify-job-input';
import { shopifyOrdersSyncJob } from './shopify-orders-sync.job';
import { shopifyPollJob } from './shopify-poll.job';
import type { ShopifyJobContext } from './shopify-runtime';
import { connectShopifyStore } from './shopify-stores.service';
import { ELSEWHERE, NORTH, SOUTH, shopifyJobContext, testBox, testClock, type TestClock } from './test/shopify-harness';

// The per-store sync jobs and the hourly fan-out, called as the runners call them, against the
// fake Shopify and the real PostgreSQL: several stores per tenant, item matching by SKU, channel
// fees, delta cursors, inventory levels, failures recorded against the store.

describe('Shopify sync jobs (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let fake: FakeShopify;
  let clock: TestClock;
  const box = testBox();
  const stores: Record<string, Integration> = {};
  const db = () => testDb.handle.db;
  const ctx = () => shopifyJobContext(db(), { secrets: () => box, transport: clock.transport });
  const input = (store: Integration) => ({ tenantId: store.tenant_id, integrationId: store.id });

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'shopify-sync');
    await insertFixture(db());
    clock = testClock();
    fake = await startFakeShopify({ clock, stores: [{ shop: NORTH }, { shop: SOUTH }, { shop: ELSEWHERE }] });
    // Two stores of the demo tenant (one still on REST, with fees), one of the other tenant.
    stores.north = await connectShopifyStore(db(), box, { tenantId: 'tnt_demo', shop: NORTH, accessToken: fake.store(NORTH).accessToken, settings: { baseUrl: fake.baseUrlFor(NORTH), feeRatePct: '2.9', feeFixedMinor: 30 } });
    stores.south = await connectShopifyStore(db(), box, { tenantId: 'tnt_demo', shop: SOUTH, accessToken: fake.store(SOUTH).accessToken, settings: { baseUrl: fake.baseUrlFor(SOUTH), api: 'rest' } });
    stores.other = await connectShopifyStore(db(), box, { tenantId: 'tnt_other', shop: ELSEWHERE, accessToken: fake.store(ELSEWHERE).accessToken, settings: { baseUrl: fake.baseUrlFor(ELSEWHERE) } });
  });
  afterAll(async () => {
    await fake?.close();
    await testDb?.cleanup();
  });
  beforeEach(() => {
    clock.slept.length = 0;
  });

  const ordersOf = (store: Integration) => db().selectFrom('channel_orders').selectAll().where('integration_id', '=', store.id).orderBy('external_id').execute();

  it('keeps the access token sealed, never in the clear', async () => {
    const row = await db().selectFrom('integration_secrets').selectAll().where('name', '=', `${stores.north!.id}:access-token`).executeTakeFirstOrThrow();
    expect(row.sealed).not.toContain(fake.store(NORTH).accessToken);
    expect(box.open(row.sealed)).toBe(fake.store(NORTH).accessToken);
  });

  it('brings in each store\'s orders for its own tenant, lines matched to items by SKU, fees from the store\'s rate', async () => {
    fake.store(NORTH).putOrder({ id: 1001, updatedAt: '2026-02-01T10:00:00Z', lines: [{ sku: 'BOLT-M8', quantity: 4, price: '0.25' }, { sku: 'FRAME-1', quantity: 1, price: '99.99' }] });
    fake.store(NORTH).putOrder({ id: 1002, updatedAt: '2026-02-01T11:00:00Z', fulfillmentStatus: 'fulfilled', lines: [{ sku: 'UNKNOWN', quantity: 1, price: '5.00' }] });
    fake.store(SOUTH).putOrder({ id: 2001, updatedAt: '2026-02-01T12:00:00Z', currency: 'JPY', lines: [{ sku: 'BOLT-M8', quantity: 2, price: '500' }] });
    fake.store(ELSEWHERE).putOrder({ id: 3001, updatedAt: '2026-02-01T12:00:00Z', lines: [{ sku: 'SECRET', quantity: 1, price: '1.00' }] });

    for (const store of Object.values(stores)) expect(await shopifyOrdersSyncJob.perform(input(store), ctx())).toMatchObject({ store: store.name });

    const north = await ordersOf(stores.north!);
    expect(north.map((o) => [o.tenant_id, o.channel, o.external_id, o.number, o.status, o.currency, o.total_minor, o.fees_minor])).toEqual([
      // 100.99 → 2.9 % = 2.93 (2.92871), + 0.30 fixed.
      ['tnt_demo', 'shopify', '1001', '#1001', 'paid/unfulfilled', 'EUR', '10099', '323'],
      ['tnt_demo', 'shopify', '1002', '#1002', 'paid/fulfilled', 'EUR', '500', '45'],
    ]);
    const lines = await db().selectFrom('channel_order_lines').selectAll().where('order_id', 'in', north.map((o) => o.id)).orderBy('line_id').execute();
    expect(lines.map((l) => [l.sku, l.item_id, Number(l.quantity), l.price_minor])).toEqual([['BOLT-M8', 'itm_bolt', 4, '25'], ['FRAME-1', 'itm_frame', 1, '9999'], ['UNKNOWN', null, 1, '500']]);
    expect((await ordersOf(stores.south!)).map((o) => [o.tenant_id, o.total_minor, o.currency])).toEqual([['tnt_demo', '1000', 'JPY']]);
    // The other tenant's SKU never matches our catalogue, nor ours theirs.
    const other = await ordersOf(stores.other!);
    expect(other.map((o) => o.tenant_id)).toEqual(['tnt_other']);
    const otherLine = await db().selectFrom('channel_order_lines').selectAll().where('order_id', '=', other[0]!.id).executeTakeFirstOrThrow();
    expect([otherLine.tenant_id, otherLine.item_id]).toEqual(['tnt_other', 'itm_secret']);
    expect(await getCursor(db(), stores.north!.id, 'orders')).toBe('2026-02-01T11:00:00.000Z');
  });

  it('fetches only what changed since the cursor on the next run, and a newer version replaces the older', async () => {
    const before = fake.store(NORTH).stats().graphql;
    fake.store(NORTH).putOrder({ id: 1001, updatedAt: '2026-02-01T13:00:00Z', financialStatus: 'refunded', lines: [{ sku: 'BOLT-M8', quantity: 4, price: '0.25' }] });
    const result = await shopifyOrdersSyncJob.perform(input(stores.north!), ctx());
    // From 5 minutes before the cursor (11:00): 1002 is read again but unchanged, so not written.
    expect(result).toMatchObject({ seen: 2, written: 1 });
    expect(fake.store(NORTH).stats().graphql - before).toBe(1);
    const [first] = await ordersOf(stores.north!);
    expect([first!.status, first!.total_minor]).toEqual(['refunded/unfulfilled', '100']);
    const lines = await db().selectFrom('channel_order_lines').select('sku').where('order_id', '=', first!.id).execute();
    expect(lines.map((l) => l.sku)).toEqual(['BOLT-M8']);
    const run = await db().selectFrom('integration_runs').selectAll().where('integration_id', '=', stores.north!.id).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    expect([run.stream, run.status, run.items]).toEqual(['orders', 'succeeded', 2]);
  });

  it('reads inventory levels into external stock levels, by SKU and location, items matched', async () => {
    fake.store(NORTH).putInventory({ inventoryItemId: '71', sku: 'BOLT-M8', locationId: '9001', available: 40, updatedAt: '2026-02-01T09:00:00Z' });
    fake.store(NORTH).putInventory({ inventoryItemId: '72', sku: 'GIFT-CARD', locationId: '9001', available: 3, updatedAt: '2026-02-01T09:00:00Z' });
    fake.store(NORTH).putInventory({ inventoryItemId: '73', sku: null, locationId: '9001', available: 9, updatedAt: '2026-02-01T09:00:00Z' });
    fake.store(SOUTH).putInventory({ inventoryItemId: '81', sku: 'BOLT-M8', locationId: '7001', available: 12, updatedAt: '2026-02-01T09:00:00Z' });
    await shopifyInventorySyncJob.perform(input(stores.north!), ctx());
    await shopifyInventorySyncJob.perform(input(stores.south!), ctx());
    const levels = await db().selectFrom('external_stock_levels').selectAll().where('tenant_id', '=', 'tnt_demo').orderBy('integration_id').orderBy('sku').execute();
    const got = levels.map((l) => [l.integration_id === stores.north!.id ? 'north' : 'south', l.sku, l.location_ref, l.item_id, Number(l.available)]);
    expect(got.sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
      ['north', 'BOLT-M8', '9001', 'itm_bolt', 40], ['north', 'GIFT-CARD', '9001', null, 3], ['south', 'BOLT-M8', '7001', 'itm_bolt', 12],
    ]);
  });

  it('records a refused token against the store and fails permanently', async () => {
    fake.store(SOUTH).expireToken();
    const error = await shopifyOrdersSyncJob.perform(input(stores.south!), ctx()).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect([(error as IntegrationError).failure, (error as IntegrationError).permanent]).toEqual(['auth', true]);
    const store = await db().selectFrom('integrations').selectAll().where('id', '=', stores.south!.id).executeTakeFirstOrThrow();
    expect(store.last_error).toMatch(/401/);
    const run = await db().selectFrom('integration_runs').selectAll().where('integration_id', '=', stores.south!.id).where('status', '=', 'failed').executeTakeFirstOrThrow();
    expect(run.error).toMatch(/access token was refused/);
  });

  it('keeps a malformed answer out of the database as a permanent bad payload, with the reason on the store', async () => {
    fake.store(NORTH).putOrder({ id: 1003, updatedAt: '2026-02-01T14:00:00Z', lines: [] });
    fake.store(NORTH).fail({ kind: 'malformed' });
    const error = await shopifyOrdersSyncJob.perform(input(stores.north!), ctx()).then(() => null, (e: unknown) => e);
    expect([(error as IntegrationError).failure, (error as IntegrationError).permanent]).toEqual(['bad_payload', true]);
    expect((await ordersOf(stores.north!)).map((o) => o.external_id)).toEqual(['1001', '1002']);
    expect((await db().selectFrom('integrations').select('last_error').where('id', '=', stores.north!.id).executeTakeFirstOrThrow()).last_error).toMatch(/not JSON/);
  });

  it('through the job runner, a malformed answer lands in the dead letters with the reason, and the worker carries on', async () => {
    // The runner's real rules (attempts, permanent failures, dead letters) around the real job; only the runtime is the test's.
    const withTestRuntime = (job: JobDefinition<StoreJobInput>): JobDefinition<StoreJobInput> => ({
      ...job,
      perform: (jobInput, jobCtx) => {
        const withRuntime: ShopifyJobContext = { ...jobCtx, shopify: { secrets: () => box, transport: clock.transport } };
        return job.perform(jobInput, withRuntime);
      },
    });
    const runner = createInProcessRunner({ db: db(), logger: silentLogger(), jobs: [withTestRuntime(shopifyOrdersSyncJob), withTestRuntime(shopifyInventorySyncJob)] });
    await runner.start();
    try {
      fake.store(NORTH).fail({ kind: 'malformed' });
      await runner.enqueue(shopifyOrdersSyncJob, input(stores.north!));
      await runner.enqueue(shopifyInventorySyncJob, input(stores.north!));
      await runner.idle();
    } finally {
      await runner.close();
    }
    const letters = await db().selectFrom('dead_letters').selectAll().where('job', '=', 'shopify-orders-sync').execute();
    expect(letters.map((l) => [l.tenant_id, l.input, l.attempts])).toEqual([['tnt_demo', input(stores.north!), 1]]);
    expect(letters[0]!.error).toMatch(/not JSON/);
    const runs = await db().selectFrom('integration_runs').select(['stream', 'status']).where('integration_id', '=', stores.north!.id).orderBy('started_at', 'desc').limit(2).execute();
    expect(runs).toEqual([{ stream: 'inventory', status: 'succeeded' }, { stream: 'orders', status: 'failed' }]);
  });

  it('moves the cursor only when every page is in: a run that fails half-way is read again in full', async () => {
    const cursor = await getCursor(db(), stores.north!.id, 'orders');
    fake.store(NORTH).putOrder({ id: 1005, updatedAt: '2026-02-02T08:00:00Z', lines: [] });
    fake.store(NORTH).putOrder({ id: 1006, updatedAt: '2026-02-02T09:00:00Z', lines: [] });
    fake.store(NORTH).fail({ kind: 'status', status: 500 }, 4, 1);
    const onePerPage = shopifyJobContext(db(), { secrets: () => box, transport: clock.transport, pageSize: 1 });
    const error = await shopifyOrdersSyncJob.perform(input(stores.north!), onePerPage).then(() => null, (e: unknown) => e);
    expect([(error as IntegrationError).failure, (error as IntegrationError).permanent]).toEqual(['unavailable', false]);
    expect(await getCursor(db(), stores.north!.id, 'orders')).toBe(cursor);
    expect((await ordersOf(stores.north!)).map((o) => o.external_id)).not.toContain('1006');
    await shopifyOrdersSyncJob.perform(input(stores.north!), onePerPage);
    expect((await ordersOf(stores.north!)).map((o) => o.external_id)).toEqual(['1001', '1002', '1003', '1005', '1006']);
    expect(await getCursor(db(), stores.north!.id, 'orders')).toBe('2026-02-02T09:00:00.000Z');
  });

  it('skips a paused store without calling Shopify', async () => {
    await setIntegrationStatus(db(), stores.other!.id, 'paused');
    const before = fake.store(ELSEWHERE).stats().graphql;
    expect(await shopifyOrdersSyncJob.perform(input(stores.other!), ctx())).toEqual({ skipped: 'the store is paused' });
    expect(fake.store(ELSEWHERE).stats().graphql).toBe(before);
    expect(shopifyOrdersSyncJob.input.safeParse({ integrationId: 'x' }).success).toBe(false);
  });

  it('hourly fallback: syncs every active store in turn when it cannot queue, one store failing without stopping the others', async () => {
    fake.store(NORTH).putOrder({ id: 1004, updatedAt: '2026-02-02T10:00:00Z', lines: [] });
    const result = await shopifyPollJob.perform({}, ctx());
    // North (orders + inventory) ran; south failed twice (its token is dead); other is paused.
    expect(result).toEqual({ stores: 2, redeliveries: 0, queued: 0, failed: 2 });
    expect((await ordersOf(stores.north!)).map((o) => o.external_id)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006']);
    expect(shopifyPollJob.schedule).toEqual({ everyMs: 3_600_000, input: {} });
  });

  it('hourly fallback: queues one orders and one inventory job per active store when jobs may queue jobs (BullMQ)', async () => {
    const runner = createBullmqRunner({ db: db(), logger: silentLogger() }, { redisUrl: TEST_REDIS_URL, queueName: `test-shopify-poll-${randomBytes(4).toString('hex')}`, consume: false });
    try {
      const result = await shopifyPollJob.perform({}, shopifyJobContext(db(), { secrets: () => box }, { enqueue: (job, jobInput) => runner.enqueue(job, jobInput) }));
      expect(result).toMatchObject({ stores: 2, queued: 4 });
      const queued = await runner.queue.getJobs(['waiting']);
      expect(queued.map((j) => `${j.name}:${(j.data as { integrationId: string }).integrationId === stores.north!.id ? 'north' : 'south'}`).sort()).toEqual([
        'shopify-inventory-sync:north', 'shopify-inventory-sync:south', 'shopify-orders-sync:north', 'shopify-orders-sync:south',
      ]);
    } finally {
      await runner.queue.obliterate({ force: true });
      await runner.close();
    }
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { TEST_REDIS_URL } from '../../../test/env';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { buildApp } from '../../app';
import { loadServerConfig } from '../../config';
import { createBullmqRunner } from '../../jobs/bullmq.runner';
import { IntegrationError } from '../integration-error';
import type { Integration } from '../integrations.repo';
import { deliverWebhook, shopifyWebhookRequest, type WebhookOptions } from './fake-shopify-webhooks';
import { startFakeShopify, type FakeShopify } from './fake-shopify.server';
import { shopifyPollJob } from './shopify-poll.job';
import { connectShopifyStore } from './shopify-stores.service';
import { shopifyWebhookJob } from './shopify-webhook.job';
import { NORTH, shopifyJobContext, testBox, testClock, WEBHOOK_SECRET } from './test/shopify-harness';

// POST /webhooks/shopify through the real app (app.inject) on PostgreSQL, with BullMQ on Redis
// as the queue: signatures, deduplication held in the database (across two app instances),
// queuing, and the processing job's effect applied once, newest-wins.

describe('Shopify webhooks (PostgreSQL, BullMQ)', () => {
  let testDb: TestDatabase;
  let fake: FakeShopify;
  let store: Integration;
  const apps: FastifyInstance[] = [];
  const queueName = `test-shopify-webhooks-${randomBytes(4).toString('hex')}`;
  const box = testBox();
  const clock = testClock();
  const db = () => testDb.handle.db;
  const config = loadServerConfig({ SHOPIFY_WEBHOOK_SECRET: WEBHOOK_SECRET });

  async function newApp(appConfig = config): Promise<FastifyInstance> {
    const app = await buildApp(appConfig, {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
      // The API only queues (as with REDIS_URL); the test runs the queued jobs itself.
      jobs: { runner: (deps) => createBullmqRunner(deps, { redisUrl: TEST_REDIS_URL, queueName, consume: false }) },
    });
    apps.push(app);
    return app;
  }

  const queue = () => createBullmqRunner({ db: db(), logger: silentLogger() }, { redisUrl: TEST_REDIS_URL, queueName, consume: false }).queue;
  let app: FastifyInstance;

  async function deliver(target: FastifyInstance, topic: string, payload: unknown, options: Partial<WebhookOptions> = {}) {
    const { headers, body } = shopifyWebhookRequest(topic, payload, { secret: WEBHOOK_SECRET, shop: NORTH, ...options });
    return target.inject({ method: 'POST', url: '/webhooks/shopify', headers, payload: body });
  }

  /** Runs every queued job as a worker would (perform), in the order queued, and empties the queue. */
  async function runQueued(): Promise<unknown[]> {
    const q = queue();
    try {
      const jobs = (await q.getJobs(['waiting'])).sort((a, b) => Number(a.id) - Number(b.id));
      const results = [];
      for (const job of jobs) results.push(await shopifyWebhookJob.perform(shopifyWebhookJob.input.parse(job.data), shopifyJobContext(db(), { secrets: () => box, transport: clock.transport })));
      await q.drain();
      return results;
    } finally {
      await q.close();
    }
  }

  async function queuedCount(): Promise<number> {
    const q = queue();
    try {
      return (await q.getJobs(['waiting'])).length;
    } finally {
      await q.close();
    }
  }

  const order = (id: number, updatedAt: string, extra: Record<string, unknown> = {}) => ({
    id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${id}`, created_at: '2026-03-01T08:00:00Z', updated_at: updatedAt, currency: 'EUR',
    total_price: '12.50', financial_status: 'paid', fulfillment_status: null, line_items: [{ id: id * 10, sku: 'BOLT-M8', quantity: 5, price: '2.50' }], ...extra,
  });
  const ordersOf = () => db().selectFrom('channel_orders').selectAll().where('integration_id', '=', store.id).orderBy('external_id').execute();
  const deliveries = () => db().selectFrom('webhook_deliveries').selectAll().orderBy('received_at').execute();

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'shopify-webhooks');
    await insertFixture(db());
    fake = await startFakeShopify({ clock, stores: [{ shop: NORTH }] });
    store = await connectShopifyStore(db(), box, { tenantId: 'tnt_demo', shop: NORTH, accessToken: fake.store(NORTH).accessToken, settings: { baseUrl: fake.baseUrlFor(NORTH) } });
    app = await newApp();
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    const q = queue();
    await q.obliterate({ force: true });
    await q.close();
    await fake?.close();
    await testDb?.cleanup();
  });
  beforeEach(async () => {
    await runQueued();
  });

  it('refuses a forged, a missing or a mis-keyed signature with 401 problem+json, keeping and queuing nothing', async () => {
    const forged = await deliver(app, 'orders/create', order(1, '2026-03-01T09:00:00Z'), { signature: Buffer.alloc(32, 7).toString('base64') });
    const { headers, body } = shopifyWebhookRequest('orders/create', order(1, '2026-03-01T09:00:00Z'), { secret: WEBHOOK_SECRET, shop: NORTH });
    delete headers['x-shopify-hmac-sha256'];
    const missing = await app.inject({ method: 'POST', url: '/webhooks/shopify', headers, payload: body });
    const otherKey = await deliver(app, 'orders/create', order(1, '2026-03-01T09:00:00Z'), { secret: 'not-the-app-secret-0123456789' });
    // The body changed after signing (one byte): the signature no longer holds.
    const signed = shopifyWebhookRequest('orders/create', order(1, '2026-03-01T09:00:00Z'), { secret: WEBHOOK_SECRET, shop: NORTH });
    const tampered = await app.inject({ method: 'POST', url: '/webhooks/shopify', headers: signed.headers, payload: signed.body.replace('12.50', '02.50') });
    for (const res of [forged, missing, otherKey, tampered]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    expect(await deliveries()).toEqual([]);
    expect(await queuedCount()).toBe(0);
  });

  it('refuses an empty body, missing headers and an unknown store', async () => {
    const empty = await app.inject({ method: 'POST', url: '/webhooks/shopify', headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': 'x' }, payload: '' });
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'BAD_REQUEST']);
    const unknown = await deliver(app, 'orders/create', order(1, '2026-03-01T09:00:00Z'), { shop: 'stranger.myshopify.com' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'NOT_FOUND']);
    const { headers, body } = shopifyWebhookRequest('orders/create', order(1, '2026-03-01T09:00:00Z'), { secret: WEBHOOK_SECRET, shop: NORTH });
    delete headers['x-shopify-topic'];
    expect((await app.inject({ method: 'POST', url: '/webhooks/shopify', headers, payload: body })).statusCode).toBe(400);
    expect(await deliveries()).toEqual([]);
  });

  it('answers 503 problem+json when no webhook secret is configured', async () => {
    const unconfigured = await newApp(loadServerConfig({}));
    const res = await deliver(unconfigured, 'orders/create', order(1, '2026-03-01T09:00:00Z'));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: expect.stringContaining('SHOPIFY_WEBHOOK_SECRET') });
  });

  it('keeps the same delivery ten times once, queues one job, and applies one order', async () => {
    const eventId = randomUUID();
    const payload = JSON.parse(readFileSync(new URL('./fixtures/orders-create.webhook.json', import.meta.url), 'utf8')) as unknown;
    const answers = [];
    // Shopify's retries carry new webhook ids but the same event id; half use the newer header names.
    for (let i = 0; i < 10; i += 1) answers.push(await deliver(app, 'orders/create', payload, { eventId, unprefixed: i % 2 === 1 }));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.map((a) => a.json().duplicate)).toEqual([false, ...Array(9).fill(true)]);
    expect((await deliveries()).map((d) => [d.event_id, d.topic, d.tenant_id, d.integration_id])).toEqual([[eventId, 'orders/create', 'tnt_demo', store.id]]);
    expect(await queuedCount()).toBe(1);

    expect(await runQueued()).toEqual([{ eventId, outcome: 'applied' }]);
    // A second run of the same event (a retried job, another worker) changes nothing.
    expect(await shopifyWebhookJob.perform({ eventId }, shopifyJobContext(db(), { secrets: () => box }))).toEqual({ eventId, outcome: 'duplicate' });
    const orders = await ordersOf();
    expect(orders.map((o) => [o.external_id, o.number, o.total_minor])).toEqual([['820982911946154508', '#9999', '40300']]);
    const lines = await db().selectFrom('channel_order_lines').select(['line_id', 'item_id']).where('order_id', '=', orders[0]!.id).orderBy('line_id').execute();
    expect(lines).toEqual([{ line_id: '141249953214522974', item_id: null }, { line_id: '866550311766439020', item_id: 'itm_frame' }]);
    expect((await deliveries())[0]!.processed_at).toBeInstanceOf(Date);
  });

  it('never lets a stale delivery overwrite a newer one, whatever order they arrive in', async () => {
    await deliver(app, 'orders/updated', order(77, '2026-03-01T10:00:00Z', { financial_status: 'refunded' }));
    await deliver(app, 'orders/create', order(77, '2026-03-01T09:00:00Z'));
    const outcomes = (await runQueued()) as { outcome: string }[];
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'stale']);
    const [row] = (await ordersOf()).filter((o) => o.external_id === '77');
    expect([row!.status, row!.external_updated_at.toISOString()]).toEqual(['refunded/unfulfilled', '2026-03-01T10:00:00.000Z']);
  });

  it('dedupes one event delivered to two API instances on one database at once', async () => {
    const second = await newApp();
    const eventId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(i % 2 ? second : app, 'orders/create', order(88, '2026-03-01T09:00:00Z'), { eventId })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.json().duplicate === false)).toHaveLength(1);
    expect((await deliveries()).filter((d) => d.event_id === eventId)).toHaveLength(1);
    expect(await queuedCount()).toBe(1);
    await runQueued();
    expect((await ordersOf()).filter((o) => o.external_id === '88')).toHaveLength(1);
  });

  it('applies inventory level updates, asking Shopify for the item\'s SKU, newest-wins', async () => {
    fake.store(NORTH).putInventory({ inventoryItemId: '4501', sku: 'BOLT-M8', locationId: '9001', available: 10, updatedAt: '2026-03-01T09:00:00Z' });
    const level = (available: number, updatedAt: string) => ({ inventory_item_id: 4501, location_id: 9001, available, updated_at: updatedAt });
    await deliver(app, 'inventory_levels/update', level(17, '2026-03-01T11:00:00Z'));
    await deliver(app, 'inventory_levels/update', level(3, '2026-03-01T10:00:00Z'));
    await deliver(app, 'products/update', { id: 1, title: 'Bolt' });
    const outcomes = ((await runQueued()) as { outcome: string }[]).map((o) => o.outcome);
    expect(outcomes.sort()).toEqual(['applied', 'ignored', 'stale']);
    const rows = await db().selectFrom('external_stock_levels').selectAll().where('integration_id', '=', store.id).execute();
    expect(rows.map((r) => [r.sku, r.location_ref, r.item_id, Number(r.available)])).toEqual([['BOLT-M8', '9001', 'itm_bolt', 17]]);
  });

  it('keeps a signed delivery it cannot read, and its job fails permanently (dead letter) with the reason', async () => {
    const eventId = randomUUID();
    expect((await deliver(app, 'orders/updated', { id: 5, note: 'no order here' }, { eventId })).statusCode).toBe(200);
    const q = queue();
    const [job] = await q.getJobs(['waiting']);
    await q.drain();
    await q.close();
    const error = await shopifyWebhookJob.perform(shopifyWebhookJob.input.parse(job!.data), shopifyJobContext(db(), {})).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect([(error as IntegrationError).failure, (error as IntegrationError).permanent]).toEqual(['bad_payload', true]);
    expect((error as Error).message).toMatch(/orders\/updated delivery/);
    // The hourly sweep leaves it to the admin once it is in the dead letters.
    await db().updateTable('webhook_deliveries').set({ received_at: new Date(Date.now() - 3_600_000) }).where('event_id', '=', eventId).execute();
    await db().insertInto('dead_letters').values({ id: `dl_${randomUUID()}`, tenant_id: 'tnt_demo', job: 'shopify-webhook', input: JSON.stringify({ eventId }), error: (error as Error).message, attempts: 1 }).execute();
    expect(await shopifyPollJob.perform({}, shopifyJobContext(db(), { secrets: () => box, transport: clock.transport }))).toMatchObject({ redeliveries: 0 });
  });

  it('takes a delivery over real HTTP as the fake sends it (the demo mode\'s path)', async () => {
    const listening = await newApp();
    const address = await listening.listen({ port: 0, host: '127.0.0.1' });
    const eventId = randomUUID();
    const sent = await deliverWebhook(`${address}/webhooks/shopify`, 'orders/create', order(66, '2026-03-01T09:00:00Z'), { secret: WEBHOOK_SECRET, shop: NORTH, eventId });
    expect([sent.status, JSON.parse(sent.body)]).toEqual([200, { received: true, duplicate: false }]);
    expect(await runQueued()).toEqual([{ eventId, outcome: 'applied' }]);
  });

  it('the hourly sweep processes a kept delivery whose job was lost', async () => {
    const eventId = randomUUID();
    await deliver(app, 'orders/create', order(99, '2026-03-01T09:00:00Z'), { eventId });
    const q = queue();
    await q.drain(); // the job is lost (a flushed queue, a crash before queuing)
    await q.close();
    await db().updateTable('webhook_deliveries').set({ received_at: new Date(Date.now() - 3_600_000) }).where('event_id', '=', eventId).execute();
    const result = await shopifyPollJob.perform({}, shopifyJobContext(db(), { secrets: () => box, transport: clock.transport }));
    expect(result).toMatchObject({ redeliveries: 1, failed: 0 });
    expect((await ordersOf()).filter((o) => o.external_id === '99')).toHaveLength(1);
  });
});

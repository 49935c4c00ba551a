import { ErrorCode, type RoleGrant } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import type { OrdersPage } from '../../domains/orders/channel-orders.service';
import { upsertIntegration } from '../../integrations/integrations.repo';
import { applyOrders } from '../../integrations/shopify/shopify-sync.service';
import type { ShopifyOrder } from '../../integrations/shopify/shopify.schemas';

const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));

const shopifyOrder = (id: string, createdAt: string, sku: string): ShopifyOrder => ({
  id, name: `#${id}`, createdAt, updatedAt: createdAt, cancelledAt: null, currency: 'EUR', totalPrice: '10.00',
  financialStatus: 'paid', fulfillmentStatus: null, lineItems: [{ id: `${id}1`, sku, quantity: 2, price: '5.00' }],
});

describe.each(['postgres', 'pglite'] as const)('orders.list on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const db = () => testDb.handle.db;

  async function bearer(tenantId: string, grants: RoleGrant[]): Promise<Record<string, string>> {
    const person = await insertPerson(db(), { tenantId, grants });
    const signInId = await insertSignIn(db(), person, null, { mfa: false });
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: false }, new Date());
    return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'orders-router');
    await insertFixture(db());
    const fees = { feeRatePct: '2', feeFixedMinor: 0 };
    const north = await upsertIntegration(db(), { tenantId: 'tnt_demo', vendor: 'shopify', name: 'north.myshopify.com', settings: {} });
    const south = await upsertIntegration(db(), { tenantId: 'tnt_demo', vendor: 'shopify', name: 'south.myshopify.com', settings: {} });
    const other = await upsertIntegration(db(), { tenantId: 'tnt_other', vendor: 'shopify', name: 'other.myshopify.com', settings: {} });
    const seller = await upsertIntegration(db(), { tenantId: 'tnt_demo', vendor: 'amazon', name: 'A1SELLER', settings: {} });
    await applyOrders(db(), north, fees, [shopifyOrder('1', '2026-03-01T10:00:00Z', 'BOLT-M8'), shopifyOrder('2', '2026-03-01T12:00:00Z', 'FRAME-1')]);
    await applyOrders(db(), south, fees, [shopifyOrder('3', '2026-03-01T11:00:00Z', 'BOLT-M8')]);
    await applyOrders(db(), other, fees, [shopifyOrder('4', '2026-03-01T13:00:00Z', 'SECRET')]);
    await db().insertInto('channel_orders').values({
      id: 'cho_amazon_1', tenant_id: 'tnt_demo', integration_id: seller.id, channel: 'amazon', external_id: '111-222', number: '111-222',
      status: 'Shipped', currency: 'EUR', total_minor: 2_500, fees_minor: 375, ordered_at: new Date('2026-03-01T09:00:00Z'), external_updated_at: new Date('2026-03-01T09:30:00Z'),
    }).execute();
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it('pages a viewer through the tenant\'s orders of every store and channel, newest first', async () => {
    const viewer = await bearer('tnt_demo', [{ siteId: null, role: 'viewer' }]);
    const first = await query<OrdersPage>(app, 'orders.list', { limit: 2 }, viewer);
    expect(first.status).toBe(200);
    expect(first.data.orders.map((o) => [o.number, o.channel, o.store])).toEqual([['#2', 'shopify', 'north.myshopify.com'], ['#3', 'shopify', 'south.myshopify.com']]);
    expect(first.data.orders[0]).toMatchObject({ totalMinor: 1_000, feesMinor: 20, currency: 'EUR', status: 'paid/unfulfilled', lines: [{ sku: 'FRAME-1', itemId: 'itm_frame', quantity: '2', priceMinor: 500 }] });
    const second = await query<OrdersPage>(app, 'orders.list', { limit: 2, cursor: first.data.nextCursor }, viewer);
    expect(second.data.orders.map((o) => o.number)).toEqual(['#1', '111-222']);
    expect(second.data.nextCursor).toBeNull();
    const amazon = await query<OrdersPage>(app, 'orders.list', { channel: 'amazon' }, viewer);
    expect(amazon.data.orders.map((o) => [o.number, o.totalMinor, o.feesMinor])).toEqual([['111-222', 2_500, 375]]);
    // No input at all: the first page of every channel.
    const all = await app.inject({ url: '/trpc/orders.list', headers: viewer });
    expect((all.json() as { result: { data: OrdersPage } }).result.data.orders).toHaveLength(4);
  });

  it('shows another tenant only its own orders', async () => {
    const stranger = await bearer('tnt_other', [{ siteId: null, role: 'admin' }]);
    const page = await query<OrdersPage>(app, 'orders.list', {}, stranger);
    expect(page.data.orders.map((o) => [o.number, o.lines[0]?.itemId])).toEqual([['#4', 'itm_secret']]);
  });

  it('refuses callers without a tenant-wide role, and cursors it did not hand out', async () => {
    expect((await query(app, 'orders.list', {})).status).toBe(401);
    const siteViewer = await bearer('tnt_demo', [{ siteId: 'site_a', role: 'viewer' }]);
    expect((await query(app, 'orders.list', {}, siteViewer)).status).toBe(403);
    const viewer = await bearer('tnt_demo', [{ siteId: null, role: 'viewer' }]);
    const forged = await query(app, 'orders.list', { cursor: 'bm90LWEtY3Vyc29y' }, viewer);
    expect([forged.status, forged.error?.data?.code]).toEqual([400, ErrorCode.BadRequest]);
    expect((await query(app, 'orders.list', { limit: 500 }, viewer)).status).toBe(400);
  });
});

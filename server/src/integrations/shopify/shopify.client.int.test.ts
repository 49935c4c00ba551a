import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError } from '../integration-error';
import { startFakeShopify, type FakeShopify, type FakeShopifyStore } from './fake-shopify.server';
import { createShopifyClient, type ShopifyApi } from './shopify.client';
import type { ShopifyOrder } from './shopify.schemas';
import { shopifySettingsSchema } from './shopify.schemas';
import { nextPageInfo } from './shopify-rest.client';
import { NORTH, SOUTH, testClock, type TestClock } from './test/shopify-harness';

// Contract tests: the client against the fake Shopify over real HTTP on loopback. The fake
// enforces tokens, page sizes, cursors and both rate limits; sleeping moves a clock both share.

let clock: TestClock;
let fake: FakeShopify;
let north: FakeShopifyStore;

beforeEach(async () => {
  clock = testClock();
  fake = await startFakeShopify({ clock, stores: [{ shop: NORTH }, { shop: SOUTH }] });
  north = fake.store(NORTH);
});
afterEach(() => fake.close());

function client(api: 'graphql' | 'rest', options: { token?: string; pageSize?: number; shop?: string } = {}): ShopifyApi {
  const shop = options.shop ?? NORTH;
  return createShopifyClient({
    shop,
    accessToken: options.token ?? fake.store(shop).accessToken,
    settings: shopifySettingsSchema.parse({ api, baseUrl: fake.baseUrlFor(shop) }),
    transport: clock.transport,
    pageSize: options.pageSize,
  });
}

async function allOrders(api: ShopifyApi, since: string | null = null): Promise<{ pages: number; orders: ShopifyOrder[] }> {
  const orders: ShopifyOrder[] = [];
  let pages = 0;
  for await (const page of api.ordersUpdatedSince(since)) {
    pages += 1;
    orders.push(...page);
  }
  return { pages, orders };
}

function seedOrders(store: FakeShopifyStore, count: number, start = Date.parse('2026-02-01T00:00:00Z')): void {
  for (let i = 1; i <= count; i += 1) {
    store.putOrder({ id: 1000 + i, updatedAt: new Date(start + i * 60_000).toISOString(), lines: [{ sku: 'BOLT-M8', quantity: i, price: '0.10' }] });
  }
}

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof IntegrationError)) throw new Error(`expected an IntegrationError, got ${String(error)}`);
  return error;
}

describe.each(['graphql', 'rest'] as const)('%s: authentication', (api) => {
  it('refuses a wrong token as a permanent auth failure, and a token revoked between calls', async () => {
    seedOrders(north, 3);
    const refused = await failure(allOrders(client(api, { token: 'shpat_wrong' })));
    expect([refused.failure, refused.permanent, refused.details.status]).toEqual(['auth', true, 401]);
    expect(refused.message).not.toContain('shpat_wrong');

    const working = client(api);
    expect((await allOrders(working)).orders).toHaveLength(3);
    north.expireToken();
    expect((await failure(allOrders(working))).failure).toBe('auth');
    expect(north.stats().unauthorized).toBe(2);
  });

  it('keeps stores apart: one store\'s token opens no other store', async () => {
    seedOrders(north, 1);
    const error = await failure(allOrders(client(api, { shop: SOUTH, token: north.accessToken })));
    expect(error.failure).toBe('auth');
  });
});

describe('GraphQL: cursor pages and cost', () => {
  it('reads every order in update order through first/after pages, and the lines past the first page of an order', async () => {
    seedOrders(north, 23);
    const lines = Array.from({ length: 60 }, (_, i) => ({ sku: `PART-${i}`, quantity: 1, price: '1.00' }));
    north.putOrder({ id: 5000, updatedAt: '2026-02-02T00:00:00Z', lines });
    const { pages, orders } = await allOrders(client('graphql', { pageSize: 5 }));
    expect(pages).toBe(5);
    expect(orders.map((o) => o.id)).toEqual([...Array.from({ length: 23 }, (_, i) => String(1001 + i)), '5000']);
    const big = orders.at(-1)!;
    expect(big.lineItems.map((l) => l.sku)).toEqual(lines.map((l) => l.sku));
    expect(north.stats().paths.filter((p) => p === 'graphql.json')).toHaveLength(5 + 1);
  });

  it('asks only for orders changed since the cursor', async () => {
    seedOrders(north, 10);
    const { orders } = await allOrders(client('graphql'), '2026-02-01T00:08:00Z');
    expect(orders.map((o) => o.id)).toEqual(['1008', '1009', '1010']);
  });

  it('waits out a THROTTLED answer using the throttle status, then gets the page', async () => {
    seedOrders(north, 3);
    north.fail({ kind: 'throttled' });
    const { orders } = await allOrders(client('graphql'));
    expect(orders).toHaveLength(3);
    expect(north.stats().throttled).toBe(1);
    // The bucket was empty: the client waited for its query's cost to be restored (100 points/s).
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('paces itself by the cost points left, so a long read meets no THROTTLED at all', async () => {
    await fake.close();
    fake = await startFakeShopify({ clock, stores: [{ shop: NORTH, maximumAvailable: 1_000, restoreRate: 50 }] });
    north = fake.store(NORTH);
    seedOrders(north, 300);
    const { orders } = await allOrders(client('graphql'));
    expect(orders).toHaveLength(300);
    expect(north.stats().throttled).toBe(0);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it('reads inventory levels of every location with their SKUs', async () => {
    north.putInventory({ inventoryItemId: '71', sku: 'BOLT-M8', locationId: '9001', available: 5, updatedAt: '2026-02-01T00:00:00Z' });
    north.putInventory({ inventoryItemId: '71', sku: 'BOLT-M8', locationId: '9002', available: 7, updatedAt: '2026-02-01T00:00:00Z' });
    north.putInventory({ inventoryItemId: '72', sku: 'FRAME-1', locationId: '9002', available: 1, updatedAt: '2026-02-03T00:00:00Z' });
    const levels = [];
    for await (const page of client('graphql', { pageSize: 1 }).inventoryLevels()) levels.push(...page);
    expect(levels.map((l) => [l.sku, l.locationId, l.available])).toEqual([['BOLT-M8', '9001', 5], ['BOLT-M8', '9002', 7], ['FRAME-1', '9002', 1]]);
    expect(await client('graphql').inventoryItemSkus(['72', '404'])).toEqual(new Map([['72', 'FRAME-1'], ['404', null]]));
  });
});

describe('REST: Link pages and the leaky bucket', () => {
  it('follows rel="next" page_info links to the last page, sending only limit beside the cursor', async () => {
    seedOrders(north, 5);
    const { pages, orders } = await allOrders(client('rest', { pageSize: 2 }));
    expect(pages).toBe(3);
    expect(orders.map((o) => o.id)).toEqual(['1001', '1002', '1003', '1004', '1005']);
    // A single page carries no Link header at all.
    expect((await allOrders(client('rest', { pageSize: 250 }))).pages).toBe(1);
  });

  it('reads inventory levels by location and looks up their SKUs', async () => {
    north.putInventory({ inventoryItemId: '71', sku: 'BOLT-M8', locationId: '9001', available: 5, updatedAt: '2026-02-01T00:00:00Z' });
    north.putInventory({ inventoryItemId: '72', sku: null, locationId: '9001', available: 2, updatedAt: '2026-02-01T00:00:00Z' });
    const levels = [];
    for await (const page of client('rest', { pageSize: 1 }).inventoryLevels()) levels.push(...page);
    expect(levels.map((l) => [l.inventoryItemId, l.sku, l.available])).toEqual([['71', 'BOLT-M8', 5], ['72', null, 2]]);
  });

  it('never meets a 429 in a 200-request run when it keeps to the call-limit header', async () => {
    seedOrders(north, 200);
    const start = clock.now();
    const { pages, orders } = await allOrders(client('rest', { pageSize: 1 }));
    expect([pages, orders.length]).toEqual([200, 200]);
    expect(north.stats().rest).toBe(200);
    expect(north.stats().rest429).toBe(0);
    // It did slow down: past the first ~38 calls, one call per leaked slot (2/s).
    expect(clock.now() - start).toBeGreaterThanOrEqual(((200 - 40) / 2) * 1_000);
  });

  it('is refused by the fake when the bucket overflows (what the pacing avoids)', async () => {
    const url = `${fake.baseUrlFor(NORTH)}/admin/api/2026-01/orders.json`;
    const statuses: number[] = [];
    for (let i = 0; i < 45; i += 1) statuses.push((await fetch(url, { headers: { 'x-shopify-access-token': north.accessToken } })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(north.stats().rest429).toBe(5);
  });

  it('takes only the cursor from a Link header, never its host', () => {
    expect(nextPageInfo('<https://evil.example/admin/api/2026-01/orders.json?limit=2&page_info=abc>; rel="next"')).toBe('abc');
    expect(nextPageInfo('<https://x/o.json?page_info=p>; rel="previous", <https://x/o.json?page_info=n>; rel="next"')).toBe('n');
    expect(nextPageInfo('<https://x/o.json?page_info=p>; rel="previous"')).toBeNull();
    expect(nextPageInfo(null)).toBeNull();
  });
});

describe.each(['graphql', 'rest'] as const)('%s: 429, 5xx and bad payloads', (api) => {
  it('honours Retry-After (fractional seconds) on a 429', async () => {
    seedOrders(north, 2);
    north.fail({ kind: 'status', status: 429, retryAfter: '2.5' });
    expect((await allOrders(client(api))).orders).toHaveLength(2);
    expect(clock.slept).toContain(2_500);
  });

  it('backs off on a 429 without Retry-After, longer each time', async () => {
    seedOrders(north, 2);
    north.fail({ kind: 'status', status: 429 }, 3);
    expect((await allOrders(client(api))).orders).toHaveLength(2);
    expect(clock.slept).toEqual([1_000, 2_000, 4_000]);
  });

  it('gives up on a 429 that never ends, saying how long the vendor asked to wait', async () => {
    north.fail({ kind: 'status', status: 429, retryAfter: '3' }, 20);
    const error = await failure(allOrders(client(api)));
    expect([error.failure, error.permanent, error.details.retryAfterMs]).toEqual(['rate_limited', false, 3_000]);
  });

  it('retries a 5xx a few times with backoff, then reports the vendor unavailable (worth retrying later)', async () => {
    seedOrders(north, 2);
    north.fail({ kind: 'status', status: 503 }, 2);
    expect((await allOrders(client(api))).orders).toHaveLength(2);
    expect(clock.slept).toEqual([500, 1_000]);
    north.fail({ kind: 'status', status: 500 }, 4);
    const error = await failure(allOrders(client(api)));
    expect([error.failure, error.permanent, error.details.status]).toEqual(['unavailable', false, 500]);
  });

  it('reports a body that is not JSON as a bad payload (permanent: dead-lettered, not retried)', async () => {
    seedOrders(north, 2);
    north.fail({ kind: 'malformed' });
    const error = await failure(allOrders(client(api)));
    expect([error.failure, error.permanent]).toEqual(['bad_payload', true]);
  });

  it('reports an order of the wrong shape as a bad payload naming the field', async () => {
    north.putOrder({ id: 7, updatedAt: '2026-02-01T00:00:00Z', name: '', lines: [] });
    const error = await failure(allOrders(client(api)));
    expect(error.failure).toBe('bad_payload');
    expect(error.message).toMatch(/name/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../integration-error';
import { SpApiRequestError } from './sp-api.http';
import { BEFORE_MARGIN_MS } from './sp-api.client';
import { amazonOrder, amazonOrders, DE, summaries, US } from './test/amazon-orders';
import { collect, startSpApiHarness, type SpApiHarness } from './test/sp-api-harness';

// Contract tests of the SP-API client against the fake Amazon on loopback, on a virtual clock
// that both share: waiting for a token bucket moves time on instead of slowing the test.
describe('SP-API client against the fake Amazon', () => {
  let h: SpApiHarness;
  beforeAll(async () => { h = await startSpApiHarness(); });
  afterAll(async () => { await h?.close(); });

  async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    return error as IntegrationError;
  }
  const since = (hoursAgo: number) => ({ lastUpdatedAfter: new Date(h.clock.now() - hoursAgo * 3_600_000) });

  describe('orders (NextToken paging)', () => {
    it('walks every page of the window and stops at a bound over two minutes old', async () => {
      const { sellerId, api } = h.seller();
      const now = h.clock.now();
      h.fake.putOrders(sellerId, [
        ...amazonOrders(230, now),
        amazonOrder(900, new Date(now - 60_000)),
        amazonOrder(901, new Date(now - 3_600_000), { MarketplaceId: US, OrderTotal: { CurrencyCode: 'USD', Amount: '5.00' } }),
      ]);
      const { before, pages } = api.listOrders({ marketplaceIds: [DE], since: since(24), pageSize: 100 });
      const all = await collect(pages);
      expect(all.map((page) => page.orders.length)).toEqual([100, 100, 30]);
      expect(new Set(all.flatMap((page) => page.orders.map((order) => order.AmazonOrderId))).size).toBe(230);
      expect(before?.getTime()).toBeLessThanOrEqual(now - BEFORE_MARGIN_MS);
      // Updated a minute ago: after the bound, so the next delta brings it.
      expect(all.flatMap((page) => page.orders).some((order) => order.AmazonOrderId.includes('1000900'))).toBe(false);
    });

    it('asks nothing when the window is empty', async () => {
      const { api } = h.seller();
      const requests = h.fake.stats().requests.getOrders;
      const { before, pages } = api.listOrders({ marketplaceIds: [DE], since: { lastUpdatedAfter: new Date(h.clock.now() - 60_000) } });
      expect(before).toBeNull();
      expect(await collect(pages)).toEqual([]);
      expect(h.fake.stats().requests.getOrders).toBe(requests);
    });

    it('is refused (400, errors[]) without MarketplaceIds, with both or neither of CreatedAfter and LastUpdatedAfter, or a recent Before', async () => {
      const { get } = h.seller();
      const after = new Date(h.clock.now() - 86_400_000).toISOString();
      const recent = new Date(h.clock.now() - 30_000).toISOString();
      const queries: Record<string, string>[] = [
        { LastUpdatedAfter: after },
        { MarketplaceIds: DE },
        { MarketplaceIds: DE, LastUpdatedAfter: after, CreatedAfter: after },
        { MarketplaceIds: DE, LastUpdatedAfter: after, LastUpdatedBefore: recent },
        { MarketplaceIds: DE, LastUpdatedAfter: after, MaxResultsPerPage: '101' },
      ];
      for (const query of queries) {
        const error = await failure(get('getOrders', '/orders/v0/orders', new URLSearchParams(query)));
        expect(error).toBeInstanceOf(SpApiRequestError);
        expect((error as SpApiRequestError).errors[0]?.code).toBe('InvalidInput');
        expect([error.failure, error.details.status]).toEqual(['bad_payload', 400]);
      }
    });

    it('keeps a long run free of 429s by waiting on its own bucket (burst 20, then one a minute)', async () => {
      const { sellerId, api } = h.seller();
      h.fake.putOrders(sellerId, amazonOrders(60, h.clock.now()));
      const slept = h.clock.slept();
      const pages = await collect(api.listOrders({ marketplaceIds: [DE], since: since(24), pageSize: 1 }).pages);
      expect(pages).toHaveLength(60);
      expect(h.fake.stats().throttled.getOrders).toBe(0);
      // 40 requests past the burst, each a token interval (~60 s) after the last.
      expect(h.clock.slept() - slept).toBeGreaterThanOrEqual(40 * 59_880);
      expect(h.clock.slept() - slept).toBeLessThan(41 * 60_000);
    });
  });

  describe('FBA inventory (nextToken paging)', () => {
    it('walks every page of a marketplace', async () => {
      const { sellerId, api } = h.seller();
      h.fake.putInventory(sellerId, DE, summaries(120));
      const pages = await collect(api.inventorySummaries(DE));
      expect(pages.map((page) => page.summaries.length)).toEqual([50, 50, 20]);
      expect(new Set(pages.flatMap((page) => page.summaries.map((s) => s.sellerSku))).size).toBe(120);
      expect(pages.every((page) => !page.restarted)).toBe(true);
    });

    it('restarts the listing when a nextToken has expired', async () => {
      const { sellerId, api } = h.seller();
      h.fake.putInventory(sellerId, DE, summaries(120));
      h.fake.fail('getInventorySummaries', { kind: 'expire-next-token' });
      // The first request carries no nextToken; the fault hits the second, which starts over.
      const pages = await collect(api.inventorySummaries(DE));
      expect(pages.map((page) => [page.summaries.length, page.restarted])).toEqual([[50, false], [50, true], [50, false], [20, false]]);
    });

    it('restarts when the caller took longer than 30 s over a page, and gives up after three restarts', async () => {
      const { sellerId, api } = h.seller();
      h.fake.putInventory(sellerId, US, summaries(60));
      let seen = 0;
      const error = await failure((async () => {
        for await (const page of api.inventorySummaries(US)) {
          seen += page.summaries.length;
          h.clock.advance(31_000);
        }
      })());
      expect(error.failure).toBe('unavailable');
      expect(error.message).toContain('nextToken');
      expect(seen).toBe(4 * 50);
    });
  });

  describe('usage plans', () => {
    it('adopts the rate Amazon announces in x-amzn-RateLimit-Limit and so meets no 429', async () => {
      const { sellerId, api } = h.seller();
      h.fake.setPlan('getInventorySummaries', { rate: 0.5, burst: 2 });
      h.fake.putInventory(sellerId, DE, summaries(500));
      const before = h.fake.stats().throttled.getInventorySummaries;
      const pages = await collect(api.inventorySummaries(DE));
      h.fake.setPlan('getInventorySummaries', { rate: 2, burst: 2 });
      expect(pages).toHaveLength(10);
      expect(h.fake.stats().throttled.getInventorySummaries - before).toBe(0);
    });

    it('without the header, backs off on 429 and still completes', async () => {
      const { sellerId, api } = h.seller();
      h.fake.setPlan('getInventorySummaries', { rate: 0.5, burst: 2 });
      h.fake.setRateLimitHeader(false);
      h.fake.putInventory(sellerId, DE, summaries(500));
      const before = h.fake.stats().throttled.getInventorySummaries;
      try {
        const pages = await collect(api.inventorySummaries(DE));
        expect(pages.flatMap((page) => page.summaries)).toHaveLength(500);
        expect(h.fake.stats().throttled.getInventorySummaries - before).toBeGreaterThan(0);
      } finally {
        h.fake.setRateLimitHeader(true);
        h.fake.setPlan('getInventorySummaries', { rate: 2, burst: 2 });
      }
    });

    it('retries a 429 with or without the limit header, and reports rate_limited when it persists', async () => {
      const { sellerId, api, get } = h.seller();
      h.fake.putOrders(sellerId, amazonOrders(3, h.clock.now()));
      h.fake.fail('getOrders', { kind: 'throttle', limitHeader: true });
      h.fake.fail('getOrders', { kind: 'throttle', limitHeader: false });
      const slept = h.clock.slept();
      const pages = await collect(api.listOrders({ marketplaceIds: [DE], since: since(24) }).pages);
      expect(pages[0]?.orders).toHaveLength(3);
      // Drained after the 429: the next try waited for a token (a minute on this plan).
      expect(h.clock.slept() - slept).toBeGreaterThanOrEqual(59_880);
      h.fake.fail('getOrders', { kind: 'throttle', limitHeader: false }, 6);
      const params = new URLSearchParams({ MarketplaceIds: DE, LastUpdatedAfter: new Date(h.clock.now() - 86_400_000).toISOString() });
      const error = await failure(get('getOrders', '/orders/v0/orders', params));
      expect([error.failure, error.permanent, error.details.status]).toEqual(['rate_limited', false, 429]);
    });
  });

  describe('failures', () => {
    const ordersQuery = () => new URLSearchParams({ MarketplaceIds: DE, LastUpdatedAfter: new Date(h.clock.now() - 86_400_000).toISOString() });

    it('retries a 5xx, then reports unavailable', async () => {
      const { get } = h.seller({ retries: { throttled: 5, unavailable: 2 } });
      h.fake.fail('getOrders', { kind: 'status', status: 503 }, 2);
      expect(await get('getOrders', '/orders/v0/orders', ordersQuery())).toMatchObject({ payload: { Orders: [] } });
      h.fake.fail('getOrders', { kind: 'status', status: 500 }, 3);
      const error = await failure(get('getOrders', '/orders/v0/orders', ordersQuery()));
      expect([error.failure, error.permanent, error.details.status]).toEqual(['unavailable', false, 500]);
    });

    it('reports a body that is not JSON as bad_payload at once', async () => {
      const { get } = h.seller();
      const requests = h.fake.stats().requests.getOrders;
      h.fake.fail('getOrders', { kind: 'malformed' });
      const error = await failure(get('getOrders', '/orders/v0/orders', ordersQuery()));
      expect([error.failure, error.permanent]).toEqual(['bad_payload', true]);
      expect(h.fake.stats().requests.getOrders - requests).toBe(1);
    });

    it('reports an order it cannot read as bad_payload', async () => {
      const { sellerId, api } = h.seller();
      const broken = amazonOrder(1, new Date(h.clock.now() - 3_600_000), { OrderTotal: { CurrencyCode: 'EUR', Amount: 'twelve' } });
      h.fake.putOrders(sellerId, [broken]);
      const error = await failure(collect(api.listOrders({ marketplaceIds: [DE], since: since(24) }).pages));
      expect(error.failure).toBe('bad_payload');
      expect(error.message).toContain('OrderTotal.Amount');
    });

    it('exchanges a new access token once when SP-API says the token expired', async () => {
      const { get } = h.seller();
      const exchanges = h.fake.stats().tokenExchanges;
      await get('getOrders', '/orders/v0/orders', ordersQuery());
      h.fake.fail('getOrders', { kind: 'expire-access-token' });
      await get('getOrders', '/orders/v0/orders', ordersQuery());
      expect(h.fake.stats().tokenExchanges - exchanges).toBe(2);
      h.fake.fail('getOrders', { kind: 'expire-access-token' }, 2);
      const error = await failure(get('getOrders', '/orders/v0/orders', ordersQuery()));
      expect([error.failure, error.details.status]).toEqual(['auth', 403]);
      expect(h.fake.stats().tokenExchanges - exchanges).toBe(3);
    });

    it('reports a refused (not expired) access token as auth without exchanging again', async () => {
      let asked = 0;
      const { get } = h.seller({ accessToken: async () => { asked += 1; return 'Atza|forged'; } });
      const error = await failure(get('getOrders', '/orders/v0/orders', ordersQuery()));
      expect([error.failure, error.permanent, error.details.status]).toEqual(['auth', true, 403]);
      expect(asked).toBe(1);
    });
  });
});

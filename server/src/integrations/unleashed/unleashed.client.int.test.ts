import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../test/logs';
import { IntegrationError } from '../integration-error';
import { startFakeUnleashed } from './fake-unleashed.server';
import { PRODUCT_BOLT } from './fixtures/unleashed-account.fixture';
import { createUnleashedClient, type CallQuota } from './unleashed.client';
import { signUnleashedQuery } from './unleashed-signature';
import { API_ID, API_KEY, openUnleashedWorld, type UnleashedWorld } from './testing/unleashed-world';

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

const unlimited: CallQuota = { take: async () => undefined, markSpent: async () => undefined };

describe('Unleashed client against the fake Unleashed, on PostgreSQL', () => {
  let world: UnleashedWorld;
  const products = () => world.fake.requests.filter((r) => r.target.startsWith('/Products'));

  beforeAll(async () => {
    world = await openUnleashedWorld('unleashed-client');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('signs the query string with its percent-encoding, and the empty query string', async () => {
    const client = await world.client();
    const since = await client.page('StockOnHand', 1, { modifiedSince: '2026-01-04T08:01:00' }, 10);
    expect(world.fake.requests.at(-1)).toMatchObject({ target: '/StockOnHand/1?pageSize=10&modifiedSince=2026-01-04T08%3A01%3A00', status: 200 });
    expect(since.Items.map((i) => (i as { ProductCode: string }).ProductCode)).toEqual(['BOLT-M8', 'WHEEL-20', 'BIKE-20']);
    const all = await client.page('Products', 1);
    expect(world.fake.requests.at(-1)).toMatchObject({ target: '/Products/1', query: '', status: 200 });
    expect(all.Pagination).toEqual({ NumberOfItems: 5, PageSize: 200, PageNumber: 1, NumberOfPages: 1 });
  });

  it('the fake refuses a signature over the path or with the question mark, as Unleashed does', async () => {
    for (const signed of ['/Products/1?pageSize=1', '?pageSize=1']) {
      const res = await fetch(`${world.fake.url}/Products/1?pageSize=1`, {
        headers: { accept: 'application/json', 'content-type': 'application/json', 'client-type': 'test/app', 'api-auth-id': API_ID, 'api-auth-signature': signUnleashedQuery(signed, API_KEY) },
      });
      expect(res.status).toBe(403);
    }
  });

  it('a wrong API key is refused (403) and reported as an auth failure, without retrying', async () => {
    const before = world.fake.requests.length;
    const client = createUnleashedClient({ baseUrl: world.fake.url, apiId: API_ID, apiKey: 'not-the-key', quota: unlimited, log: silentLogger(), baseDelayMs: 1 });
    const error = await failure(client.page('Products', 1, {}, 5));
    expect(error).toMatchObject({ vendor: 'unleashed', failure: 'auth', permanent: true, details: { status: 403 } });
    expect(world.fake.requests.slice(before).map((r) => r.status)).toEqual([403]);
  });

  it('pages through /{endpoint}/{page} until NumberOfPages', async () => {
    const client = await world.client();
    const before = products().length;
    const pages = [];
    for await (const page of client.pages('Products', {}, 2)) pages.push(page.Items.map((i) => (i as { ProductCode: string }).ProductCode));
    expect(pages).toEqual([['BOLT-M8', 'FRAME-1'], ['WHEEL-20', 'BIKE-20'], ['FORK-20']]);
    expect(products().slice(before).map((r) => r.target)).toEqual(['/Products/1?pageSize=2', '/Products/2?pageSize=2', '/Products/3?pageSize=2']);
  });

  it('reads an empty list as one page of none', async () => {
    const client = await world.client();
    const pages = [];
    for await (const page of client.pages('SalesOrders', { modifiedSince: '2030-01-01T00:00:00' }, 50)) pages.push(page);
    expect(pages.map((p) => [p.Pagination.NumberOfPages, p.Items.length])).toEqual([[0, 0]]);
  });

  it('asks only for what changed since modifiedSince (inclusive)', async () => {
    const client = await world.client();
    const page = await client.page('Products', 1, { modifiedSince: '2026-01-03T10:02:00' }, 100);
    expect(page.Items.map((i) => (i as { ProductCode: string }).ProductCode)).toEqual(['WHEEL-20', 'BIKE-20', 'FORK-20']);
  });

  it('retries a 5xx with backoff and then succeeds; gives up as unavailable when it lasts', async () => {
    const client = await world.client();
    const before = world.fake.requests.length;
    world.fake.inject({ kind: 'status', status: 503 }, { times: 2 });
    const page = await client.page('Products', 1, {}, 5);
    expect(page.Items).toHaveLength(5);
    expect(world.fake.requests.slice(before).map((r) => r.status)).toEqual([503, 503, 200]);
    world.fake.inject({ kind: 'status', status: 502 }, { times: 3 });
    expect(await failure(client.page('Products', 1, {}, 5))).toMatchObject({ failure: 'unavailable', permanent: false, details: { status: 502 } });
  });

  it('retries a dropped connection and a 429 with or without Retry-After', async () => {
    const client = await world.client();
    const before = world.fake.requests.length;
    world.fake.inject({ kind: 'drop' });
    world.fake.inject({ kind: 'rate-limit' });
    expect((await client.page('Products', 1, {}, 5)).Items).toHaveLength(5);
    expect(world.fake.requests.slice(before).map((r) => r.status)).toEqual([0, 429, 200]);
    world.fake.inject({ kind: 'rate-limit', retryAfterSeconds: 0 });
    expect((await client.page('Products', 1, {}, 5)).Items).toHaveLength(5);
    // A Retry-After longer than a job should wait fails the call, saying how long to wait.
    world.fake.inject({ kind: 'rate-limit', retryAfterSeconds: 3_600 });
    expect(await failure(client.page('Products', 1, {}, 5))).toMatchObject({ failure: 'rate_limited', details: { status: 429, retryAfterMs: 3_600_000 } });
  });

  it('malformed JSON is a bad payload, not retried', async () => {
    const client = await world.client();
    const before = world.fake.requests.length;
    world.fake.inject({ kind: 'malformed' });
    expect(await failure(client.page('Products', 1, {}, 5))).toMatchObject({ failure: 'bad_payload', permanent: true });
    expect(world.fake.requests.slice(before).map((r) => r.status)).toEqual([200]);
  });

  it('an answer that is JSON but not a page is a bad payload too', async () => {
    const bare = await startFakeUnleashed({ apiId: API_ID, apiKey: API_KEY, data: { Products: [] } });
    try {
      bare.put('Products', { Guid: PRODUCT_BOLT, ProductCode: 'BOLT-M8', LastModifiedOn: '/Date(0)/' });
      const client = createUnleashedClient({ baseUrl: bare.url, apiId: API_ID, apiKey: API_KEY, quota: unlimited, log: silentLogger() });
      // The fake answers page 3 of 1 for a page past the end: not the page asked for.
      expect(await failure(client.page('Products', 3, {}, 5))).toMatchObject({ failure: 'bad_payload' });
      expect(await failure(client.page('NoSuchEndpoint', 1, {}, 5))).toMatchObject({ failure: 'bad_payload', details: { status: 404 } });
    } finally {
      await bare.close();
    }
  });
});

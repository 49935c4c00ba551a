import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGraphql } from './fake-shopify-graphql';
import { createOAuthState, handleAccessToken, handleAuthorize, type FakeOAuthApp, type FakeOAuthState } from './fake-shopify-oauth';
import { handleRest, type FakeReply } from './fake-shopify-rest';
import {
  buildOrder, createStoreState, takeRestSlot, type FakeClock, type FakeFault, type FakeOrder, type FakeOrderInput, type FakeStats,
  type FakeStoreOptions, type FakeStoreState,
} from './fake-shopify.state';

// A stand-in for Shopify's Admin API on loopback, for the adapter's contract tests and the demo
// mode: several stores, each at `<url>/stores/<shop>/admin/api/<version>/…` with its own access
// token, orders, locations and inventory, REST (Link pages, leaky bucket, 429 when full) and
// GraphQL (cursor pages, cost points, THROTTLED), and faults a test queues.

export type { FakeClock, FakeFault, FakeOrder, FakeOrderInput, FakeStats } from './fake-shopify.state';

export interface FakeShopifyStore {
  readonly shop: string;
  /** The token the store accepts now. */
  readonly accessToken: string;
  putOrder(input: FakeOrderInput): FakeOrder;
  putLocation(locationId: string): void;
  putInventory(level: { inventoryItemId: string; sku: string | null; locationId: string; available: number | null; updatedAt: string }): void;
  /** After `afterCalls` more calls go through, the next `times` calls meet `fault` instead of their answer. */
  fail(fault: FakeFault, times?: number, afterCalls?: number): void;
  /** Revokes the token (an uninstalled app, a rotated token): every call is refused until the new one is used. */
  expireToken(): string;
  stats(): FakeStats;
}

export interface FakeShopify {
  url: string;
  /** What a store's `settings.baseUrl` is set to. */
  baseUrlFor(shop: string): string;
  store(shop: string): FakeShopifyStore;
  addStore(options: FakeStoreOptions): FakeShopifyStore;
  /** The OAuth install (`<store>/admin/oauth/…`): set `app` to accept installs of that app; codes and token calls. */
  oauth: FakeOAuthState;
  installApp(app: FakeOAuthApp): void;
  close(): Promise<void>;
}

const OAUTH_PATH = /^\/stores\/([^/]+)\/admin\/oauth\/(authorize|access_token)$/;
const PATH = /^\/stores\/([^/]+)\/admin\/api\/(\d{4}-\d{2})\/(.+)$/;
const UNAUTHORIZED = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

export async function startFakeShopify(options: { clock?: FakeClock; stores?: FakeStoreOptions[] } = {}): Promise<FakeShopify> {
  const clock = options.clock ?? { now: () => Date.now() };
  const stores = new Map<string, FakeStoreState>();
  const oauth = createOAuthState();

  async function handle(request: IncomingMessage): Promise<FakeReply> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const install = OAUTH_PATH.exec(url.pathname);
    if (install) {
      const store = stores.get(decodeURIComponent(install[1] as string));
      if (!store) return { status: 404, body: { errors: 'Not Found' } };
      if (install[2] === 'authorize' && request.method === 'GET') return handleAuthorize(oauth, store, url.searchParams, clock.now());
      if (install[2] === 'access_token' && request.method === 'POST') return handleAccessToken(oauth, store, await readBody(request));
      return { status: 405, body: { errors: 'Method Not Allowed' } };
    }
    const match = PATH.exec(url.pathname);
    const store = match ? stores.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!match || !store) return { status: 404, body: { errors: 'Not Found' } };
    const endpoint = match[3] as string;
    const raw = await readBody(request);
    if (request.headers['x-shopify-access-token'] !== store.accessToken) {
      store.stats.unauthorized += 1;
      return { status: 401, body: UNAUTHORIZED };
    }
    store.stats.paths.push(endpoint);
    const fault = store.faults.shift();
    if (fault?.kind === 'status') return { status: fault.status, headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}, body: { errors: fault.status === 429 ? 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' : 'Internal Server Error' } };
    if (fault?.kind === 'malformed') return { status: 200, body: '{"orders": [{"id": 1, "name": ' };
    if (endpoint === 'graphql.json' && request.method === 'POST') {
      store.stats.graphql += 1;
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return { status: 400, body: { errors: [{ message: 'Body is not JSON' }] } };
      }
      return handleGraphql(store, body, clock.now(), fault?.kind === 'throttled');
    }
    if (request.method !== 'GET') return { status: 405, body: { errors: 'Method Not Allowed' } };
    store.stats.rest += 1;
    const limit = () => `${Math.ceil(store.rest.level)}/${store.rest.capacity}`;
    if (!takeRestSlot(store, clock.now())) {
      store.stats.rest429 += 1;
      return { status: 429, headers: { 'retry-after': '1.0', 'x-shopify-shop-api-call-limit': limit() }, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } };
    }
    const reply = handleRest(store, endpoint, url.searchParams, `http://${request.headers.host}/stores/${store.shop}/admin/api/${match[2]}/`);
    return { ...reply, headers: { ...reply.headers, 'x-shopify-shop-api-call-limit': limit() } };
  }

  const server = createServer((request, response) => {
    handle(request).then((reply) => send(response, reply), (error: Error) => send(response, { status: 500, body: { errors: error.message } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function handleFor(state: FakeStoreState): FakeShopifyStore {
    return {
      shop: state.shop,
      get accessToken() { return state.accessToken; },
      putOrder(input) {
        const order = buildOrder(input);
        state.orders.set(String(order.id), order);
        return order;
      },
      putLocation(locationId) {
        if (!state.locations.includes(locationId)) state.locations.push(locationId);
      },
      putInventory(level) {
        if (!state.locations.includes(level.locationId)) state.locations.push(level.locationId);
        state.items.set(level.inventoryItemId, level.sku);
        state.levels.set(`${level.inventoryItemId}:${level.locationId}`, { available: level.available, updatedAt: level.updatedAt });
      },
      fail(fault, times = 1, afterCalls = 0) {
        for (let i = 0; i < afterCalls; i += 1) state.faults.push(null);
        for (let i = 0; i < times; i += 1) state.faults.push(fault);
      },
      expireToken() {
        state.accessToken = `shpat_${randomBytes(16).toString('hex')}`;
        return state.accessToken;
      },
      stats: () => state.stats,
    };
  }

  const fake: FakeShopify = {
    url,
    baseUrlFor: (shop) => `${url}/stores/${shop}`,
    store(shop) {
      const state = stores.get(shop);
      if (!state) throw new Error(`the fake Shopify has no store ${shop}`);
      return handleFor(state);
    },
    addStore(storeOptions) {
      const state = createStoreState(storeOptions, clock);
      stores.set(state.shop, state);
      return handleFor(state);
    },
    oauth,
    installApp(app) {
      oauth.app = app;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
  for (const store of options.stores ?? []) fake.addStore(store);
  return fake;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: FakeReply): void {
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  response.end(body);
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './amazon-clock';
import { answerSpApi, answerToken } from './fake-amazon.handlers';
import { FakeAmazonState, spErrors, type FakeAnswer, type FakeFault, type FakeOperation, type FakeTarget, type Plan } from './fake-amazon.state';
import type { SpApiInventorySummary, SpApiOrder } from './sp-api.schemas';

export type { FakeFault, FakeOperation, FakeTarget } from './fake-amazon.state';

/**
 * A stand-in for Amazon on loopback (127.0.0.1, a free port): Login with Amazon's token endpoint
 * and the SP-API Orders v0 and FBA Inventory v1 operations, enforcing the documented auth,
 * validation, pagination and per-operation usage plans, with faults on demand. Used by the
 * contract tests and by the demo; point `AMAZON_LWA_TOKEN_URL` at `tokenUrl` and an integration's
 * `settings.endpoint` at `url`.
 */
export interface FakeAmazon {
  /** The SP-API base URL (an integration's `settings.endpoint`). */
  url: string;
  /** Login with Amazon's token endpoint. */
  tokenUrl: string;
  /** The app's credentials the token endpoint accepts. */
  clientId: string;
  clientSecret: string;
  /** A seller that authorised the app: its id and the refresh token it was given. */
  addSeller(options?: { sellerId?: string; refreshToken?: string }): { sellerId: string; refreshToken: string };
  /** The seller withdrew the app's authorisation: the token exchange answers invalid_grant. */
  revokeRefreshToken(refreshToken: string): void;
  /** Adds or replaces orders (by AmazonOrderId); `MarketplaceId` says where each was placed. */
  putOrders(sellerId: string, orders: SpApiOrder[]): void;
  /** Replaces a marketplace's FBA inventory summaries. */
  putInventory(sellerId: string, marketplaceId: string, summaries: SpApiInventorySummary[]): void;
  /** The next `times` requests to `target` go wrong this way (after the access token and usage plan checks). */
  fail(target: FakeTarget, fault: FakeFault, times?: number): void;
  /** Changes an operation's usage plan (refilled from now on). */
  setPlan(operation: FakeOperation, plan: Plan): void;
  /** Whether answers carry `x-amzn-RateLimit-Limit` (Amazon sends it "when available"). */
  setRateLimitHeader(enabled: boolean): void;
  setInventoryPageSize(size: number): void;
  stats(): { tokenExchanges: number; requests: Record<FakeOperation, number>; throttled: Record<FakeOperation, number> };
  close(): Promise<void>;
}

export interface FakeAmazonOptions {
  clientId?: string;
  clientSecret?: string;
  /** Whose time tokens expire and buckets refill on; share a virtual clock with the client in tests. */
  clock?: Clock;
  /** Access tokens' lifetime (Amazon: 3600). */
  expiresInSeconds?: number;
}

const ROUTES: Record<string, FakeOperation> = { '/orders/v0/orders': 'getOrders', '/fba/inventory/v1/summaries': 'getInventorySummaries' };

export async function startFakeAmazon(options: FakeAmazonOptions = {}): Promise<FakeAmazon> {
  const clientId = options.clientId ?? 'amzn1.application-oa2-client.fake';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const state = new FakeAmazonState(options.clock ?? systemClock, { clientId, clientSecret, expiresInSeconds: options.expiresInSeconds ?? 3600 });

  const server = createServer((request, response) => {
    void answer(state, request).then((result) => {
      response.writeHead(result.status, { ...result.headers, 'x-amzn-RequestId': randomUUID() }).end(result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    tokenUrl: `${url}/auth/o2/token`,
    clientId,
    clientSecret,
    addSeller: (seller) => state.addSeller(seller),
    revokeRefreshToken: (token) => { state.refreshTokens.delete(token); },
    putOrders(sellerId, orders) {
      const seller = state.seller(sellerId);
      for (const order of orders) seller.orders.set(order.AmazonOrderId, structuredClone(order));
    },
    putInventory(sellerId, marketplaceId, summaries) {
      state.seller(sellerId).inventory.set(marketplaceId, structuredClone(summaries));
    },
    fail(target, fault, times = 1) {
      for (let i = 0; i < times; i += 1) state.faults[target].push(fault);
    },
    setPlan(operation, plan) {
      state.plans[operation] = plan;
    },
    setRateLimitHeader(enabled) {
      state.rateLimitHeader = enabled;
    },
    setInventoryPageSize(size) {
      state.inventoryPageSize = size;
    },
    stats: () => structuredClone(state.counts),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

async function answer(state: FakeAmazonState, request: IncomingMessage): Promise<FakeAnswer> {
  const url = new URL(request.url ?? '/', 'http://fake-amazon');
  if (request.method === 'POST' && url.pathname === '/auth/o2/token') {
    return answerToken(state, String(request.headers['content-type'] ?? ''), await readBody(request));
  }
  const operation = ROUTES[url.pathname];
  if (request.method !== 'GET' || !operation) return spErrors(404, 'NotFound', `No operation at ${request.method} ${url.pathname}.`);
  const token = request.headers['x-amz-access-token'];
  return answerSpApi(state, operation, url.searchParams, Array.isArray(token) ? token[0] : token);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

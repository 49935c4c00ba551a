import type { FakeReply } from './fake-shopify-rest';
import { decodeCursor, encodeCursor, levelsAt, ordersByUpdate, spendPoints, type FakeOrder, type FakeStoreState } from './fake-shopify.state';

// Enough of the GraphQL Admin API for the adapter's queries: `orders` (search on updated_at,
// sorted by UPDATED_AT), `order.lineItems`, `locations`, `location.inventoryLevels` and
// `nodes(ids:)` for inventory items. Costs follow Shopify's rule (an object 1, a connection 2 +
// first × its nodes); `first` above 250 and a query above 1,000 points are refused; a query
// costing more than the bucket holds answers THROTTLED with the throttle status.

const MAX_FIRST = 250;
const MAX_COST = 1_000;

type Vars = Record<string, unknown>;
interface Connection { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

export function handleGraphql(store: FakeStoreState, body: unknown, now: number, forceThrottle: boolean): FakeReply {
  const { query, variables = {} } = (body ?? {}) as { query?: unknown; variables?: Vars };
  if (typeof query !== 'string') return { status: 400, body: { errors: [{ message: 'Parameter "query" is required' }] } };
  const operation = operationOf(query, variables);
  if ('error' in operation) return { status: 200, body: { errors: [{ message: operation.error, extensions: { code: 'argumentLiteralsIncompatible' } }] } };
  if (operation.cost > MAX_COST) {
    return { status: 200, body: { errors: [{ message: `Query cost is ${operation.cost}, which exceeds the single query max cost limit (${MAX_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: operation.cost, maxCost: MAX_COST } }] } };
  }
  if (forceThrottle) store.graphql.available = 0;
  const fits = spendPoints(store, now, operation.cost);
  const throttleStatus = { maximumAvailable: store.graphql.maximumAvailable, currentlyAvailable: Math.floor(store.graphql.available), restoreRate: store.graphql.restoreRate };
  if (!fits) {
    store.stats.throttled += 1;
    return { status: 200, body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: { cost: { requestedQueryCost: operation.cost, actualQueryCost: null, throttleStatus } } } };
  }
  return { status: 200, body: { data: operation.run(store), extensions: { cost: { requestedQueryCost: operation.cost, actualQueryCost: operation.cost, throttleStatus } } } };
}

type Operation = { cost: number; run(store: FakeStoreState): Record<string, unknown> } | { error: string };

function operationOf(query: string, v: Vars): Operation {
  const first = Number(v.first ?? 0);
  if (/\bnodes\s*\(\s*ids\s*:/.test(query)) {
    const ids = Array.isArray(v.ids) ? v.ids.map(String) : [];
    return { cost: Math.max(1, ids.length), run: (s) => ({ nodes: ids.map((gid) => inventoryItemNode(s, gid)) }) };
  }
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) return { error: `first must be between 1 and ${MAX_FIRST} (got ${String(v.first)})` };
  const after = typeof v.after === 'string' ? v.after : null;
  if (/\borders\s*\(/.test(query)) {
    const lineFirst = Number(v.lineFirst ?? 0);
    if (!Number.isInteger(lineFirst) || lineFirst < 1 || lineFirst > MAX_FIRST) return { error: `lineItems first must be between 1 and ${MAX_FIRST}` };
    const since = typeof v.query === 'string' ? /updated_at:>=?'([^']+)'/.exec(v.query)?.[1] ?? null : null;
    return { cost: 2 + first * (3 + lineFirst), run: (s) => ({ orders: page(ordersByUpdate(s, since), first, after, (o) => orderNode(o, lineFirst)) }) };
  }
  if (/\border\s*\(/.test(query)) {
    return {
      cost: 3 + first,
      run: (s) => {
        const order = s.orders.get(idOf(v.id, 'Order') ?? '');
        return { order: order ? { lineItems: page(order.line_items, first, after, (line) => lineNode(line, order.currency)) } : null };
      },
    };
  }
  if (/\blocations\s*\(/.test(query)) {
    return { cost: 2 + first, run: (s) => ({ locations: page(s.locations, first, after, (id) => ({ id: `gid://shopify/Location/${id}`, legacyResourceId: id })) }) };
  }
  if (/\blocation\s*\(/.test(query)) {
    return {
      cost: 3 + first * 2,
      run: (s) => {
        const locationId = idOf(v.id, 'Location');
        if (!locationId || !s.locations.includes(locationId)) return { location: null };
        return {
          location: {
            inventoryLevels: page(levelsAt(s, locationId), first, after, ({ itemId, level }) => ({
              updatedAt: new Date(level.updatedAt).toISOString(),
              item: { legacyResourceId: itemId, sku: s.items.get(itemId) ?? '' },
              quantities: [{ name: 'available', quantity: level.available ?? 0 }],
            })),
          },
        };
      },
    };
  }
  return { error: 'This fake serves orders, order, locations, location and nodes(ids:) only' };
}

function page<T>(all: T[], first: number, after: string | null, node: (item: T) => unknown): Connection {
  const start = after ? (decodeCursor<{ offset: number }>(after)?.offset ?? 0) : 0;
  const slice = all.slice(start, start + first);
  const end = start + slice.length;
  return { nodes: slice.map(node), pageInfo: { hasNextPage: end < all.length, endCursor: slice.length > 0 ? encodeCursor({ offset: end }) : null } };
}

function orderNode(order: FakeOrder, lineFirst: number): Record<string, unknown> {
  const fulfillment = order.fulfillment_status === 'partial' ? 'PARTIALLY_FULFILLED' : (order.fulfillment_status ?? 'unfulfilled').toUpperCase();
  return {
    id: order.admin_graphql_api_id,
    legacyResourceId: String(order.id),
    name: order.name,
    createdAt: utc(order.created_at),
    updatedAt: utc(order.updated_at),
    cancelledAt: order.cancelled_at ? utc(order.cancelled_at) : null,
    currencyCode: order.currency,
    totalPriceSet: { shopMoney: { amount: order.total_price, currencyCode: order.currency } },
    displayFinancialStatus: order.financial_status?.toUpperCase() ?? null,
    displayFulfillmentStatus: fulfillment,
    lineItems: page(order.line_items, lineFirst, null, (line) => lineNode(line, order.currency)),
  };
}

function lineNode(line: FakeOrder['line_items'][number], currency: string): Record<string, unknown> {
  return { id: line.admin_graphql_api_id, sku: line.sku, quantity: line.quantity, originalUnitPriceSet: { shopMoney: { amount: line.price, currencyCode: currency } } };
}

function inventoryItemNode(store: FakeStoreState, gid: string): Record<string, unknown> | null {
  const id = idOf(gid, 'InventoryItem');
  return id && store.items.has(id) ? { legacyResourceId: id, sku: store.items.get(id) ?? '' } : null;
}

function idOf(gid: unknown, type: string): string | null {
  return typeof gid === 'string' ? (new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid)?.[1] ?? null) : null;
}

// GraphQL's DateTime is UTC with seconds.
function utc(timestamp: string): string {
  return new Date(timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

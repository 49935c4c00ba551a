import { randomBytes } from 'node:crypto';
import { currencyExponent, moneyToMinor } from './shopify-money';

// The fake Shopify's world: stores with their tokens, orders, locations and inventory, the two
// rate-limit buckets per store, faults queued by tests, and what was asked of it. Everything
// moves by an injectable clock, so a test can let "minutes" pass without waiting.

export interface FakeClock {
  now(): number;
}

/** An order as the REST API and `orders/*` webhooks carry it (money in strings). */
export interface FakeOrder {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  currency: string;
  total_price: string;
  financial_status: string | null;
  fulfillment_status: string | null;
  line_items: { id: number; admin_graphql_api_id: string; sku: string | null; quantity: number; price: string; title: string }[];
}

export interface FakeOrderInput {
  id: number;
  updatedAt: string;
  createdAt?: string;
  name?: string;
  currency?: string;
  totalPrice?: string;
  financialStatus?: string | null;
  fulfillmentStatus?: string | null;
  cancelledAt?: string | null;
  lines?: { id?: number; sku: string | null; quantity: number; price: string }[];
}

/** A failure the next request(s) to a store meet instead of their answer. */
export type FakeFault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'malformed' }
  | { kind: 'throttled' };

export interface FakeLevel { available: number | null; updatedAt: string }

export interface FakeStoreState {
  shop: string;
  accessToken: string;
  orders: Map<string, FakeOrder>;
  locations: string[];
  /** Inventory item id → its SKU. */
  items: Map<string, string | null>;
  /** `${itemId}:${locationId}` → level. */
  levels: Map<string, FakeLevel>;
  rest: { level: number; at: number; capacity: number; leakPerSecond: number };
  graphql: { available: number; at: number; maximumAvailable: number; restoreRate: number };
  /** Met in order by the next calls; null lets a call through. */
  faults: (FakeFault | null)[];
  stats: FakeStats;
}

export interface FakeStats {
  rest: number;
  graphql: number;
  /** REST calls refused because the bucket was full. */
  rest429: number;
  /** GraphQL queries answered THROTTLED. */
  throttled: number;
  /** Calls refused for a wrong or missing token. */
  unauthorized: number;
  /** Paths asked, in order (no query strings). */
  paths: string[];
}

export interface FakeStoreOptions {
  shop: string;
  accessToken?: string;
  /** REST leak rate: 2/s standard, 4/s Advanced, 20/s Plus. */
  leakPerSecond?: number;
  /** GraphQL points restored per second (100 standard). */
  restoreRate?: number;
  maximumAvailable?: number;
}

export function createStoreState(options: FakeStoreOptions, clock: FakeClock): FakeStoreState {
  return {
    shop: options.shop,
    accessToken: options.accessToken ?? `shpat_${randomBytes(16).toString('hex')}`,
    orders: new Map(),
    locations: [],
    items: new Map(),
    levels: new Map(),
    rest: { level: 0, at: clock.now(), capacity: 40, leakPerSecond: options.leakPerSecond ?? 2 },
    graphql: { available: options.maximumAvailable ?? 2_000, at: clock.now(), maximumAvailable: options.maximumAvailable ?? 2_000, restoreRate: options.restoreRate ?? 100 },
    faults: [],
    stats: { rest: 0, graphql: 0, rest429: 0, throttled: 0, unauthorized: 0, paths: [] },
  };
}

/** An order in Shopify's REST shape; the total defaults to the sum of the lines. */
export function buildOrder(input: FakeOrderInput): FakeOrder {
  const lines = (input.lines ?? []).map((line, i) => {
    const id = line.id ?? input.id * 100 + i + 1;
    return { id, admin_graphql_api_id: `gid://shopify/LineItem/${id}`, sku: line.sku, quantity: line.quantity, price: line.price, title: line.sku ?? 'Custom item' };
  });
  const currency = input.currency ?? 'EUR';
  const total = lines.reduce((sum, l) => sum + moneyToMinor(l.price, currency) * BigInt(l.quantity), 0n);
  return {
    id: input.id,
    admin_graphql_api_id: `gid://shopify/Order/${input.id}`,
    name: input.name ?? `#${input.id}`,
    created_at: input.createdAt ?? input.updatedAt,
    updated_at: input.updatedAt,
    cancelled_at: input.cancelledAt ?? null,
    currency,
    total_price: input.totalPrice ?? formatMinor(total, currency),
    financial_status: input.financialStatus === undefined ? 'paid' : input.financialStatus,
    fulfillment_status: input.fulfillmentStatus ?? null,
    line_items: lines,
  };
}

function formatMinor(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Leaks the REST bucket up to now; true when one more call fits. */
export function takeRestSlot(store: FakeStoreState, now: number): boolean {
  const bucket = store.rest;
  bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1_000) * bucket.leakPerSecond);
  bucket.at = now;
  if (bucket.level + 1 > bucket.capacity) return false;
  bucket.level += 1;
  return true;
}

/** Restores GraphQL points up to now; true (and the points spent) when `cost` is available. */
export function spendPoints(store: FakeStoreState, now: number, cost: number): boolean {
  const bucket = store.graphql;
  bucket.available = Math.min(bucket.maximumAvailable, bucket.available + ((now - bucket.at) / 1_000) * bucket.restoreRate);
  bucket.at = now;
  if (bucket.available < cost) return false;
  bucket.available -= cost;
  return true;
}

/** Sorted for keyset pages: oldest change first, then by id. */
export function ordersByUpdate(store: FakeStoreState, updatedAtMin: string | null): FakeOrder[] {
  const min = updatedAtMin ? Date.parse(updatedAtMin) : Number.NEGATIVE_INFINITY;
  return [...store.orders.values()]
    .filter((o) => Date.parse(o.updated_at) >= min)
    .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || a.id - b.id);
}

/** Every level of one location, by item id. */
export function levelsAt(store: FakeStoreState, locationId: string): { itemId: string; level: FakeLevel }[] {
  return [...store.levels.entries()]
    .filter(([key]) => key.endsWith(`:${locationId}`))
    .map(([key, level]) => ({ itemId: key.slice(0, key.indexOf(':')), level }))
    .sort((a, b) => Number(a.itemId) - Number(b.itemId));
}

/** Opaque page cursors, as both APIs hand them out: base64url JSON of where the page ended. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string): T | null {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

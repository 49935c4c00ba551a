import { randomBytes } from 'node:crypto';
import type { Clock } from './amazon-clock';
import type { SpApiInventorySummary, SpApiOrder } from './sp-api.schemas';

// The state behind the fake Amazon (fake-amazon.server.ts): sellers and their tokens, orders and
// FBA inventory, Amazon's token buckets per operation, and faults a test or the demo injects.

export type FakeOperation = 'getOrders' | 'getInventorySummaries';
export type FakeTarget = FakeOperation | 'token';

/** Something to go wrong on the next request(s) of one target. */
export type FakeFault = (
  | { kind: 'status'; status: number }
  | { kind: 'malformed' }
  | { kind: 'throttle'; limitHeader: boolean }
  /** The access token the request carries is treated as expired. */
  | { kind: 'expire-access-token' }
  /** The nextToken the request carries has outlived its 30 s (implies `onNextPage`). */
  | { kind: 'expire-next-token' }
) & {
  /** Waits for a request for a second or later page (one carrying NextToken / nextToken). */
  onNextPage?: boolean;
};

export interface Plan { rate: number; burst: number }

export interface FakeAnswer { status: number; headers?: Record<string, string>; body: string }

export const FAKE_PLANS: Record<FakeOperation, Plan> = { getOrders: { rate: 0.0167, burst: 20 }, getInventorySummaries: { rate: 2, burst: 2 } };
export const NEXT_TOKEN_TTL_MS = 30_000;
export const BEFORE_MIN_AGE_MS = 120_000;

interface Bucket { tokens: number; at: number }
interface Seller { sellerId: string; orders: Map<string, SpApiOrder>; inventory: Map<string, SpApiInventorySummary[]> }
export interface OrdersCursor { orders: SpApiOrder[]; offset: number; pageSize: number; field: 'LastUpdatedBefore' | 'CreatedBefore'; before: string }
export interface InventoryCursor { summaries: SpApiInventorySummary[]; offset: number; issuedAt: number; marketplaceId: string; details: boolean }

export class FakeAmazonState {
  readonly sellers = new Map<string, Seller>();
  /** refresh token → seller id (revoked tokens are removed). */
  readonly refreshTokens = new Map<string, string>();
  readonly accessTokens = new Map<string, { sellerId: string; expiresAt: number }>();
  readonly ordersCursors = new Map<string, OrdersCursor>();
  readonly inventoryCursors = new Map<string, InventoryCursor>();
  readonly plans: Record<FakeOperation, Plan> = { ...FAKE_PLANS };
  readonly buckets = new Map<string, Bucket>();
  readonly faults: Record<FakeTarget, FakeFault[]> = { token: [], getOrders: [], getInventorySummaries: [] };
  rateLimitHeader = true;
  /** FBA summaries per page (Amazon serves 50). */
  inventoryPageSize = 50;
  readonly counts = { tokenExchanges: 0, requests: { getOrders: 0, getInventorySummaries: 0 }, throttled: { getOrders: 0, getInventorySummaries: 0 } };

  constructor(readonly clock: Clock, readonly app: { clientId: string; clientSecret: string; expiresInSeconds: number }) {}

  addSeller(options: { sellerId?: string; refreshToken?: string } = {}): { sellerId: string; refreshToken: string } {
    const sellerId = options.sellerId ?? `A${randomBytes(6).toString('hex').toUpperCase()}`;
    const refreshToken = options.refreshToken ?? `Atzr|${randomBytes(24).toString('base64url')}`;
    if (!this.sellers.has(sellerId)) this.sellers.set(sellerId, { sellerId, orders: new Map(), inventory: new Map() });
    this.refreshTokens.set(refreshToken, sellerId);
    return { sellerId, refreshToken };
  }

  seller(sellerId: string): Seller {
    const seller = this.sellers.get(sellerId);
    if (!seller) throw new Error(`the fake Amazon has no seller ${sellerId}`);
    return seller;
  }

  issueAccessToken(sellerId: string): string {
    const token = `Atza|${randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(token, { sellerId, expiresAt: this.clock.now() + this.app.expiresInSeconds * 1000 });
    return token;
  }

  /** The next injected fault of `target`, if any and if it applies to this request (each is used once). */
  takeFault(target: FakeTarget, applies: (fault: FakeFault) => boolean = () => true): FakeFault | undefined {
    const next = this.faults[target][0];
    return next && applies(next) ? this.faults[target].shift() : undefined;
  }

  /** Amazon's usage plan for one seller and operation: false when the bucket is empty (429). */
  takeToken(sellerId: string, operation: FakeOperation): boolean {
    const plan = this.plans[operation];
    const key = `${sellerId}:${operation}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: plan.burst, at: now };
    bucket.tokens = Math.min(plan.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * plan.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  newCursorToken(): string {
    return randomBytes(18).toString('base64url');
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** SP-API's error document. */
export function spErrors(status: number, code: string, message: string, details = '', headers: Record<string, string> = {}): FakeAnswer {
  return json(status, { errors: [{ code, message, details }] }, headers);
}

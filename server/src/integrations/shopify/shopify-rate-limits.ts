// Shopify's two rate limits, as plain arithmetic the clients and their tests share:
// - REST: a leaky bucket per store (40 requests, leaking 2/s on standard plans), reported after
//   each call as `X-Shopify-Shop-Api-Call-Limit: used/40`; a full bucket answers 429.
// - GraphQL: a bucket of cost points (`extensions.cost.throttleStatus`) refilled at `restoreRate`
//   per second; a query costing more than what is available answers THROTTLED.

export interface RestBucketReading {
  used: number;
  capacity: number;
  /** When the reading was taken (ms, the client's clock). */
  at: number;
}

/** `"32/40"` → { used: 32, capacity: 40 }; null when absent or unreadable. */
export function parseCallLimit(header: string | null, at: number): RestBucketReading | null {
  const match = header ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(header) : null;
  if (!match) return null;
  const used = Number(match[1]);
  const capacity = Number(match[2]);
  return capacity > 0 ? { used, capacity, at } : null;
}

/**
 * How long to wait before the next REST call so the bucket keeps `reserve` free slots after it:
 * other apps and jobs of the same store share the bucket, and a 429 is a wasted round trip.
 */
export function restDelayMs(reading: RestBucketReading | null, now: number, leakPerSecond: number, reserve = 2): number {
  if (!reading) return 0;
  const level = Math.max(0, reading.used - ((now - reading.at) / 1_000) * leakPerSecond);
  const ceiling = Math.max(1, reading.capacity - reserve);
  const over = level + 1 - ceiling;
  return over <= 0 ? 0 : Math.ceil((over / leakPerSecond) * 1_000);
}

export interface CostReading {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
  at: number;
}

/** How long until `cost` points are available, given the last throttle status. */
export function costDelayMs(reading: CostReading | null, now: number, cost: number): number {
  if (!reading || reading.restoreRate <= 0) return 0;
  const available = Math.min(reading.maximumAvailable, reading.currentlyAvailable + ((now - reading.at) / 1_000) * reading.restoreRate);
  const needed = Math.min(cost, reading.maximumAvailable) - available;
  return needed <= 0 ? 0 : Math.ceil((needed / reading.restoreRate) * 1_000);
}

/**
 * `Retry-After` in ms: seconds (Shopify sends "2.0"; fractions allowed) or an HTTP date; null
 * when absent or unreadable, so the caller backs off on its own.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1_000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential backoff: base, 2×base, 4×base…, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs = 32_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

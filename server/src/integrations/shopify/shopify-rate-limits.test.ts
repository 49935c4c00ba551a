import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, costDelayMs, parseCallLimit, restDelayMs, retryAfterMs } from './shopify-rate-limits';

describe('REST leaky bucket', () => {
  it('reads the call-limit header', () => {
    expect(parseCallLimit('32/40', 5)).toEqual({ used: 32, capacity: 40, at: 5 });
    expect(parseCallLimit(' 1 / 80 ', 0)).toEqual({ used: 1, capacity: 80, at: 0 });
    expect(parseCallLimit(null, 0)).toBeNull();
    expect(parseCallLimit('lots', 0)).toBeNull();
    expect(parseCallLimit('3/0', 0)).toBeNull();
  });

  it('goes at once while there is room, and waits for the leak when the bucket nears full', () => {
    expect(restDelayMs(null, 0, 2)).toBe(0);
    expect(restDelayMs({ used: 36, capacity: 40, at: 0 }, 0, 2)).toBe(0);
    // 38 used, 2 kept in reserve: the next call waits for one slot to leak (500 ms at 2/s).
    expect(restDelayMs({ used: 38, capacity: 40, at: 0 }, 0, 2)).toBe(500);
    expect(restDelayMs({ used: 40, capacity: 40, at: 0 }, 0, 2)).toBe(1_500);
    expect(restDelayMs({ used: 40, capacity: 40, at: 0 }, 1_500, 2)).toBe(0);
    expect(restDelayMs({ used: 40, capacity: 40, at: 0 }, 0, 20)).toBe(150);
  });

  it('never lets a lone client fill the bucket, whatever the pace of its calls', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(2, 4, 20), (gaps, leak) => {
      // A model of the vendor's bucket, driven by a client that obeys restDelayMs.
      let now = 0;
      let level = 0;
      let leakedAt = 0;
      let reading: { used: number; capacity: number; at: number } | null = null;
      for (const gap of gaps) {
        now += gap;
        now += restDelayMs(reading, now, leak);
        level = Math.max(0, level - ((now - leakedAt) / 1_000) * leak);
        leakedAt = now;
        expect(level + 1).toBeLessThanOrEqual(40);
        level += 1;
        reading = { used: Math.ceil(level), capacity: 40, at: now };
      }
    }));
  });
});

describe('GraphQL cost', () => {
  const status = { maximumAvailable: 1_000, currentlyAvailable: 100, restoreRate: 50, at: 0 };

  it('waits until the query cost has been restored', () => {
    expect(costDelayMs(null, 0, 500)).toBe(0);
    expect(costDelayMs(status, 0, 100)).toBe(0);
    expect(costDelayMs(status, 0, 350)).toBe(5_000);
    expect(costDelayMs(status, 2_000, 350)).toBe(3_000);
    // A query dearer than the whole bucket waits only for a full bucket.
    expect(costDelayMs(status, 0, 5_000)).toBe(18_000);
  });
});

describe('Retry-After and backoff', () => {
  it('reads seconds, fractions and dates', () => {
    expect(retryAfterMs('2.0', 0)).toBe(2_000);
    expect(retryAfterMs('0.25', 0)).toBe(250);
    expect(retryAfterMs('7', 0)).toBe(7_000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4_000)).toBe(6_000);
    expect(retryAfterMs(null, 0)).toBeNull();
    expect(retryAfterMs('soon', 0)).toBeNull();
  });

  it('doubles up to a cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 500))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(backoffMs(20, 500)).toBe(32_000);
  });
});

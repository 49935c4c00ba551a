import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket';

// Amazon's side of a usage plan: a request is served only when a whole token is there.
function vendorBucket(rate: number, burst: number, start: number) {
  let tokens = burst;
  let at = start;
  return (now: number): boolean => {
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * rate);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

const plan = fc.record({ rate: fc.double({ min: 0.01, max: 20, noNaN: true }), burst: fc.integer({ min: 1, max: 30 }) });

describe('token bucket', () => {
  it('sends the burst at once, then one request per 1/rate seconds', () => {
    const bucket = createTokenBucket({ rate: 2, burst: 2, now: 0 });
    expect([bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0]);
    const wait = bucket.reserve(0);
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThan(600);
  });

  it('never sends a request the vendor bucket would refuse, whatever the gaps between callers', () => {
    fc.assert(fc.property(plan, fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 }), ({ rate, burst }, gaps) => {
      const client = createTokenBucket({ rate, burst, now: 0 });
      const vendor = vendorBucket(rate, burst, 0);
      let now = 0;
      for (const gap of gaps) {
        now += gap;
        now += client.reserve(now);
        expect(vendor(now)).toBe(true);
      }
    }));
  });

  it('once told a slower rate, keeps to it from then on', () => {
    fc.assert(fc.property(plan, fc.double({ min: 0.01, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100 }), ({ rate, burst }, factor, requests) => {
      const slower = rate * factor;
      const client = createTokenBucket({ rate, burst, now: 0 });
      // The vendor was on the slower plan all along; its bucket is full, ours too.
      const vendor = vendorBucket(slower, burst, 0);
      client.setRate(slower, 0);
      let now = 0;
      for (let i = 0; i < requests; i += 1) {
        now += client.reserve(now);
        expect(vendor(now)).toBe(true);
      }
    }));
  });

  it('after a 429 waits a full token interval before the next request', () => {
    const bucket = createTokenBucket({ rate: 0.5, burst: 5, now: 0 });
    bucket.drain(0);
    expect(bucket.reserve(0)).toBeGreaterThanOrEqual(2_000);
  });

  it('queues concurrent callers one interval apart instead of waking them together', () => {
    const bucket = createTokenBucket({ rate: 1, burst: 1, now: 0 });
    const waits = [bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)];
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThanOrEqual(1_000);
    expect(waits[2]! - waits[1]!).toBeGreaterThanOrEqual(1_000);
    expect(waits[2]! - waits[1]!).toBeLessThan(1_010);
  });

  it('ignores a nonsensical rate header', () => {
    const bucket = createTokenBucket({ rate: 2, burst: 2, now: 0 });
    bucket.setRate(Number.NaN, 0);
    bucket.setRate(0, 0);
    bucket.setRate(-1, 0);
    expect(bucket.rate).toBe(2);
  });
});

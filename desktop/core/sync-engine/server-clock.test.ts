import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createServerClock, estimateOffset, offsetBounds, type OffsetBounds } from './server-clock';

/** What a server whose clock is `offset` ms ahead of the device writes in `date` when it answers at local `at`. */
const dateHeader = (at: number, offset: number) => new Date(at + offset).toUTCString();

// A request leaving at local `sent`, answered `serverAfter` ms later, the answer arriving `back` ms after that.
const exchange = fc.record({ sent: fc.integer({ min: 1.7e12, max: 1.8e12 }), serverAfter: fc.integer({ min: 0, max: 300 }), back: fc.integer({ min: 0, max: 300 }) });

function observe(offset: number, e: { sent: number; serverAfter: number; back: number }): OffsetBounds {
  const bounds = offsetBounds(dateHeader(e.sent + e.serverAfter, offset), e.sent, e.sent + e.serverAfter + e.back);
  if (!bounds) throw new Error('no bounds');
  return bounds;
}

describe('the server clock offset', () => {
  it('is always inside the bounds every answer gives, and the estimate is inside their intersection', () => {
    fc.assert(fc.property(fc.integer({ min: -86_400_000, max: 86_400_000 }), fc.array(exchange, { minLength: 1, maxLength: 20 }), (offset, exchanges) => {
      const bounds = exchanges.map((e) => observe(offset, e));
      for (const b of bounds) expect(offset >= b.low && offset <= b.high).toBe(true);
      const low = Math.max(...bounds.map((b) => b.low));
      const high = Math.min(...bounds.map((b) => b.high));
      const estimate = estimateOffset(bounds)!;
      expect(estimate).toBeGreaterThanOrEqual(Math.floor(low));
      expect(estimate).toBeLessThanOrEqual(Math.ceil(high));
      // One answer is good to half a second plus the round trip; more can only narrow it.
      expect(Math.abs(estimate - offset)).toBeLessThanOrEqual(500 + 600 + 1);
    }));
  });

  it('narrows to tens of milliseconds when answers land at different points of the second', () => {
    const offset = -3 * 3_600_000 + 417;
    const bounds = Array.from({ length: 16 }, (_, i) => observe(offset, { sent: 1.75e12 + i * 7_013, serverAfter: 2, back: 2 })).reverse();
    expect(Math.abs(estimateOffset(bounds)! - offset)).toBeLessThanOrEqual(30);
  });

  it('follows a device clock that jumped instead of averaging it with the answers before', () => {
    const before = Array.from({ length: 5 }, (_, i) => observe(1_000, { sent: 1.75e12 + i * 7_300, serverAfter: 5, back: 5 }));
    const after = observe(3_601_000, { sent: 1.76e12, serverAfter: 5, back: 5 });
    expect(Math.abs(estimateOffset([after, ...before.reverse()])! - 3_601_000)).toBeLessThanOrEqual(510);
  });

  it('ignores answers without a usable date', () => {
    expect(offsetBounds('not a date', 1, 2)).toBeNull();
    expect(estimateOffset([])).toBeNull();
  });

  it('corrects the device clock by what it measured and reports each change', () => {
    let local = 1.75e12;
    const changes: number[] = [];
    const clock = createServerClock({ localNow: () => local, initialOffsetMs: 250, onChange: (o) => changes.push(o) });
    expect(clock.now().getTime()).toBe(local + 250);
    clock.observe(dateHeader(local, -7_200_000), local, local + 40);
    expect(Math.abs(clock.offsetMs() + 7_200_000)).toBeLessThanOrEqual(540);
    expect(changes).toEqual([clock.offsetMs()]);
    local += 1000;
    expect(clock.now().getTime()).toBe(local + clock.offsetMs());
    clock.observe(null, local, local);
    expect(changes).toHaveLength(1);
  });
});

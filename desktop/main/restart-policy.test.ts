import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CONSECUTIVE_CRASHES, STABLE_UPTIME_MS, crashesAfterExit, restartDelayMs } from './restart-policy';

describe('restart policy', () => {
  it('backs off between restarts and gives up after a crash loop', () => {
    const delays = Array.from({ length: MAX_CONSECUTIVE_CRASHES + 2 }, (_, i) => restartDelayMs(i + 1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, null, null]);
  });

  it('never waits less than before, and never more than 8 s, while it keeps trying', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_CONSECUTIVE_CRASHES - 1 }), (crashes) => {
        const now = restartDelayMs(crashes);
        const next = restartDelayMs(crashes + 1);
        expect(now).not.toBeNull();
        expect(next).not.toBeNull();
        expect(next!).toBeGreaterThanOrEqual(now!);
        expect(next!).toBeLessThanOrEqual(8000);
      }),
    );
  });

  it('forgives earlier crashes once the core has run for a while', () => {
    expect(crashesAfterExit(4, 1_000)).toBe(5);
    expect(crashesAfterExit(4, STABLE_UPTIME_MS)).toBe(1);
    fc.assert(
      fc.property(fc.nat(100), fc.nat(10 * STABLE_UPTIME_MS), (previous, uptime) => {
        const crashes = crashesAfterExit(previous, uptime);
        expect(crashes).toBeGreaterThanOrEqual(1);
        expect(crashes <= previous + 1).toBe(true);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay } from './sync-engine-status';

describe('backoffDelay', () => {
  const backoff = { initialMs: 1000, maxMs: 60_000 };
  it('doubles its ceiling per failure and caps it', () => {
    expect([1, 2, 3, 4].map((f) => backoffDelay(f, backoff, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(50, backoff, () => 1)).toBe(60_000);
  });
  it('draws from the upper half of the ceiling, so stations spread their retries', () => {
    expect(backoffDelay(3, backoff, () => 0)).toBe(2000);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(3000);
  });
});

import { describe, expect, it } from 'vitest';
import { createLastPullTracker } from './last-pull-tracker';

describe('last pull tracker', () => {
  it('lets each device through once per interval, duplicates counted once', () => {
    const tracker = createLastPullTracker(5_000);
    expect(tracker.due(['a', 'b', 'a'], 0)).toEqual(['a', 'b']);
    expect(tracker.due(['a', 'b', 'c'], 4_999)).toEqual(['c']);
    expect(tracker.due(['a', 'b', 'c'], 5_000)).toEqual(['a', 'b']);
    expect(tracker.due(['c'], 9_999)).toEqual(['c']);
  });

  it('forgets the stalest device past its bound, costing at most one extra write', () => {
    const tracker = createLastPullTracker(5_000, 2);
    expect(tracker.due(['a', 'b'], 0)).toEqual(['a', 'b']);
    expect(tracker.due(['c'], 1)).toEqual(['c']);
    expect(tracker.due(['b', 'c'], 2)).toEqual([]);
    expect(tracker.due(['a'], 3)).toEqual(['a']);
  });
});

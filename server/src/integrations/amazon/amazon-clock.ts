/**
 * Time as the Amazon client and its fake server see it. Injected so that tests (and the demo) can
 * run an hour of rate-limited traffic in milliseconds: a virtual clock's `sleep` moves time on
 * instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface VirtualClock extends Clock {
  /** Moves time on without anyone sleeping (a token expiring while nobody calls). */
  advance(ms: number): void;
  /** Total time spent in `sleep`, so a test can tell the client waited (not how long it took). */
  slept(): number;
}

/** A clock that starts at `start` and moves only when told or slept on. */
export function createVirtualClock(start = Date.parse('2026-03-02T09:00:00Z')): VirtualClock {
  let now = start;
  let slept = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      const step = Math.max(0, ms);
      now += step;
      slept += step;
    },
    advance: (ms) => { now += ms; },
    slept: () => slept,
  };
}

/**
 * The client side of SP-API's usage plans: a token bucket per operation (a `burst` of requests at
 * once, refilled at `rate` per second). Callers reserve a slot before sending and wait the time
 * the reservation returns, so a long sync stays under the vendor's own bucket instead of learning
 * its limit from 429s. Concurrent callers queue up one interval apart instead of all waking at once.
 */
export interface TokenBucket {
  /** Takes the next slot; resolves how many milliseconds to wait before sending (0 when one is free). */
  reserve(now: number): number;
  /** The vendor told us its rate (`x-amzn-RateLimit-Limit`): refill at that speed from now on. */
  setRate(perSecond: number, now: number): void;
  /** The vendor answered 429: its bucket is empty, so ours must be too. */
  drain(now: number): void;
  readonly rate: number;
  readonly burst: number;
}

// Our clock and Amazon's never agree to the millisecond, and both sides round: run a hair slower
// than the plan (0.2 % and 1 ms per request) so the vendor's bucket always has the token we spend.
const SLACK_FACTOR = 1.002;
const SLACK_MS = 1;

/**
 * Kept as a "theoretical arrival time" (GCRA), which is a token bucket counted in time: a request
 * may go once `now ≥ tat − (burst − 1) × interval`, and each one pushes `tat` an interval on. A
 * reservation is charged at the moment it will be sent, not when it was asked for.
 */
export function createTokenBucket(options: { rate: number; burst: number; now: number }): TokenBucket {
  if (!(options.rate > 0) || !(options.burst >= 1)) throw new Error(`a token bucket needs rate > 0 and burst ≥ 1 (got ${options.rate}, ${options.burst})`);
  let rate = options.rate;
  const burst = options.burst;
  const intervalOf = (perSecond: number) => (1000 / perSecond) * SLACK_FACTOR + SLACK_MS;
  let interval = intervalOf(rate);
  let tat = options.now;

  return {
    get rate() { return rate; },
    burst,
    reserve(now) {
      const sendAt = Math.max(now, tat - (burst - 1) * interval);
      tat = Math.max(tat, sendAt) + interval;
      return sendAt > now ? Math.ceil(sendAt - now) : 0;
    },
    setRate(perSecond, now) {
      if (!(perSecond > 0) || !Number.isFinite(perSecond) || perSecond === rate) return;
      // The requests already owed keep their count, spaced at the new rate.
      const owed = Math.max(0, tat - now) / interval;
      rate = perSecond;
      interval = intervalOf(perSecond);
      tat = now + owed * interval;
    },
    drain(now) {
      // Empty now: the next token arrives one interval from now.
      tat = Math.max(tat, now + burst * interval);
    },
  };
}

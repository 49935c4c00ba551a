import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MemoryWindowCounter } from './memory-window-counter';
import { RedisWindowCounter } from './redis-window-counter';

/** A key's count in its current window, this hit included, and when that window ends. */
export interface WindowHit {
  count: number;
  resetInMs: number;
}

/**
 * Fixed-window counters: a key's window opens at its first hit and lasts `windowMs`; every hit in
 * it adds `cost`, refused ones included, so hammering a closed door does not reopen it sooner.
 */
export interface WindowCounter {
  hit(key: string, cost: number, windowMs: number): Promise<WindowHit>;
}

/**
 * Redis when the app has one, so every API instance spends the same budgets; in memory otherwise.
 * While Redis is unreachable each instance counts on its own rather than letting everything through
 * (which would lift the sign-in limit) or refusing everything (which would take the API down with it).
 */
export function createWindowCounter(redis: Redis | null, log: Logger): WindowCounter {
  const memory = new MemoryWindowCounter();
  if (!redis) return memory;
  const shared = new RedisWindowCounter(redis);
  let degraded = false;
  return {
    async hit(key, cost, windowMs) {
      try {
        const hit = await shared.hit(key, cost, windowMs);
        if (degraded) log.info('rate limits are shared through Redis again');
        degraded = false;
        return hit;
      } catch (error) {
        if (!degraded) log.warn({ err: error }, 'Redis unreachable: rate limits are counted per instance until it returns');
        degraded = true;
        return memory.hit(key, cost, windowMs);
      }
    },
  };
}

import type { Redis } from 'ioredis';
import type { WindowCounter, WindowHit } from './window-counter';

const KEY_PREFIX = 'capliquify:rate:';

// One round trip, atomic: the count and the window's expiry never disagree between instances.
// A key without expiry (a new window, or one whose PEXPIRE was somehow lost) gets the full window.
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}
`;

/** Counters shared by every API instance on the same Redis. Throws while Redis is unreachable. */
export class RedisWindowCounter implements WindowCounter {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, cost: number, windowMs: number): Promise<WindowHit> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, KEY_PREFIX + key, cost, windowMs)) as [number, number];
    return { count, resetInMs: ttl };
  }
}

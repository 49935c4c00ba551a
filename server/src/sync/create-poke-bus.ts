import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createInProcessPokeBus } from './in-process.poke-bus';
import type { PokeBus } from './poke-bus';
import { createRedisPokeBus } from './redis.poke-bus';

/** Redis pub/sub when the app has Redis (REDIS_URL), so pokes cross instances; in-process otherwise. */
export async function createPokeBus(redis: Redis | null, log?: Logger): Promise<PokeBus> {
  return redis ? createRedisPokeBus(redis, log) : createInProcessPokeBus();
}

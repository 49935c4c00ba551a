import type { ServerConfig } from '../config';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';
import type { PokeBus } from '../sync/poke-bus';
import { createRedisPokeBus } from '../sync/redis.poke-bus';

/** How the API instances heard of what a command did. */
export type Broadcast = 'redis' | 'not-configured' | 'unreachable';

/**
 * The Redis poke bus for one command when REDIS_URL is set, so every API instance hears what the
 * command changed (a revocation, a reset scope); null without Redis or when it cannot be reached,
 * and the instances then find out from the database alone.
 */
export async function withPokeBus<T>(config: ServerConfig, run: (bus: PokeBus | null, broadcast: Broadcast) => Promise<T>): Promise<T> {
  if (!config.redisUrl) return run(null, 'not-configured');
  const redis = createRedis(config.redisUrl);
  try {
    if (!(await connectRedis(redis))) return await run(null, 'unreachable');
    const bus = await createRedisPokeBus(redis);
    try {
      return await run(bus, 'redis');
    } finally {
      await bus.close();
    }
  } finally {
    await closeRedis(redis);
  }
}

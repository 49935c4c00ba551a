import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { forgetDevice } from './device-auth-cache';
import { createInProcessPokeBus } from './in-process.poke-bus';
import type { PokeBus } from './poke-bus';
import { createRedisPokeBus } from './redis.poke-bus';

/**
 * Redis pub/sub when the app has Redis (REDIS_URL), so pokes cross instances; in-process
 * otherwise. Revocations published by any instance clear this instance's credential cache.
 */
export async function createPokeBus(redis: Redis | null, log?: Logger): Promise<PokeBus> {
  const bus = redis ? await createRedisPokeBus(redis, log) : createInProcessPokeBus();
  bus.subscribe((change) => {
    for (const deviceId of change.revokedDeviceIds ?? []) forgetDevice(deviceId);
  });
  return bus;
}

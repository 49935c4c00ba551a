import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { jobEventSchema } from '@capliquify/shared';
import { z } from 'zod';
import { closeRedis } from '../redis/create-redis';
import type { PokeBus, ScopeChange } from './poke-bus';

export const POKE_CHANNEL = 'capliquify:sync:pokes';

const changeSchema = z.object({
  tenantId: z.string(), scopes: z.array(z.string()), revokedDeviceIds: z.array(z.string()).optional(),
  job: jobEventSchema.omit({ tenantId: true }).optional(),
});

/**
 * Pokes over Redis pub/sub: `publisher` is the app's shared client; a duplicate connection
 * subscribes (a subscribed connection can do nothing else). Every instance, the publisher's own
 * included, hears a change through Redis, so each device is poked exactly once.
 */
export async function createRedisPokeBus(publisher: Redis, log?: Logger): Promise<PokeBus> {
  const subscriber = publisher.duplicate({ lazyConnect: true });
  const listeners = new Set<(change: ScopeChange) => void>();
  subscriber.on('error', (error: Error) => log?.warn({ err: error }, 'Redis poke subscriber error'));
  subscriber.on('message', (_channel: string, message: string) => {
    let change: ScopeChange;
    try {
      change = changeSchema.parse(JSON.parse(message));
    } catch {
      log?.warn('ignored a malformed poke on Redis');
      return;
    }
    for (const listener of [...listeners]) listener(change);
  });
  // ioredis re-subscribes by itself after a reconnect; the first subscription needs a connection.
  const subscribe = () => subscriber.subscribe(POKE_CHANNEL).catch((error: unknown) => log?.warn({ err: error }, 'cannot subscribe to pokes yet'));
  try {
    await subscriber.connect();
    await subscribe();
  } catch {
    log?.warn('Redis is unreachable; pokes resume when it returns (devices poll meanwhile)');
    subscriber.once('ready', () => void subscribe());
  }
  return {
    kind: 'redis',
    publish: async (change) => {
      try {
        await publisher.publish(POKE_CHANNEL, JSON.stringify(change));
      } catch (error) {
        log?.warn({ err: error }, 'could not publish a poke; devices will find the change by polling');
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
      await closeRedis(subscriber);
    },
  };
}

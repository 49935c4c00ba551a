import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { closeRedis } from '../redis/create-redis';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when REDIS_URL is not configured. */
    redis: Redis | null;
  }
}

export const redisPlugin = fp<{ redis: Redis | null }>(
  async (app, { redis }) => {
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      if (redis) await closeRedis(redis);
    });
  },
  { name: 'redis', fastify: '5.x' },
);

import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis client for request-time use (readiness, pub/sub). Commands fail fast while Redis is away
 * rather than queueing, so a readiness probe answers instead of hanging; it keeps reconnecting.
 */
export function createRedis(url: string, log?: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  // ioredis emits an error per failed reconnect; log the change of state, not every retry.
  let lastError: string | undefined;
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) log?.warn({ err: error }, 'Redis connection error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    if (lastError) log?.info('Redis connection restored');
    lastError = undefined;
  });
  return redis;
}

/** Connects, tolerating an unreachable Redis: readiness reports it and the client retries. */
export async function connectRedis(redis: Redis): Promise<boolean> {
  try {
    await redis.connect();
    return true;
  } catch {
    return false;
  }
}

/** QUIT when connected (lets replies drain), otherwise drop the socket and stop retrying. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'reconnecting' || redis.status === 'close') {
    // Between attempts there is no socket to close, so ioredis never emits 'end': cancelling the
    // pending retry is the whole job.
    redis.disconnect();
    return;
  }
  const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
  await ended;
}

import type { Kysely } from 'kysely';
import pino from 'pino';
import type { ServerConfig } from '../config';
import type { Database } from '../db/schema';
import { StartupError } from '../errors/startup.error';
import { createBullmqRunner } from '../jobs/bullmq.runner';
import { createInProcessRunner } from '../jobs/in-process.runner';
import type { JobQueue } from '../jobs/job-runner';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';

/** Where a command's queued job runs: the workers (Redis) or this very process, before the command ends. */
export type JobQueueReach = 'workers' | 'here';

/**
 * The job queue for one command. With REDIS_URL, the workers' BullMQ queue (an unreachable Redis
 * fails the command rather than hang it). Without, jobs live in the API's process, out of reach:
 * a job queued here runs in this process and the command waits for it (and its retries) to end.
 */
export async function withJobQueue<T>(config: ServerConfig, db: Kysely<Database>, run: (queue: JobQueue, reach: JobQueueReach) => Promise<T>): Promise<T> {
  const logger = pino({ level: 'silent' });
  if (!config.redisUrl) {
    const runner = createInProcessRunner({ db, logger, config });
    await runner.start();
    try {
      const result = await run(runner, 'here');
      await runner.idle();
      return result;
    } finally {
      await runner.close();
    }
  }
  const probe = createRedis(config.redisUrl);
  const reachable = await connectRedis(probe);
  await closeRedis(probe);
  if (!reachable) throw new StartupError('Redis (REDIS_URL) is unreachable, so the job queue cannot be reached; check that Redis is up');
  const runner = createBullmqRunner({ db, logger, config }, { redisUrl: config.redisUrl, consume: false });
  try {
    return await run(runner, 'workers');
  } finally {
    await runner.close();
  }
}

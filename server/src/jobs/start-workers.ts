import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { createDatabase } from '../db/create-database';
import { migrateToLatest } from '../db/migrate';
import { StartupError } from '../errors/startup.error';
import { subsystemLogger } from '../observability/logger';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';
import type { PokeBus } from '../sync/poke-bus';
import { createRedisPokeBus } from '../sync/redis.poke-bus';
import { createBullmqRunner, type BullmqRunnerOptions } from './bullmq.runner';
import type { JobDefinition } from './job';
import { progressOnPokeBus } from './job-progress';
import type { JobRunner } from './job-runner';
import { seedDemoJob } from './seed-demo.job';

export interface WorkersOptions extends Omit<BullmqRunnerOptions, 'redisUrl' | 'consume'> {
  logger: Logger;
  /** The registry unless a test brings its own jobs. */
  jobs?: readonly JobDefinition[];
  /** Run the jobs' schedules (default true): BullMQ keeps one schedule however many workers start. */
  schedules?: boolean;
}

export interface RunningWorkers {
  runner: JobRunner;
  /** Stops taking jobs, lets the running ones finish, then closes Redis and the database. */
  close(): Promise<void>;
}

/**
 * The workers entry's start (`npm run -w server workers`): BullMQ on Redis, job progress to the
 * API instances' live streams over Redis. Without REDIS_URL there is nothing to take jobs from:
 * the API runs them in its own process then.
 */
export async function startWorkers(config: ServerConfig, options: WorkersOptions): Promise<RunningWorkers> {
  if (!config.redisUrl) {
    throw new StartupError('the workers need REDIS_URL (BullMQ); without Redis the API runs the jobs in its own process');
  }
  const { logger, jobs, schedules = true, ...runnerOptions } = options;
  const database = await createDatabase(config, { logger: subsystemLogger(logger, 'db') });
  const redis = createRedis(config.redisUrl, subsystemLogger(logger, 'redis'));
  let bus: PokeBus | undefined;
  try {
    await migrateToLatest(database.db);
    if (!(await connectRedis(redis))) subsystemLogger(logger, 'redis').warn('Redis is unreachable at start; the workers take jobs once it returns');
    bus = await createRedisPokeBus(redis, subsystemLogger(logger, 'pokes'));
    const runner = createBullmqRunner(
      { db: database.db, logger: subsystemLogger(logger, 'jobs'), config, jobs, reportProgress: progressOnPokeBus(bus), announceScopes: (change) => bus!.publish(change) },
      { ...runnerOptions, redisUrl: config.redisUrl },
    );
    await runner.start();
    const scheduled = schedules ? await runner.startSchedules() : [];
    if (config.demoData !== 'none' && !jobs) await runner.enqueue(seedDemoJob, { size: config.demoData });
    subsystemLogger(logger, 'workers').info({ runner: runner.kind, database: database.kind, scheduled }, 'workers running');
    let closing: Promise<void> | undefined;
    return {
      runner,
      close: () => (closing ??= (async () => {
        await runner.close();
        await bus?.close();
        await closeRedis(redis);
        await database.close();
      })()),
    };
  } catch (error) {
    await bus?.close();
    await closeRedis(redis);
    await database.close();
    throw error;
  }
}

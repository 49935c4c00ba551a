import type { ServerConfig } from '../config';
import { createBullmqRunner } from './bullmq.runner';
import { createInProcessRunner } from './in-process.runner';
import type { JobRunner, JobRunnerDeps } from './job-runner';

/** BullMQ when REDIS_URL is set, otherwise the in-process runner of the same job files. */
export function createJobRunner(config: Pick<ServerConfig, 'redisUrl'>, deps: JobRunnerDeps, options: { consume?: boolean } = {}): JobRunner {
  return config.redisUrl
    ? createBullmqRunner(deps, { redisUrl: config.redisUrl, consume: options.consume })
    : createInProcessRunner(deps);
}

import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { JobConfig } from './job';
import { createBullmqRunner } from './bullmq.runner';
import { createInProcessRunner } from './in-process.runner';
import { progressOnPokeBus } from './job-progress';
import type { JobQueue, JobRunner, JobRunnerDeps } from './job-runner';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where routes and procedures queue background jobs. */
    jobs: JobQueue;
  }
}

export interface JobsPluginOptions {
  /** With Redis the API only queues (BullMQ) and the workers entry runs the jobs; without, this process runs them. */
  redisUrl?: string | null;
  /** The API's configuration, for the jobs it runs (`ctx.config`). */
  config?: JobConfig;
  /** Also run the jobs' schedules from this process (the API on embedded defaults). */
  schedules?: boolean;
  /** Replaces the runner chosen from `redisUrl` (tests bring their own jobs); it gets the app's database, logger and live stream. */
  runner?: (deps: JobRunnerDeps) => JobRunner;
}

/**
 * The API's job runner: a BullMQ producer when REDIS_URL is set, otherwise the in-process runner
 * taking jobs in this process. Job progress, and the scopes a job changed, go out on the poke
 * bus. Closed first on shutdown,
 * so the running job finishes while the database is still open.
 */
export const jobsPlugin = fp<JobsPluginOptions>(
  async (app, options) => {
    const deps: JobRunnerDeps = {
      db: app.db, logger: app.log.child({ name: 'jobs' }) as unknown as Logger, config: options.config,
      reportProgress: progressOnPokeBus(app.pokeBus), announceScopes: (change) => app.pokeBus.publish(change),
    };
    const runner = options.runner?.(deps)
      ?? (options.redisUrl ? createBullmqRunner(deps, { redisUrl: options.redisUrl, consume: false }) : createInProcessRunner(deps));
    app.decorate('jobs', runner);
    await runner.start();
    if (options.schedules) {
      app.addHook('onReady', async () => {
        const scheduled = await runner.startSchedules();
        app.log.info({ runner: runner.kind, scheduled }, 'job schedules started');
      });
    }
    app.addHook('onClose', async () => {
      await runner.close();
    });
  },
  { name: 'jobs', fastify: '5.x', dependencies: ['db', 'sync'] },
);

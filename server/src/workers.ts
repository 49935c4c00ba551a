// The workers entry: `npm run -w server workers`. Same code as the API, started to run jobs.
import { ConfigError, loadServerConfigFromProcess } from './config';
import { createDatabase } from './db/create-database';
import { migrateToLatest } from './db/migrate';
import { StartupError } from './errors/startup.error';
import { createJobRunner } from './jobs/create-job-runner';
import { seedDemoJob } from './jobs/seed-demo.job';
import { createLogger, subsystemLogger } from './observability/logger';

async function main(): Promise<void> {
  const config = loadServerConfigFromProcess();
  const root = createLogger({ level: config.logLevel });
  const logger = subsystemLogger(root, 'workers');
  const database = await createDatabase(config, { logger: subsystemLogger(root, 'db') });
  await migrateToLatest(database.db);
  const runner = createJobRunner(config, { db: database.db, logger: subsystemLogger(root, 'jobs') });
  await runner.start();
  logger.info({ runner: runner.kind, database: database.kind }, 'workers running');
  if (config.demoData !== 'none') await runner.enqueue(seedDemoJob, { size: config.demoData });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping: finishing the running job');
    runner.close().then(() => database.close()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StartupError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`capliquify workers: ${known ? message : `failed to start: ${message}`}\n`);
  process.exit(1);
});

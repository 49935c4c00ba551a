// The workers entry: `npm run -w server workers`. Same code as the API, started to run jobs.
import { loadServerConfigFromProcess } from './config';
import { createDatabase } from './db/create-database';
import { migrateToLatest } from './db/migrate';
import { runEntry } from './entry/run-entry';
import { createJobRunner } from './jobs/create-job-runner';
import { seedDemoJob } from './jobs/seed-demo.job';
import { createLogger, subsystemLogger } from './observability/logger';

runEntry('capliquify workers', async () => {
  const config = loadServerConfigFromProcess();
  const root = createLogger({ level: config.logLevel });
  const logger = subsystemLogger(root, 'workers');
  const database = await createDatabase(config, { logger: subsystemLogger(root, 'db') });
  await migrateToLatest(database.db);
  const runner = createJobRunner(config, { db: database.db, logger: subsystemLogger(root, 'jobs') });
  await runner.start();
  logger.info({ runner: runner.kind, database: database.kind }, 'workers running');
  if (config.demoData !== 'none') await runner.enqueue(seedDemoJob, { size: config.demoData });
  // The running job finishes before the database closes.
  return () => runner.close().then(() => database.close());
}, (message) => process.stdout.write(`${message}\n`));

// The workers entry: `npm run -w server workers`. Same code as the API, started to run jobs.
// SIGTERM/SIGINT: no new jobs are taken, the running ones finish, then everything closes; a job
// whose worker died instead (SIGKILL, lost node) is put back by another worker once its lock expires.
import { loadServerConfigFromProcess } from './config';
import { runEntry } from './entry/run-entry';
import { startWorkers } from './jobs/start-workers';
import { createLogger } from './observability/logger';

runEntry('capliquify workers', async () => {
  const config = loadServerConfigFromProcess();
  const workers = await startWorkers(config, { logger: createLogger({ level: config.logLevel }) });
  return () => workers.close();
}, (message) => process.stdout.write(`${message}\n`));

// A real workers process for the crash and shutdown tests: the workers entry's own start
// (startWorkers, runEntry's signal handling) with the test jobs and short lock times.
// Usage: tsx worker-process.ts '<json options>'
import { z } from 'zod';
import { loadServerConfig } from '../../config';
import { runEntry } from '../../entry/run-entry';
import { createLogger } from '../../observability/logger';
import { startWorkers } from '../start-workers';
import { TEST_JOBS } from './test-jobs';

const options = z.object({
  databaseUrl: z.string(), redisUrl: z.string(), queueName: z.string(),
  concurrency: z.number().int(), lockDurationMs: z.number().int(), stalledIntervalMs: z.number().int(),
}).parse(JSON.parse(process.argv[2] ?? '{}'));

runEntry('test workers', async () => {
  const config = loadServerConfig({ DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl, DEMO_DATA: 'none', LOG_LEVEL: 'warn' });
  const workers = await startWorkers(config, {
    logger: createLogger({ level: 'warn', pretty: false }), jobs: TEST_JOBS, schedules: false,
    queueName: options.queueName, concurrency: options.concurrency, lockDurationMs: options.lockDurationMs, stalledIntervalMs: options.stalledIntervalMs,
  });
  process.stdout.write('workers ready\n');
  return () => workers.close();
}, (message) => process.stdout.write(`${message}\n`));

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import { createDatabase, type DatabaseHandle } from './db/create-database';
import { migrateToLatest } from './db/migrate';
import { loadSeedDemoData, type SeedDemoData } from './db/seed-demo.port';
import { DEMO_TENANT_ID } from './domains/tenancy/tenant.repo';
import { StartupError } from './errors/startup.error';
import { forecastJob } from './jobs/forecast.job';
import { createLogger, subsystemLogger, type Logger } from './observability/logger';
import { connectRedis, createRedis } from './redis/create-redis';
import { rebuildAllScopes } from './sync/rebuild-scopes.service';

export interface StartApiOptions {
  logger?: Logger;
  /** Replaces the demo generator (tests); defaults to domains/demo's `seedDemoData`. */
  seedDemoData?: SeedDemoData;
  /** Last day of generated demo history; the generator's default when absent. */
  demoEndDate?: string;
  /** Runs on the migrated, seeded database before the app and its job schedules start (the demo integrations connect here). */
  beforeServe?: (db: Kysely<Database>) => Promise<void>;
}

export interface RunningApi {
  /** Base URL, e.g. `http://127.0.0.1:4000`; tRPC is at `${url}/trpc`. */
  url: string;
  app: FastifyInstance;
  /** The system of record, for composition scripts (the start script enrols its own station). */
  db: Kysely<Database>;
  /** Stops accepting, lets in-flight requests finish, closes database and Redis. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the database, migrates it, seeds demo data into an empty one (per DEMO_DATA), and listens.
 * Failures an operator can fix arrive as a one-line StartupError.
 */
export async function startApi(config: ServerConfig, options: StartApiOptions = {}): Promise<RunningApi> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = await createDatabase(config, { logger: subsystemLogger(logger, 'db') });
  let app: FastifyInstance | undefined;
  try {
    const seeded = await prepareDatabase(database, config, options, logger);
    await options.beforeServe?.(database.db);
    const redis = config.redisUrl ? createRedis(config.redisUrl, subsystemLogger(logger, 'redis')) : null;
    if (redis && !(await connectRedis(redis))) subsystemLogger(logger, 'redis').warn('Redis is unreachable at start; /readyz reports it until it returns');
    // Without Redis this process runs the jobs, their schedules included; with it, the workers entry does.
    app = await buildApp(config, { database, redis, logger, jobs: { schedules: !config.redisUrl } });
    // The demo's first forecasts, so a planner opening the app sees them. Queued before the
    // schedules start (on listen), so the daily run they fire finds the demo already forecast.
    if (seeded) await app.jobs.enqueue(forecastJob, { tenantId: DEMO_TENANT_ID });
    await listen(app, config);
  } catch (error) {
    if (app) await app.close();
    else await database.close();
    throw error;
  }
  const url = urlOf(app.server.address() as AddressInfo);
  subsystemLogger(logger, 'api').info({ url, database: database.kind, target: database.target }, 'API listening');
  const running = app;
  let closing: Promise<void> | undefined;
  return { url, app: running, db: database.db, close: () => (closing ??= running.close().then(() => undefined)) };
}

/** Migrates, seeds per DEMO_DATA and rebuilds the replicated rows; true when the demo was seeded now. */
async function prepareDatabase(database: DatabaseHandle, config: ServerConfig, options: StartApiOptions, logger: Logger): Promise<boolean> {
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    throw new StartupError(`cannot migrate the ${database.kind} database at ${database.target} (${(error as Error).message})`, { cause: error });
  }
  let seeded = false;
  if (config.demoData !== 'none') {
    const seed = options.seedDemoData ?? (await loadSeedDemoData());
    const log = subsystemLogger(logger, 'demo');
    const result = await seed(database.db, { size: config.demoData, endDate: options.demoEndDate, log: (msg) => log.info(msg) });
    if (result.seeded) log.info({ counts: result.counts }, 'demo data seeded');
    seeded = result.seeded;
  }
  // Idempotent: brings the replicated rows in step with whatever the database holds now.
  const rebuilt = await rebuildAllScopes(database.db);
  const changed = Object.values(rebuilt).filter((r) => Object.keys(r.changed).length > 0);
  if (changed.length > 0) subsystemLogger(logger, 'sync').info({ rebuilt }, 'replicated rows rebuilt');
  return seeded;
}

async function listen(app: FastifyInstance, config: ServerConfig): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'already in use' : code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : (error as Error).message;
    throw new StartupError(`cannot listen on ${config.host}:${config.port} (${reason}); check HOST and PORT`, { cause: error });
  }
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

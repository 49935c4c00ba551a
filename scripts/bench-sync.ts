// `npm run bench:sync`: the sync engine's speed (issue 3, "Speed"), against the real PostgreSQL in
// a throw-away database and Redis when reachable, with the real server on loopback. Progress goes
// to stderr; the one JSON line of figures goes to stdout. Targets are reported, never asserted.
import { createDatabase, loadServerConfig, startApi, type DatabaseHandle, type RunningApi } from '@capliquify/server';
import { pino } from 'pino';
import { createBenchDatabase, dropBenchDatabase } from './bench/bench-database.repo';
import { seedBenchData } from './bench/bench-fixture';
import { percentile, round } from './bench/bench-stats';
import { benchLog, runBench } from './bench/run-bench';
import { runCorePhase } from './bench/core-phase';
import { runPokePhase } from './bench/poke-phase';
import { redisAnswers } from './bench/redis-probe';

const env = {
  adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  items: Number(process.env.BENCH_ITEMS ?? 100_000),
  pushes: Number(process.env.BENCH_PUSH_COMMANDS ?? 1_000),
  devices: Number(process.env.BENCH_DEVICES ?? 200),
  rounds: Number(process.env.BENCH_ROUNDS ?? 30),
  /** The core's rows per pull page; the engine's default when unset. */
  pageSize: process.env.BENCH_PAGE_SIZE ? Number(process.env.BENCH_PAGE_SIZE) : undefined,
};

const log = benchLog;

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function main(): Promise<Record<string, unknown>> {
  const admin = await createDatabase({ databaseUrl: env.adminUrl, pgliteDir: '' });
  const name = `capliquify_bench_${process.pid}_${Date.now()}`;
  const databaseUrl = withDatabase(env.adminUrl, name);
  const useRedis = await redisAnswers(env.redisUrl);
  const serverLogger = pino({ level: 'warn' }, pino.destination(2));
  let api: RunningApi | null = null;
  let handle: DatabaseHandle | null = null;
  await createBenchDatabase(admin.db, name);
  log(`bench: database ${name}; pokes over ${useRedis ? 'Redis' : 'the in-process bus (Redis unreachable)'}`);
  try {
    const config = loadServerConfig({
      DATABASE_URL: databaseUrl, REDIS_URL: useRedis ? env.redisUrl : '', PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'none', LOG_LEVEL: 'warn',
      // Every simulated station calls from 127.0.0.1: the rate limits would measure themselves.
      RATE_LIMIT_PER_MINUTE: '9999999', TENANT_RATE_LIMIT_PER_MINUTE: '9999999',
    });
    api = await startApi(config, { logger: serverLogger });
    handle = await createDatabase({ databaseUrl, pgliteDir: '' });
    const seedStart = performance.now();
    const changed = await seedBenchData(handle.db, env.items, log);
    log(`bench: seeded ${env.items} items and rebuilt scopes ${JSON.stringify(changed)} in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; server at ${api.url}`);

    const core = await runCorePhase(handle.db, api.url, { pushCount: env.pushes, pageSize: env.pageSize }, log);
    const pokes = await runPokePhase(handle.db, api.url, env.devices, env.rounds, log);

    const bootstrapRows = core.bootstrap.items + core.bootstrap.stockLevels;
    const figures = {
      bootstrap_rows_per_s: core.bootstrap.error ? 0 : Math.round(core.bootstrap.items / (core.bootstrap.totalMs / 1000)),
      push_1000_s: core.push && !core.push.error ? round(core.push.pushMs / 1000, 3) : null,
      poke_p95_ms: round(percentile(pokes.pokesMs, 95)),
      pull_p95_ms: round(percentile(pokes.pullsMs, 95)),
      core_rss_mb: round(core.peakRssMb),
    };
    return {
      ...figures,
      bootstrap_s: round(core.bootstrap.totalMs / 1000, 3),
      bootstrap_create_core_ms: round(core.bootstrap.createCoreMs),
      bootstrap_sync_ms: round(core.bootstrap.syncMs),
      bootstrap_replica_rows: bootstrapRows,
      scope_rows: env.items,
      pull_page_size: env.pageSize ?? 'default',
      push_commands: env.pushes,
      push_queue_offline_s: core.queue ? round(core.queue.queueMs / 1000, 3) : null,
      core_rss_sampled_mb: round(core.sampledRssMb),
      devices: pokes.devices,
      poke_rounds: pokes.rounds,
      pokes_measured: pokes.pokesMs.length,
      pokes_missed: pokes.missed,
      poke_p50_ms: round(percentile(pokes.pokesMs, 50)),
      pull_p50_ms: round(percentile(pokes.pullsMs, 50)),
      push_1_command_p50_ms: round(percentile(pokes.pushesMs, 50)),
      poke_bus: useRedis ? 'redis' : 'in-process',
      targets_met: {
        bootstrap: figures.bootstrap_rows_per_s >= 25_000,
        push_1000: figures.push_1000_s !== null && figures.push_1000_s < 2,
        poke_p95: figures.poke_p95_ms < 50,
        pull_p95: figures.pull_p95_ms < 100,
        core_rss: figures.core_rss_mb < 300,
      },
      errors: [core.bootstrap.error, core.push?.error ?? null].filter((e) => e !== null),
    };
  } finally {
    // The forced drop below ends pool connections that are still closing; their warnings are expected.
    serverLogger.level = 'error';
    await api?.close().catch((error: unknown) => log(`bench: closing the server failed: ${String(error)}`));
    await handle?.close();
    await dropBenchDatabase(admin.db, name).catch((error: unknown) => log(`bench: could not drop ${name}: ${String(error)}`));
    await admin.close();
  }
}

runBench(main);

// `npm run bench:count`: counting speed (issue 4, "Proof") against the real PostgreSQL in a
// throw-away database, with the real server on loopback and the desktop core in this process:
// scan-to-answer in the core while its engine syncs in the background, the variance of the whole
// session, and the approval's push (the server posting every adjustment and committing). Progress
// goes to stderr; one JSON line of figures to stdout. Targets are reported, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, createEnrollmentCode, loadServerConfig, startApi, type RunningApi } from '@capliquify/server';
import { computeCountVariance } from '@capliquify/shared';
import { pino } from 'pino';
import { createLocalContext } from '../desktop/core/create-local-context';
import { listSessionExpected, listSessionLines, readSession } from '../desktop/core/counting/count-rows.repo';
import { openReplica, type Replica } from '../desktop/core/replica/open-replica';
import { localRouter } from '../desktop/core/router/local-router';
import { enableDurableWrites } from '../desktop/core/sync-engine/confirmed-rows.repo';
import { loadCredentials } from '../desktop/core/sync-engine/device-credentials';
import { loadServerClock } from '../desktop/core/sync-engine/server-clock';
import { createSyncEngine, type SyncEngine } from '../desktop/core/sync-engine/sync-engine.service';
import { createSyncTransport, type SyncTransport } from '../desktop/core/sync-engine/sync-transport';
import { installOperatorSession } from '../desktop/core/session/install-operator-session';
import { signInOnDevice } from '../server/test/people';
import { createBenchDatabase, dropBenchDatabase } from './bench/bench-database.repo';
import { percentile, round } from './bench/bench-stats';
import { benchLog, runBench } from './bench/run-bench';
import { COUNT_SITE, countRow, seedCountBench } from './bench/count-fixture';

const env = {
  adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  lines: Number(process.env.BENCH_COUNT_LINES ?? 5_000),
  rows: Number(process.env.BENCH_COUNT_ROWS ?? 2_000),
};
const TARGETS = { scan_p95_ms: 30, variance_ms: 200, approve_s: 2 };
const log = benchLog;
const silent = pino({ level: 'silent' });

/** The lines that count row `n`: its on-hand split in `k` typed quantities, one more on every fifth row. */
function linesOf(n: number, k: number): number[] {
  const { onHand } = countRow(n);
  const parts = Array.from({ length: k }, () => Math.floor(onHand / k));
  parts[k - 1]! += onHand - Math.floor(onHand / k) * k + (n % 5 === 0 ? 1 : 0);
  return parts;
}

async function syncUntilEmpty(engine: SyncEngine): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const status = await engine.syncNow();
    if (status.lastError) throw new Error(`sync failed: ${status.lastError}`);
    if (status.pendingCount === 0) return;
  }
  throw new Error('the outbox did not drain');
}

async function runCore(api: RunningApi, dataDir: string): Promise<Record<string, unknown>> {
  const replica: Replica = await openReplica(path.join(dataDir, 'replica.sqlite'));
  await enableDurableWrites(replica.db);
  const credentials = await loadCredentials(replica.db);
  const clock = await loadServerClock(replica.db, silent);
  const raw = createSyncTransport({ serverUrl: api.url, credential: credentials.get, clock });
  let approveMs: number | null = null;
  // Times the one push that carries the approval: sent, posted and committed by the server, answered.
  const transport: SyncTransport = {
    ...raw,
    async push(request) {
      const start = performance.now();
      const answer = await raw.push(request);
      if (request.commands.some((c) => c.name === 'counting.approveSession')) approveMs = performance.now() - start;
      return answer;
    },
  };
  const engine = await createSyncEngine({ db: replica.db, transport, credentials, logger: silent });
  try {
    const { code } = await createEnrollmentCode(api.db, { tenantId: COUNT_SITE.tenantId, siteId: COUNT_SITE.siteId, name: 'Count bench' });
    const { deviceId } = await engine.enroll({ code, name: 'Count bench' });
    await syncUntilEmpty(engine);
    const caller = localRouter.createCaller(createLocalContext({ db: replica.db, engine, auth: raw, serverUrl: api.url, stationName: 'bench', clock }));
    // A manager who passed a second factor counts, submits and approves; the server checks each command.
    const counter = await signInOnDevice(api.db, deviceId, { tenantId: COUNT_SITE.tenantId, displayName: 'Bench counter', grants: [{ siteId: COUNT_SITE.siteId, role: 'manager' }] });
    await installOperatorSession(replica.db, { userId: counter.userId, signInId: counter.actor.signInId, displayName: counter.displayName, grants: counter.grants, mfa: true });
    const { sessionId } = await caller.counting.create({
      siteId: COUNT_SITE.siteId, name: 'Bench count', kind: 'full', blind: false, locationIds: COUNT_SITE.locationIds, itemIds: null,
      toleranceQtyPct: 100, toleranceValueMinor: 1_000_000, counters: [],
    });
    await caller.counting.start({ sessionId });
    await syncUntilEmpty(engine);
    log(`core: session started, ${(await caller.counting.session({ sessionId })).variance.totals.rows} rows frozen; scanning ${env.lines} lines with sync running`);

    engine.start();
    const scansMs: number[] = [];
    const perRow = Math.floor(env.lines / env.rows);
    for (let n = 0; n < env.rows; n++) {
      const row = countRow(n);
      for (const quantity of linesOf(n, perRow + (n < env.lines % env.rows ? 1 : 0))) {
        const start = performance.now();
        await caller.counting.scan({ sessionId, locationId: row.locationId, raw: `BC${row.itemId}`, quantity });
        scansMs.push(performance.now() - start);
      }
      if ((n + 1) % 500 === 0) log(`  ${scansMs.length} scans, p95 so far ${percentile(scansMs, 95).toFixed(1)} ms`);
    }
    await syncUntilEmpty(engine);

    const session = (await readSession(replica.db, sessionId))!;
    const expected = await listSessionExpected(replica.db, sessionId);
    const lines = await listSessionLines(replica.db, sessionId);
    const costs = new Map(expected.map((e) => [e.itemId, e.unitCostMinor]));
    const varianceRuns: number[] = [];
    let postings = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const variance = computeCountVariance({ session, expected, lines, unitCostOf: (id) => costs.get(id) ?? 0 });
      varianceRuns.push(performance.now() - start);
      postings = variance.rows.filter((r) => r.varianceQty !== 0).length;
    }
    const viewStart = performance.now();
    await caller.counting.session({ sessionId });
    const sessionViewMs = performance.now() - viewStart;
    log(`core: ${lines.length} lines synced; variance ${percentile(varianceRuns, 50).toFixed(1)} ms, session view ${sessionViewMs.toFixed(0)} ms; approving ${postings} adjustments`);

    await caller.counting.submit({ sessionId });
    await syncUntilEmpty(engine);
    const approveStart = performance.now();
    await caller.counting.approve({ sessionId });
    await syncUntilEmpty(engine);
    const approveRoundTripMs = performance.now() - approveStart;
    const approved = await api.db.selectFrom('count_sessions').select('status').where('id', '=', sessionId).executeTakeFirstOrThrow();
    if (approved.status !== 'approved') throw new Error(`the session is ${approved.status} on the server, not approved`);

    return {
      scan_p95_ms: round(percentile(scansMs, 95), 2),
      variance_ms: round(percentile(varianceRuns, 50), 2),
      approve_s: approveMs === null ? null : round(approveMs / 1000, 3),
      scans: scansMs.length,
      scan_p50_ms: round(percentile(scansMs, 50), 2),
      scan_p99_ms: round(percentile(scansMs, 99), 2),
      scan_max_ms: round(Math.max(...scansMs), 2),
      variance_rows: expected.length,
      variance_max_ms: round(Math.max(...varianceRuns), 2),
      session_view_ms: round(sessionViewMs, 1),
      adjustments_posted: postings,
      approve_round_trip_s: round(approveRoundTripMs / 1000, 3),
    };
  } finally {
    await engine.stop();
    await replica.close();
  }
}

async function main(): Promise<Record<string, unknown>> {
  const admin = await createDatabase({ databaseUrl: env.adminUrl, pgliteDir: '' });
  const name = `capliquify_bench_count_${process.pid}_${Date.now()}`;
  const databaseUrl = new URL(env.adminUrl);
  databaseUrl.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capliquify-bench-count-'));
  const serverLogger = pino({ level: 'warn' }, pino.destination(2));
  let api: RunningApi | null = null;
  await createBenchDatabase(admin.db, name);
  try {
    const config = loadServerConfig({
      DATABASE_URL: databaseUrl.toString(), REDIS_URL: '', PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'none', LOG_LEVEL: 'warn',
      // Every simulated station calls from 127.0.0.1: the rate limits would measure themselves.
      RATE_LIMIT_PER_MINUTE: '9999999', TENANT_RATE_LIMIT_PER_MINUTE: '9999999',
    });
    api = await startApi(config, { logger: serverLogger });
    await seedCountBench(api.db, env.rows);
    log(`bench: database ${name}, ${env.rows} stocked rows over ${COUNT_SITE.locationIds.length} locations; server at ${api.url}`);
    const figures = await runCore(api, dataDir);
    return {
      ...figures,
      targets: TARGETS,
      targets_met: {
        scan_p95: (figures.scan_p95_ms as number) < TARGETS.scan_p95_ms,
        variance: (figures.variance_ms as number) < TARGETS.variance_ms,
        approve: figures.approve_s !== null && (figures.approve_s as number) < TARGETS.approve_s,
      },
    };
  } finally {
    serverLogger.level = 'error';
    await api?.close().catch((error: unknown) => log(`bench: closing the server failed: ${String(error)}`));
    await dropBenchDatabase(admin.db, name).catch((error: unknown) => log(`bench: could not drop ${name}: ${String(error)}`));
    await admin.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);

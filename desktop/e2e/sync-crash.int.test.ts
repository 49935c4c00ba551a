// The station killed with SIGKILL while writing locally and while applying pulls from the real
// server, many times: after every restart the replica passes `PRAGMA integrity_check` and every
// command it had reported as queued is still queued or already acknowledged; at the end the
// replica equals the server and every movement was posted exactly once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createEnrollmentCode, loadServerConfig, rebuildScopes } from '@capliquify/server';
import { openTestDatabase, type TestDatabase } from '../../server/test/databases';
import { insertFixture } from '../../server/test/fixture';
import { openReplica } from '../core/replica/open-replica';
import { loadCredentials } from '../core/sync-engine/device-credentials';
import { listOutbox } from '../core/sync-engine/outbox.repo';
import { createSyncEngine } from '../core/sync-engine/sync-engine.service';
import { createSyncTransport } from '../core/sync-engine/sync-transport';
import { signInStation } from './support/sync-server';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'crash-child.ts');
const RUNS = 18;
const EXTRA_ITEMS = 400; // enough catalog rows that a re-bootstrap takes dozens of pull pages
const silent = pino({ level: 'silent' });

let database: TestDatabase;
let serverUrl: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  database = await openTestDatabase('postgres', 'sync-crash');
  const db = database.handle.db;
  await insertFixture(db);
  const item = { tenant_id: 'tnt_demo', type: 'raw' as const, category: 'parts', unit: 'ea', cost_minor: 5, currency: 'EUR', reorder_point: 0, safety_stock: 0, lead_time_days: 3, supplier_id: null, home_site_id: 'site_a' };
  await db.insertInto('items').values(Array.from({ length: EXTRA_ITEMS }, (_, n) => ({ ...item, id: `itm_x${n}`, sku: `X-${n}`, name: `Extra ${n}` }))).execute();
  await rebuildScopes(db, 'tnt_demo');
  const config = { ...loadServerConfig({ PORT: '0', DEMO_DATA: 'none', LOG_LEVEL: 'silent' }), ...database.config };
  const app = await buildApp(config, { database: database.handle, logger: silent });
  await app.listen({ port: 0, host: '127.0.0.1' });
  serverUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  closeServer = () => app.close();
}, 120_000);

afterAll(async () => {
  await closeServer?.();
  await database?.cleanup();
});

/** Runs the station until `killWhen` says so (on its output), SIGKILLs it, returns the commits it reported. */
function runAndKill(file: string, killWhen: (out: string) => boolean): Promise<{ mutationId: number; movementId: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, serverUrl, 'site_a', 'loc_a2', 'itm_bolt'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killed && killWhen(out)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') return reject(new Error(`station exited ${code}: ${err}`));
      // Only complete lines were surely written after their commit.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((l) => l.startsWith('ok ')).map((l) => {
        const [, id, movementId] = l.split(' ');
        return { mutationId: Number(id), movementId: movementId ?? '' };
      }));
    });
  });
}

const count = (out: string, prefix: string) => out.split('\n').filter((l) => l.startsWith(prefix)).length;

async function ackedMutationId(deviceId: string): Promise<number> {
  const row = await database.handle.db.selectFrom('devices').select('last_mutation_id').where('id', '=', deviceId).executeTakeFirstOrThrow();
  return Number(row.last_mutation_id);
}

describe('a station killed with SIGKILL mid-write and mid-pull (real server)', () => {
  it('keeps the replica intact and loses no queued command, many times over', async () => {
    const file = path.join(database.config.dataDir, 'station.sqlite');
    const first = await openReplica(file);
    const credentials = await loadCredentials(first.db);
    const engine = await createSyncEngine({ db: first.db, transport: createSyncTransport({ serverUrl, credential: credentials.get }), credentials, logger: silent });
    const { code } = await createEnrollmentCode(database.handle.db, { tenantId: 'tnt_demo', siteId: 'site_a' });
    const { deviceId } = await engine.enroll({ code, name: 'Crash station' });
    // The child reopens this replica: whoever is signed in here makes its receipts.
    await signInStation(database.handle.db, first.db, deviceId, { displayName: 'Night Shift', grants: [{ siteId: 'site_a', role: 'operator' }] });
    await engine.stop();
    await first.close();

    const reported: { mutationId: number; movementId: string }[] = [];
    let killedMidRefetch = 0;
    for (let run = 0; run < RUNS; run++) {
      const refetch = run % 3 === 0;
      // The server can no longer serve the station's catalog cursor: the next sync re-fetches it.
      if (refetch) await sql`update sync_scopes set epoch = epoch + 1 where scope = 'catalog'`.execute(database.handle.db);
      const pages = 2 + (run % 5);
      reported.push(...await runAndKill(file, refetch
        ? (out) => count(out, 'page') >= pages // inside the re-fetch: it takes dozens of pages
        : (out) => count(out, 'ok ') >= 5 + ((run * 7) % 40))); // among local writes and small syncs

      const replica = await openReplica(file);
      try {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(replica.db);
        expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
        const queued = new Set((await listOutbox(replica.db)).map((c) => c.mutationId));
        const acked = await ackedMutationId(deviceId);
        for (const r of reported) expect(queued.has(r.mutationId) || r.mutationId <= acked, `command ${r.mutationId} lost`).toBe(true);
        const stale = await replica.db.selectFrom('confirmed_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('stale', '=', 1).executeTakeFirstOrThrow();
        if (refetch && Number(stale.n) > 0) killedMidRefetch += 1;
      } finally {
        await replica.close();
      }
    }
    expect(reported.length).toBeGreaterThan(RUNS);
    expect(killedMidRefetch).toBeGreaterThan(0);

    // Back online for good: the station converges and every reported movement posted exactly once.
    const replica = await openReplica(file);
    const creds = await loadCredentials(replica.db);
    const final = await createSyncEngine({ db: replica.db, transport: createSyncTransport({ serverUrl, credential: creds.get }), credentials: creds, logger: silent });
    try {
      for (let i = 0; i < 5 && final.status.get().pendingCount > 0; i++) await final.syncNow();
      const status = await final.syncNow();
      expect(status).toMatchObject({ pendingCount: 0, lastError: null });
      const db = database.handle.db;
      for (const r of reported) {
        const posted = await db.selectFrom('stock_movements').select(sql<number>`count(*)`.as('n')).where('movement_id', '=', r.movementId).executeTakeFirstOrThrow();
        expect(Number(posted.n)).toBe(1);
      }
      const truth = await db.selectFrom('stock_movements').select(sql<string>`sum(quantity)`.as('q'))
        .where('site_id', '=', 'site_a').where('location_id', '=', 'loc_a2').where('item_id', '=', 'itm_bolt').executeTakeFirstOrThrow();
      const local = await replica.db.selectFrom('stock_levels').select('on_hand').where('location_id', '=', 'loc_a2').where('item_id', '=', 'itm_bolt').executeTakeFirstOrThrow();
      expect(local.on_hand).toBe(Number(truth.q));
      const items = await replica.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(items.n)).toBe(2 + EXTRA_ITEMS);
    } finally {
      await final.stop();
      await replica.close();
    }
  }, 300_000);
});

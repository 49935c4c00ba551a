// A first sync and an offline backlog far larger than the server's request limit: the station
// bootstraps a 5,000-item catalog and pushes 2,000 queued movements through a server that
// refuses any body over 64 KiB. Every request fits (or is refused and sent again smaller), every
// movement lands exactly once, and the replica ends equal to the server. Real server and databases.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildScopes, type Database } from '@capliquify/server';
import type { PushRequest } from '@capliquify/shared';
import { BACKENDS } from '../../server/test/databases';
import { classifySyncError, type SyncFailureKind, type SyncTransport } from '../core/sync-engine/sync-transport';
import {
  ITEMS, LOCATIONS, TENANT, ledgerCounts, openStation, replicaStock, serverStock, startTestServer, type Station, type TestServer,
} from './support/sync-server';

const BODY_LIMIT = 64 * 1024;
const CATALOG_ITEMS = 5_000;
const BACKLOG = 2_000;
/** The station whose budget is under the limit needs less to show it is never refused. */
const SMALL_BACKLOG = 500;

interface SentPush { bytes: number; commands: number; refused: SyncFailureKind | null }

/** Passes every call through, noting each push's body size and whether the server took it. */
function observePushes(log: SentPush[]) {
  return (transport: SyncTransport): SyncTransport => ({
    enroll: (request) => transport.enroll(request),
    pull: (request) => transport.pull(request),
    async push(request: PushRequest) {
      const sent = { bytes: Buffer.byteLength(JSON.stringify(request)), commands: request.commands.length };
      try {
        const answer = await transport.push(request);
        log.push({ ...sent, refused: null });
        return answer;
      } catch (error) {
        log.push({ ...sent, refused: classifySyncError(error).kind });
        throw error;
      }
    },
  });
}

async function addCatalogItems(db: Kysely<Database>, count: number): Promise<void> {
  const item = { tenant_id: TENANT, type: 'raw' as const, category: 'fasteners', unit: 'ea', currency: 'EUR', cost_minor: 125, reorder_point: 10, safety_stock: 5, lead_time_days: 14, supplier_id: null, home_site_id: 'site_a' };
  for (let i = 0; i < count; i += 500) {
    await db.insertInto('items').values(Array.from({ length: Math.min(500, count - i) }, (_, j) => {
      const n = String(i + j).padStart(5, '0');
      return { ...item, id: `itm_bulk_${n}`, sku: `BULK-${n}`, name: `Hex socket cap screw M6 x ${n} mm, zinc plated, DIN 912` };
    })).execute();
  }
}

async function queueBacklog(station: Station, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await station.record(i % 3 === 0 ? 'issue' : 'receipt', LOCATIONS[i % 2]!, ITEMS[i % 2]!, i % 3 === 0 ? 0.25 : 1.5);
  }
}

async function expectSyncedExactlyOnce(server: TestServer, station: Station): Promise<void> {
  const status = station.engine.status.get();
  expect(status).toMatchObject({ connection: 'online', lastError: null, pendingCount: 0, updateRequired: false });
  expect(status.counts.items).toBe(CATALOG_ITEMS + ITEMS.length);
  const counts = await ledgerCounts(server.db(), station.queued.map((q) => q.movementId));
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(await station.engine.rejections()).toEqual([]);
  expect(await replicaStock(station)).toEqual(await serverStock(server.db()));
}

describe.each(BACKENDS)('request limits on %s', (backend) => {
  let server: TestServer | null = null;
  const stations: Station[] = [];
  afterEach(async () => {
    for (const s of stations.splice(0)) {
      await s.quit();
      await s.network.close();
    }
    await server?.close();
    server = null;
  });

  it('bootstraps a catalog and pushes an offline backlog, each many times the body limit: every movement lands once', async () => {
    server = await startTestServer(backend, 'limits', { bodyLimitBytes: BODY_LIMIT });
    await addCatalogItems(server.db(), CATALOG_ITEMS);
    await rebuildScopes(server.db(), TENANT);
    const dir = server.database.config.dataDir;

    // One station with the default 1 MiB budget (it learns the limit from the 413s), one whose
    // budget is under the limit (it is never refused).
    const learned: SentPush[] = [];
    const careful: SentPush[] = [];
    const a = await openStation(server, path.join(dir, 'a.sqlite'), { wrap: observePushes(learned) });
    const b = await openStation(server, path.join(dir, 'b.sqlite'), { wrap: observePushes(careful), engine: { pushBatchBytes: 32 * 1024 } });
    stations.push(a, b);
    for (const [s, count] of [[a, BACKLOG], [b, SMALL_BACKLOG]] as const) {
      s.network.setMode('offline');
      await queueBacklog(s, count);
      expect(s.engine.status.get().pendingCount).toBe(count);
    }
    const backlogBytes = async (s: Station) => Buffer.byteLength(JSON.stringify((await s.engine.exportOutbox()).commands));
    expect(await backlogBytes(a)).toBeGreaterThan(5 * BODY_LIMIT);
    expect(await backlogBytes(b)).toBeGreaterThan(BODY_LIMIT);

    for (const s of [a, b]) {
      s.network.setMode('online');
      await s.engine.syncNow();
      await expectSyncedExactlyOnce(server, s);
    }

    // Refused only until it learned the limit; every push after that fits.
    const firstAccepted = learned.findIndex((p) => p.refused === null);
    expect(firstAccepted).toBeGreaterThan(0);
    expect(learned.slice(0, firstAccepted).every((p) => p.refused === 'too_large')).toBe(true);
    expect(learned.slice(firstAccepted).every((p) => p.refused === null)).toBe(true);
    expect(careful.every((p) => p.refused === null)).toBe(true);
    for (const [pushes, count] of [[learned, BACKLOG], [careful, SMALL_BACKLOG]] as const) {
      const accepted = pushes.filter((p) => p.refused === null);
      expect(accepted.every((p) => p.bytes <= BODY_LIMIT)).toBe(true);
      expect(accepted.reduce((n, p) => n + p.commands, 0)).toBe(count);
    }
  });
});

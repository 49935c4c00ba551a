import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEADER_DEVICE_ID, HEADER_PROTOCOL_VERSION, HEADER_SCHEMA_VERSION } from '@capliquify/shared';
import { searchItems } from '../replica/catalog.repo';
import { MetaKey, getMeta } from '../replica/meta.repo';
import { openReplica, type Replica } from '../replica/open-replica';
import { countLive } from '../replica/snapshot.repo';
import { createServerClient, serverSnapshotSource } from '../server-client/create-server-client';
import { makeCatalog } from '../test/fake-catalog';
import { startFakeSyncServer, type FakeSyncServer } from '../test/fake-sync-server';
import { silentLogger } from '../test/silent-logger';
import { UpdateRequiredError, createSnapshotService } from './snapshot.service';
import type { SyncProgress } from './sync-status';

let server: FakeSyncServer;
let replica: Replica;

beforeEach(async () => {
  server = await startFakeSyncServer(makeCatalog(25));
  replica = await openReplica(':memory:');
});
afterEach(async () => {
  await server.close();
  await replica.close();
});

function service(times: string[] = ['2025-03-01T08:00:00.000Z', '2025-03-02T08:00:00.000Z']) {
  const source = serverSnapshotSource(createServerClient({ serverUrl: server.url, deviceId: 'device-1' }));
  return createSnapshotService({ db: replica.db, source, logger: silentLogger, pageSize: 10, now: () => new Date(times.shift() ?? '2030-01-01') });
}

describe('snapshot service', () => {
  it('downloads every page, reports progress and sends the version and device headers', async () => {
    const progress: SyncProgress[] = [];
    const result = await service().fetchSnapshot((p) => progress.push(p));

    expect(result.counts).toEqual({ sites: 2, locations: 3, items: 25, stockLevels: 37 });
    expect(await countLive(replica.db)).toEqual(result.counts);
    expect(await getMeta(replica.db, MetaKey.LastSyncAt)).toBe('2025-03-01T08:00:00.000Z');
    expect(progress.filter((p) => p.phase === 'items').map((p) => p.items)).toEqual([10, 20, 25]);
    expect(progress.at(-1)).toEqual({ phase: 'swap', items: 25, stockLevels: 37 });
    expect(server.requests.length).toBeGreaterThan(0);
    for (const headers of server.requests) {
      expect(headers[HEADER_PROTOCOL_VERSION]).toBe('1');
      expect(headers[HEADER_SCHEMA_VERSION]).toBe('1');
      expect(headers[HEADER_DEVICE_ID]).toBe('device-1');
    }
  });

  it('keeps the previous replica intact when the server fails midway, and swaps on the next success', async () => {
    const sync = service();
    await sync.fetchSnapshot();

    server.catalog = makeCatalog(40, 'Gadget');
    server.failStockAfter(2);
    await expect(sync.fetchSnapshot()).rejects.toThrow(/database went away/);

    expect(await countLive(replica.db)).toEqual({ sites: 2, locations: 3, items: 25, stockLevels: 37 });
    expect((await searchItems(replica.db, { q: 'Gadget', limit: 5, offset: 0 })).total).toBe(0);
    expect((await searchItems(replica.db, { q: 'Widget', limit: 5, offset: 0 })).total).toBe(25);
    expect(await getMeta(replica.db, MetaKey.LastSyncAt)).toBe('2025-03-01T08:00:00.000Z');

    server.failStockAfter(null);
    await sync.fetchSnapshot();
    expect((await searchItems(replica.db, { q: 'Gadget', limit: 5, offset: 0 })).total).toBe(40);
    expect((await searchItems(replica.db, { q: 'Widget', limit: 5, offset: 0 })).total).toBe(0);
    expect(await getMeta(replica.db, MetaKey.LastSyncAt)).toBe('2025-03-02T08:00:00.000Z');
  });

  it('refuses to sync with a server outside its protocol range and leaves the replica alone', async () => {
    server.protocol = { min: 2, max: 3 };
    await expect(service().fetchSnapshot()).rejects.toBeInstanceOf(UpdateRequiredError);
    expect((await countLive(replica.db)).items).toBe(0);
  });
});

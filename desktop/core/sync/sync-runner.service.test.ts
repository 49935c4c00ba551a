import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openReplica, type Replica } from '../replica/open-replica';
import { createServerClient, serverSnapshotSource } from '../server-client/create-server-client';
import { makeCatalog } from '../test/fake-catalog';
import { startFakeSyncServer } from '../test/fake-sync-server';
import { silentLogger } from '../test/silent-logger';
import { createSnapshotService } from './snapshot.service';
import { createSyncRunner, type SyncRunner } from './sync-runner.service';
import { createSyncStatusStore, type SyncStatus, type SyncStatusStore } from './sync-status';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function setup(serverUrl: string): Promise<{ runner: SyncRunner; status: SyncStatusStore; replica: Replica }> {
  const replica = await openReplica(':memory:');
  const status = createSyncStatusStore({
    connection: 'offline', lastSyncAt: null, lastError: null, progress: null, nextRetryAt: null,
    counts: { sites: 0, locations: 0, items: 0, stockLevels: 0 },
  });
  const source = serverSnapshotSource(createServerClient({ serverUrl, deviceId: 'device-1' }));
  const snapshot = createSnapshotService({ db: replica.db, source, logger: silentLogger, pageSize: 10 });
  const runner = createSyncRunner({ snapshot, status, logger: silentLogger, serverUrl, backoff: { initialMs: 20, maxMs: 100 } });
  cleanups.push(() => replica.close(), () => runner.stop());
  return { runner, status, replica };
}

function waitFor(status: SyncStatusStore, predicate: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (predicate(status.get())) return resolve(status.get());
    const stop = status.subscribe((s) => {
      if (predicate(s)) {
        stop();
        resolve(s);
      }
    });
  });
}

describe('sync runner', () => {
  it('goes offline with a readable error while the server is down, then retries until it is back', async () => {
    const port = await freePort();
    const { runner, status } = await setup(`http://127.0.0.1:${port}`);
    const seen: SyncStatus['connection'][] = [];
    status.subscribe((s) => seen.push(s.connection));

    runner.start();
    const offline = await waitFor(status, (s) => s.connection === 'offline' && s.lastError !== null);
    expect(offline.lastError).toMatch(new RegExp(`Cannot reach the server at http://127.0.0.1:${port}`));
    expect(offline.nextRetryAt).not.toBeNull();

    const server = await startFakeSyncServer(makeCatalog(12), { port });
    cleanups.push(() => server.close());
    const online = await waitFor(status, (s) => s.connection === 'online');
    expect(online).toMatchObject({ lastError: null, counts: { items: 12, stockLevels: 18 } });
    expect(seen).toContain('syncing');
  });

  it('retries after a server error and recovers without a restart', async () => {
    const server = await startFakeSyncServer(makeCatalog(12));
    cleanups.push(() => server.close());
    server.failStockAfter(0);
    const { runner, status } = await setup(server.url);

    runner.start();
    const failed = await waitFor(status, (s) => s.lastError !== null);
    expect(failed.lastError).toMatch(/database went away/);
    expect(failed.counts.items).toBe(0);

    server.failStockAfter(null);
    const online = await waitFor(status, (s) => s.connection === 'online' && s.lastError === null);
    expect(online.counts.items).toBe(12);
    expect(online.lastSyncAt).not.toBeNull();
  });

  it('joins a running sync instead of starting a second one', async () => {
    const server = await startFakeSyncServer(makeCatalog(30));
    cleanups.push(() => server.close());
    const { runner } = await setup(server.url);
    const [a, b] = await Promise.all([runner.refresh(), runner.refresh()]);
    expect(a).toBe(b);
    expect(a.counts.items).toBe(30);
    expect(server.calls.filter((path) => path === 'system.info')).toHaveLength(1);
  });
});

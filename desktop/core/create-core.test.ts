import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDesktopConfig } from './config/load-desktop-config';
import { createCore, type Core } from './create-core';
import type { SyncStatus } from './sync/sync-status';
import { makeCatalog } from './test/fake-catalog';
import { startFakeSyncServer } from './test/fake-sync-server';
import { silentLogger } from './test/silent-logger';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function waitForStatus(core: Core, predicate: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (predicate(core.status.get())) return resolve(core.status.get());
    const stop = core.status.subscribe((s) => predicate(s) && (stop(), resolve(s)));
  });
}

describe('createCore', () => {
  it('syncs from the server into the replica and answers the local router from it, also after a restart offline', async () => {
    const server = await startFakeSyncServer(makeCatalog(60));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-core-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => server.close());
    const config = loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: server.url, CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir });

    const core = await createCore(config, { logger: silentLogger, pageSize: 25 });
    const caller = core.router.createCaller(core.createContext());
    core.startSync();
    await waitForStatus(core, (s) => s.connection === 'online');

    const found = await caller.items.search({ q: 'widget 004', limit: 5, offset: 0 });
    expect(found.total).toBe(10);
    expect(found.rows.map((r) => r.sku)).toEqual(['SKU-0040', 'SKU-0041', 'SKU-0042', 'SKU-0043', 'SKU-0044']);
    const detail = await caller.items.get({ id: 'item-0042' });
    expect(detail.stock.map((s) => `${s.siteCode}/${s.locationCode}=${s.onHand}`)).toEqual(['PLT1/A-01=42', 'WH1/B-01=0.5']);
    await expect(caller.items.get({ id: 'nope' })).rejects.toThrow(/No item nope/);
    await expect(caller.items.search({ q: '', limit: 500, offset: 0 })).rejects.toThrow();
    const deviceId = core.deviceId;
    await core.close();
    await server.close();

    const restarted = await createCore(config, { logger: silentLogger, backoff: { initialMs: 10_000, maxMs: 10_000 } });
    cleanups.push(() => restarted.close());
    expect(restarted.deviceId).toBe(deviceId);
    restarted.startSync();
    const offline = await waitForStatus(restarted, (s) => s.connection === 'offline');
    expect(offline.counts.items).toBe(60);
    expect(offline.lastSyncAt).not.toBeNull();
    const offlineCaller = restarted.router.createCaller(restarted.createContext());
    expect((await offlineCaller.items.search({ q: 'SKU-0060', limit: 10, offset: 0 })).rows).toHaveLength(1);
    const refreshed = await offlineCaller.sync.refresh();
    expect(refreshed.connection).toBe('offline');
    expect(refreshed.lastError).toMatch(/Cannot reach the server/);
  });
});

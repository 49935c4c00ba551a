import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeviceHealthReporter } from '../device/device-health';
import { makeCatalog } from '../test/fake-catalog';
import type { SyncEngineOptions } from './sync-engine.service';
import { movement, startHarness, type Harness } from './test/engine-harness';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

/** An engine whose pulls carry the real health report, about a replica the harness opens later. */
async function harness(over: Partial<SyncEngineOptions> = {}, catalog = makeCatalog(6)) {
  let reporter: NonNullable<SyncEngineOptions['health']> | null = null;
  const h = await startHarness({ catalog, engine: { health: (status) => reporter!(status), ...over } });
  reporter = createDeviceHealthReporter({ db: h.db, appVersion: '1.4.0', channel: 'stable', dataDir: tmpdir(), os: 'linux 6.1.0 x64' });
  open.push(h);
  return h;
}

describe('the health report sent with every pull', () => {
  it('tells the server what the station runs, the work it holds and since when, its last error and last sync', async () => {
    const h = await harness();
    await h.engine.syncNow();
    const firstSyncAt = h.engine.status.get().lastSyncAt;
    h.server.faults.offline = true;
    const { mutationId } = await h.engine.queue('inventory.recordMovement', movement());
    const offline = await h.engine.syncNow();
    expect(offline.lastError).toMatch(/Cannot reach the sync server/);
    h.server.faults.offline = false;
    const before = h.server.healthReports.length;
    const queued = await h.db.selectFrom('outbox').select('created_at').where('mutation_id', '=', mutationId).executeTakeFirstOrThrow();

    await h.engine.syncNow();
    const [report] = h.server.healthReports.slice(before);
    // Pushed but not yet confirmed by this pull: the station still counts it, as its own status bar does.
    expect(report).toEqual({
      appVersion: '1.4.0', channel: 'stable', os: 'linux 6.1.0 x64', outboxDepth: 1, oldestPendingAt: queued.created_at,
      lastError: offline.lastError, freeDiskBytes: expect.any(Number), lastSyncAt: firstSyncAt,
    });
    expect(report!.freeDiskBytes).toBeGreaterThan(0);

    const healedAt = h.engine.status.get().lastSyncAt;
    await h.engine.syncNow();
    // Each report tells the sync before it: this one, the one that healed.
    expect(h.server.healthReports.at(-1)).toMatchObject({ outboxDepth: 0, oldestPendingAt: null, lastError: null, lastSyncAt: healedAt });
  });

  it('still reports, with the stuck work and the error, when the server is there but refuses the push', async () => {
    const h = await harness();
    await h.engine.syncNow();
    await h.engine.queue('inventory.recordMovement', movement());
    h.server.faults.failPushes = 1;
    const before = h.server.healthReports.length;
    const refused = await h.engine.syncNow();
    expect(refused.lastError).toMatch(/database is unavailable/);
    expect(h.server.healthReports.slice(before)).toEqual([expect.objectContaining({ outboxDepth: 1, lastError: refused.lastError })]);
    // The work stays queued and goes with the next push.
    expect(refused.pendingCount).toBe(1);
    expect((await h.engine.syncNow()).pendingCount).toBe(0);
  });

  it('rides on every page of a multi-page pull', async () => {
    const h = await harness({ pullLimit: 5 }, makeCatalog(30));
    await h.engine.syncNow();
    const pulls = h.server.calls.filter((call) => call === 'sync.pull').length;
    expect(pulls).toBeGreaterThan(3);
    expect(h.server.healthReports).toHaveLength(pulls);
  });

  it('keeps syncing without a report when it cannot be collected', async () => {
    const h = await startHarness({ engine: { health: () => Promise.reject(new Error('statfs EACCES')) } });
    open.push(h);
    expect(await h.engine.syncNow()).toMatchObject({ connection: 'online', lastError: null });
    expect(h.server.healthReports).toEqual([]);
    expect(h.server.calls).toContain('sync.pull');
  });
});

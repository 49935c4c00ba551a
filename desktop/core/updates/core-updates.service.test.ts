import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MetaKey, getMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { movement, startHarness, type Harness } from '../sync-engine/test/engine-harness';
import { createCoreUpdates, type CoreNotice } from './core-updates.service';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const NOW = new Date('2025-06-02T09:00:00.000Z');

async function station({ onDisk = false } = {}) {
  let file = ':memory:';
  if (onDisk) {
    const dir = await mkdtemp(path.join(tmpdir(), 'capliquify-core-updates-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    file = path.join(dir, 'replica.sqlite');
  }
  const h: Harness = await startHarness({ file });
  cleanups.push(() => h.close());
  await h.engine.syncNow();
  const updates = createCoreUpdates({ db: h.db, engine: h.engine, credential: () => 'cred-1', clock: { now: () => NOW } });
  cleanups.push(async () => updates.close());
  return { h, updates, file };
}

async function countLine(db: Kysely<ReplicaDatabase>, over: { id: string; deviceId: string; countedAt: string; sessionStatus?: string }) {
  const sessionId = `cs-${over.id}`;
  await db.insertInto('count_sessions').values({ id: sessionId, site_id: 'site-a', status: over.sessionStatus ?? 'counting', created_at: over.countedAt, data: '{}' }).execute();
  await db.insertInto('count_lines').values({
    id: over.id, session_id: sessionId, location_id: 'loc-a1', item_id: 'item-0001', barcode: '0001', lot: null, expiry: null, quantity: 1,
    counter: 'Ana', device_id: over.deviceId, counted_at: over.countedAt, round: 1, voided: 0,
  }).execute();
}

describe('what the core tells the updater', () => {
  it('sees a count in progress only in this station’s recent scans of a session still being counted', async () => {
    const { h, updates } = await station();
    const me = (await getMeta(h.db, MetaKey.DeviceId))!;
    const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
    await countLine(h.db, { id: 'other-station', deviceId: 'dev-elsewhere', countedAt: minutesAgo(1) });
    await countLine(h.db, { id: 'submitted', deviceId: me, countedAt: minutesAgo(1), sessionStatus: 'submitted' });
    await countLine(h.db, { id: 'yesterday', deviceId: me, countedAt: minutesAgo(24 * 60) });
    expect((await updates.facts()).countInProgress).toBe(false);
    await countLine(h.db, { id: 'just-now', deviceId: me, countedAt: minutesAgo(2) });
    expect((await updates.facts()).countInProgress).toBe(true);
  });

  it('reports the outbox, the connection, whether the app must update, and the device credential', async () => {
    const { h, updates } = await station();
    expect(await updates.facts()).toEqual({
      countInProgress: false, outboxDepth: 0, oldestPendingAt: null, online: true, writing: false, persisted: false,
      appUpdateRequired: false, deviceCredential: 'cred-1',
    });
    h.server.faults.offline = true;
    await h.engine.queue('inventory.recordMovement', movement());
    await h.engine.syncNow();
    const offline = await updates.facts();
    expect(offline).toMatchObject({ outboxDepth: 1, online: false, oldestPendingAt: expect.any(String) });
  });

  it('quiesces: holds the next local write until resumed, with the outbox checkpointed into the database file', async () => {
    const { h, updates, file } = await station({ onDisk: true });
    await h.engine.queue('inventory.recordMovement', movement());
    expect((await stat(`${file}-wal`)).size).toBeGreaterThan(0);

    const held = await updates.quiesce(1_000);
    expect(held).toMatchObject({ writing: false, persisted: true, outboxDepth: 1, online: true });
    expect((await stat(`${file}-wal`)).size).toBe(0);

    let written = false;
    const next = h.engine.queue('inventory.recordMovement', movement()).then(() => (written = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toBe(false);
    updates.resume();
    await next;
    expect(written).toBe(true);
    expect((await updates.facts()).outboxDepth).toBe(2);
  });

  it('tells main once when sync starts answering "update required", and passes on "Restart now" only for a ready update', async () => {
    const { h, updates } = await station();
    const notices: CoreNotice[] = [];
    updates.onNotice((notice) => notices.push(notice));
    h.server.faults.updateRequired = true;
    await h.engine.syncNow();
    await h.engine.syncNow();
    expect(notices).toEqual(['update_required']);
    expect((await updates.facts()).appUpdateRequired).toBe(true);

    expect(updates.view()).toEqual({ state: 'not_applicable' });
    expect(updates.requestInstall()).toBe(false);
    updates.setView({ state: 'ready', required: true, version: '2.0.0', waitingFor: 'count_in_progress', personAsked: false });
    expect(updates.requestInstall()).toBe(true);
    expect(notices).toEqual(['update_required', 'install_requested']);
  });
});

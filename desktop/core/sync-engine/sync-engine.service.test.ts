import { afterEach, describe, expect, it } from 'vitest';
import { searchItems } from '../replica/catalog.repo';
import { makeCatalog } from '../test/fake-catalog';
import { silentLogger } from '../test/silent-logger';
import { startLiveEvents } from './live-events.client';
import { countOutbox, listOutbox } from './outbox.repo';
import { movement, onHand, startHarness, waitForStatus, type Harness } from './test/engine-harness';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});
async function harness(...args: Parameters<typeof startHarness>) {
  const h = await startHarness(...args);
  open.push(h);
  return h;
}
const record = (h: Harness, over: Parameters<typeof movement>[0] = {}) => h.engine.queue('inventory.recordMovement', movement(over));

describe('the sync engine against a protocol server', () => {
  it('bootstraps the device’s scopes into the typed tables, so search works, then pushes a local command exactly once', async () => {
    const h = await harness({ catalog: makeCatalog(30) });
    const synced = await h.engine.syncNow();
    expect(synced).toMatchObject({ connection: 'online', lastError: null, pendingCount: 0, counts: { items: 30, sites: 1, locations: 2 } });
    expect((await searchItems(h.db, { q: 'widget 002', limit: 5, offset: 0 })).total).toBe(10);
    expect(await onHand(h.db, 'loc-a1', 'item-0003')).toBe(3);
    // Site B is not this station's scope.
    expect(await onHand(h.db, 'loc-b1', 'item-0002')).toBeNull();

    const { mutationId } = await record(h, { itemId: 'item-0003', quantity: 5 });
    expect(mutationId).toBe(1);
    expect(await onHand(h.db, 'loc-a1', 'item-0003')).toBe(8);
    expect(h.engine.status.get().pendingCount).toBe(1);
    const after = await h.engine.syncNow();
    expect(after).toMatchObject({ pendingCount: 0, confirmedMutationId: 1 });
    expect(await onHand(h.db, 'loc-a1', 'item-0003')).toBe(8);
    expect([...h.server.state.movements.values()]).toEqual([1]);
  });

  it('survives a push response lost after the server committed: the replay is acknowledged, nothing counts twice', async () => {
    const h = await harness();
    await h.engine.syncNow();
    await record(h, { quantity: 2 });
    await record(h, { quantity: 3 });
    h.server.faults.losePushResponses = 1;
    const failed = await h.engine.syncNow();
    expect(failed.connection).toBe('offline');
    expect(failed.lastError).toMatch(/Cannot reach the sync server/);
    expect(await countOutbox(h.db)).toBe(2);
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(6);

    const healed = await h.engine.syncNow();
    expect(healed).toMatchObject({ connection: 'online', pendingCount: 0, lastError: null });
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(6);
    expect([...h.server.state.movements.values()]).toEqual([1, 1]);
    expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(2);
  });

  it('survives a lost pull response and a pull refused midway without losing or doubling anything', async () => {
    const h = await harness();
    await record(h, { quantity: 4 });
    h.server.faults.losePullResponses = 1;
    expect((await h.engine.syncNow()).lastError).not.toBeNull();
    h.server.faults.failPulls = 1;
    expect((await h.engine.syncNow()).lastError).toMatch(/unavailable/);
    expect(await countOutbox(h.db)).toBe(1);
    await h.engine.syncNow();
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(5);
    expect(await countOutbox(h.db)).toBe(0);
  });

  it('retries transient failures with backoff, saying so in the status, until the outbox is through', async () => {
    const h = await harness({ engine: { pushBatchSize: 2 } });
    await h.engine.syncNow();
    for (let i = 0; i < 5; i++) await record(h);
    h.server.faults.failPushes = 2;
    h.server.faults.stopPushAfter = null;
    const retries: string[] = [];
    h.engine.status.subscribe((s) => s.nextRetryAt && s.lastError && retries.push(s.lastError));
    h.engine.start();
    await waitForStatus(h.engine, (s) => s.pendingCount === 0 && s.lastError === null && s.connection === 'online');
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries[0]).toMatch(/unavailable/);
    expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(5);
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(6);
  });

  it('pulls between pushes while the station keeps scanning faster than a push round trip', async () => {
    const h = await harness();
    await h.engine.syncNow();
    await record(h);
    const before = h.server.calls.length;
    const scanner = setInterval(() => void record(h), 1);
    try {
      await h.engine.syncNow();
    } finally {
      clearInterval(scanner);
    }
    const calls = h.server.calls.slice(before);
    expect(calls.slice(0, 2)).toEqual([expect.stringContaining('push'), expect.stringContaining('pull')]);
  });

  it('retries the rest of a batch the server stopped partway through', async () => {
    const h = await harness();
    for (let i = 0; i < 4; i++) await record(h);
    h.server.faults.stopPushAfter = 3;
    const first = await h.engine.syncNow();
    expect(first.lastError).toMatch(/stopped after command 3 of 4/);
    await h.engine.syncNow();
    expect(h.server.state.movements.size).toBe(4);
    expect(await countOutbox(h.db)).toBe(0);
  });

  it('stores a rejection with its reason and args, and the person’s screen returns to the server’s numbers', async () => {
    const h = await harness();
    await h.engine.syncNow();
    const args = movement({ kind: 'issue', quantity: 50 });
    await h.engine.queue('inventory.recordMovement', args);
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(-49);
    const status = await h.engine.syncNow();
    expect(status).toMatchObject({ pendingCount: 0, unseenRejections: 1 });
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(1);
    const [rejection] = await h.engine.rejections();
    expect(rejection).toMatchObject({ mutationId: 1, code: 'COMMAND_REJECTED', reason: 'issue exceeds on-hand 1 of item item-0001 at loc-a1', args, seen: false });
    await h.engine.markRejectionsSeen();
    expect(h.engine.status.get().unseenRejections).toBe(0);
    // The next command still follows the rejected one.
    expect((await record(h)).mutationId).toBe(2);
  });

  it('stops on UPDATE_REQUIRED with a clear status, keeps the outbox, and does not retry by itself', async () => {
    const h = await harness();
    await record(h);
    h.server.faults.updateRequired = true;
    h.engine.start();
    const status = await waitForStatus(h.engine, (s) => s.updateRequired);
    expect(status).toMatchObject({ nextRetryAt: null, pendingCount: 1 });
    expect(status.lastError).toMatch(/Update required: .*unsent work is kept/);
    const calls = h.server.calls.length;
    h.engine.requestSync();
    await record(h);
    expect(h.server.calls.length).toBe(calls);
    expect(await countOutbox(h.db)).toBe(2);
    h.server.faults.updateRequired = false;
    expect(await h.engine.syncNow()).toMatchObject({ updateRequired: false, pendingCount: 0 });
  });

  it('stops on DEVICE_REVOKED, keeps the outbox and exports it as JSON', async () => {
    const h = await harness();
    await h.engine.syncNow();
    const a = movement({ quantity: 7 });
    await h.engine.queue('inventory.recordMovement', a);
    const device = h.server.state.devices.get('dev-1');
    if (device) device.revoked = true;
    const status = await h.engine.syncNow();
    expect(status).toMatchObject({ revoked: true, pendingCount: 1, nextRetryAt: null });
    expect(status.lastError).toMatch(/revoked by an administrator/);
    const exported = await h.engine.exportOutbox();
    expect(exported.deviceId).toBe('dev-1');
    expect(exported.commands).toEqual([expect.objectContaining({ mutationId: 1, name: 'inventory.recordMovement', args: a })]);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(await listOutbox(h.db)).toHaveLength(1);
  });

  it('re-bootstraps a scope whose cursor the server can no longer serve, keeping pending commands', async () => {
    const h = await harness();
    await h.engine.syncNow();
    await record(h, { quantity: 10 });
    h.server.state.resetEpoch('site:site-a');
    h.server.state.remove('site:site-a', 'stock_level', 'loc-a1|item-0002');
    h.server.state.put('site:site-a', 'stock_level', 'loc-a2|item-0002', { siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0002', onHand: 9 });
    h.server.faults.losePushResponses = 1;
    await h.engine.syncNow();
    const status = await h.engine.syncNow();
    expect(status.lastError).toBeNull();
    expect(await onHand(h.db, 'loc-a1', 'item-0002')).toBeNull();
    expect(await onHand(h.db, 'loc-a2', 'item-0002')).toBe(9);
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(11);
    expect(h.server.state.movements.size).toBe(1);
  });

  it('says it is not enrolled until enrolled, then syncs', async () => {
    const h = await harness({ enroll: false });
    expect(await h.engine.syncNow()).toMatchObject({ enrolled: false, lastError: expect.stringMatching(/not enrolled/) });
    await h.engine.enroll({ code: h.server.state.issueCode('site-a'), name: 'Bench 1' });
    expect(await h.engine.syncNow()).toMatchObject({ enrolled: true, connection: 'online', counts: { items: 6 } });
  });

  it('polls when no event stream is connected, so a change still arrives', async () => {
    const h = await harness({ engine: { pollMs: 10 } });
    h.engine.start();
    await waitForStatus(h.engine, (s) => s.lastSyncAt !== null);
    h.server.state.put('site:site-a', 'stock_level', 'loc-a2|item-0006', { siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0006', onHand: 3 });
    await waitForStatus(h.engine, (s) => s.counts.stockLevels === 7);
    expect(h.engine.status.get().live).toBe(false);
  });

  it('pulls when the live stream pokes it, and reconnects a dropped stream', async () => {
    const h = await harness();
    h.engine.start();
    await waitForStatus(h.engine, (s) => s.lastSyncAt !== null && s.connection === 'online');
    const live = startLiveEvents({
      url: `${h.server.url}/events`, headers: () => ({ authorization: `Device ${[...h.server.state.devices.values()].map((d) => `${d.id}.${d.secret}`)[0]}` }),
      onPoke: () => h.engine.poked(), onConnectionChange: (c) => h.engine.setLive(c), logger: silentLogger,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    try {
      await waitForStatus(h.engine, (s) => s.live);
      h.server.state.put('site:site-a', 'stock_level', 'loc-a2|item-0005', { siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0005', onHand: 42 });
      h.server.poke(['site:site-a']);
      await waitForStatus(h.engine, (s) => s.counts.stockLevels === 7);
      expect(await onHand(h.db, 'loc-a2', 'item-0005')).toBe(42);

      h.server.dropStreams();
      await waitForStatus(h.engine, (s) => !s.live);
      await waitForStatus(h.engine, (s) => s.live);
      h.server.state.put('site:site-a', 'stock_level', 'loc-a2|item-0005', { siteId: 'site-a', locationId: 'loc-a2', itemId: 'item-0005', onHand: 43 });
      h.server.poke(['site:site-a']);
      await expect.poll(() => onHand(h.db, 'loc-a2', 'item-0005')).toBe(43);
    } finally {
      live.stop();
    }
  });
});

describe('the sync engine under the server’s request limit', () => {
  const pushBytes = (commands: number) => Buffer.byteLength(JSON.stringify({
    commands: Array.from({ length: commands }, (_, i) => ({ mutationId: i + 1, name: 'inventory.recordMovement', args: movement(), createdAt: new Date().toISOString() })),
  }));

  it('halves a push the server refuses as too large until it fits, then keeps the smaller batches', async () => {
    const h = await harness();
    await h.engine.syncNow();
    for (let i = 0; i < 40; i++) await record(h);
    h.server.faults.bodyLimitBytes = pushBytes(8);
    const status = await h.engine.syncNow();
    expect(status).toMatchObject({ connection: 'online', lastError: null, pendingCount: 0 });
    expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(40);
    expect(await onHand(h.db, 'loc-a1', 'item-0001')).toBe(41);
    // About 40 → 19 → 9 → 4 commands: refused three times, then every batch fits.
    const pushes = h.server.calls.filter((c) => c.includes('push'));
    expect(pushes.slice(0, 3)).toEqual(Array(3).fill('413 /trpc/sync.push'));
    expect(pushes.slice(3).every((c) => c === 'sync.push')).toBe(true);

    const before = h.server.calls.length;
    for (let i = 0; i < 10; i++) await record(h);
    await h.engine.syncNow();
    expect(h.server.calls.slice(before).filter((c) => c.startsWith('413'))).toEqual([]);
    expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(50);
  });

  it('keeps a batch under its byte budget without being refused', async () => {
    const h = await harness({ engine: { pushBatchBytes: pushBytes(4) } });
    for (let i = 0; i < 12; i++) await record(h);
    h.server.faults.bodyLimitBytes = pushBytes(4);
    expect(await h.engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0 });
    const pushes = h.server.calls.filter((c) => c.includes('push'));
    expect(pushes.length).toBeGreaterThanOrEqual(3);
    expect(pushes.every((c) => c === 'sync.push')).toBe(true);
  });

  it('stops at a command too large to send even alone, naming it, and keeps it and everything after it', async () => {
    const h = await harness();
    await h.engine.syncNow();
    await record(h, { quantity: 2 });
    const huge = { ...movement({ quantity: 3 }), note: 'n'.repeat(500) };
    await h.engine.queue('inventory.recordMovement', huge);
    await record(h, { quantity: 4 });
    h.server.faults.bodyLimitBytes = pushBytes(1) + 100;
    h.engine.start();
    const status = await waitForStatus(h.engine, (s) => s.lastError !== null && s.nextRetryAt === null);
    expect(status.lastError).toMatch(/^Command #2 \(inventory\.recordMovement, queued .*\) is larger than the sync server accepts .*export the unsent work/);
    // #1 went through, and left the outbox with the pull that carried the station's health.
    expect(status).toMatchObject({ connection: 'online', confirmedMutationId: 1, updateRequired: false, revoked: false });
    expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(1);
    expect((await h.engine.exportOutbox()).commands).toEqual(expect.arrayContaining([
      expect.objectContaining({ mutationId: 2, args: huge }), expect.objectContaining({ mutationId: 3 }),
    ]));
    // Stopped: neither new work nor a hint sends anything until a person acts.
    const calls = h.server.calls.length;
    await record(h);
    h.engine.requestSync();
    expect(h.server.calls.length).toBe(calls);

    h.server.faults.bodyLimitBytes = null;
    expect(await h.engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0 });
    expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(4);
  });
});

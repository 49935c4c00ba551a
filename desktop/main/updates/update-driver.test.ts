// The updater's driver against the real core, over the message path main uses (run-core-host on a
// stand-in parent port, then the core link): only electron-updater is a stand-in, since it needs
// the Electron binary. Time is real but short: the policy's intervals are milliseconds here.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
/* eslint-disable no-restricted-imports -- the driver is tested against the real core it talks to */
import { loadDesktopConfig } from '../../core/config/load-desktop-config';
import { createCore, REPLICA_FILE, type Core } from '../../core/create-core';
import { runCoreHost, type ParentPortLike } from '../../core/entry/run-core-host';
import { MetaKey, setMeta } from '../../core/replica/meta.repo';
import { openReplica } from '../../core/replica/open-replica';
import type { ReplicaDatabase } from '../../core/replica/replica.schema';
import { localRouter } from '../../core/router/local-router';
import { SyncMetaKey, setSyncMeta } from '../../core/sync-engine/outbox.repo';
import { movement } from '../../core/sync-engine/test/engine-harness';
import { startFakeProtocolServer, type FakeProtocolServer } from '../../core/sync-engine/test/fake-protocol-server';
import { makeCatalog } from '../../core/test/fake-catalog';
import { silentLogger } from '../../core/test/silent-logger';
import { signInTestOperator } from '../../core/test/test-operator';
/* eslint-enable no-restricted-imports */
import { createCoreLink } from './core-link';
import { FakeAppUpdater } from './test/fake-app-updater';
import { startUpdateDriver, type UpdateDriver } from './update-driver';
import { DEFAULT_UPDATE_POLICY, type UpdatePolicyOptions } from './update-policy';

const FAST: UpdatePolicyOptions = {
  ...DEFAULT_UPDATE_POLICY,
  firstCheckMs: 10, checkJitterMs: 0, requiredRecheckMs: 50, probeEveryMs: 30, askedProbeEveryMs: 10, retry: { initialMs: 10, maxMs: 40 },
};

class ParentPort extends EventEmitter implements ParentPortLike {
  postMessage(message: unknown): void {
    this.emit('sent', message);
  }
}

interface Station {
  core: Core; updater: FakeAppUpdater; driver: UpdateDriver; caller: ReturnType<typeof localRouter.createCaller>;
  /** What main does when quitAndInstall quits the app: the core closes its replica and exits. */
  shutdown(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A core on a fresh replica (`prepare` writes to it first), run by run-core-host, with the driver wired to it as main does. */
async function startStation({ prepare, server, options = FAST, offered = null, failChecks = 0 }: {
  prepare?: (db: Kysely<ReplicaDatabase>) => Promise<void>; server?: FakeProtocolServer; options?: UpdatePolicyOptions; offered?: string | null;
  /** Checks the updater fails before it answers: set before the driver starts, which checks at once. */
  failChecks?: number;
} = {}): Promise<Station> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'capliquify-updater-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (prepare) {
    const replica = await openReplica(path.join(dataDir, REPLICA_FILE));
    await prepare(replica.db);
    await replica.close();
  }
  const config = loadDesktopConfig({ CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir, CAPLIQUIFY_SERVER_URL: server?.url ?? 'http://127.0.0.1:9' });
  const parent = new ParentPort();
  let core: Core | undefined;
  const exited = new Promise<void>((resolve) => {
    runCoreHost(parent, {
      logger: silentLogger,
      startCore: async () => (core = await createCore(config, {
        logger: silentLogger, backoff: { initialMs: 5, maxMs: 20 },
        enrollWith: server ? { code: server.state.issueCode('site-a'), name: 'Goods-in' } : undefined,
      })),
      serve: () => undefined,
      exit: () => resolve(),
    });
  });
  await new Promise((resolve) => parent.once('sent', resolve));
  // Messages cross a process boundary in Electron: never synchronously.
  const link = createCoreLink((message) => {
    setImmediate(() => parent.emit('message', { data: message, ports: [] }));
    return true;
  }, 2_000);
  parent.on('sent', (message) => setImmediate(() => link.receive(message)));
  const updater = new FakeAppUpdater();
  updater.offered = offered;
  updater.failChecks = failChecks;
  const driver = startUpdateDriver({ updater, core: link, config: { feedUrl: 'https://updates.test/updates/stable', appVersion: '1.4.0' }, log: () => undefined, options });
  link.onNotice((notice) => driver.dispatch({ type: notice }));
  const shutdown = async () => {
    driver.stop();
    parent.emit('message', { data: { type: 'capliquify:shutdown' }, ports: [] });
    await exited;
  };
  cleanups.push(shutdown);
  return { core: core!, updater, driver, caller: localRouter.createCaller(core!.createContext()), shutdown };
}

const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 10 });

async function countingAt(db: Kysely<ReplicaDatabase>, deviceId: string): Promise<void> {
  await setMeta(db, MetaKey.DeviceId, deviceId);
  await db.insertInto('count_sessions').values({ id: 'cs-1', site_id: 'site-a', status: 'counting', created_at: new Date().toISOString(), data: '{}' }).execute();
  await db.insertInto('count_lines').values({
    id: 'line-1', session_id: 'cs-1', location_id: 'loc-a1', item_id: 'item-0001', barcode: '0001', lot: null, expiry: null, quantity: 3,
    counter: 'Ana', device_id: deviceId, counted_at: new Date().toISOString(), round: 1, voided: 0,
  }).execute();
}

describe('the update driver on a real core', () => {
  it('checks with the device credential, downloads, and installs at once on an idle station', async () => {
    const { updater, caller } = await startStation({ offered: '1.5.0', prepare: (db) => setSyncMeta(db, SyncMetaKey.Credential, 'cred-abc') });
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, feed: { provider: 'generic', url: 'https://updates.test/updates/stable' } });
    await waitFor(() => expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]));
    expect(updater.checks[0]).toEqual({ authorization: 'Device cred-abc', 'x-capliquify-app-version': '1.4.0' });
    expect(updater.downloads).toEqual(['1.5.0']);
    await waitFor(async () => expect(await caller.updates.view()).toEqual({ state: 'installing', required: false, version: '1.5.0' }));
  });

  it('waits while someone at this station is counting, and installs when they press "Restart now"', async () => {
    const { updater, caller } = await startStation({ offered: '1.5.0', prepare: (db) => countingAt(db, 'dev-counting') });
    await waitFor(async () => expect(await caller.updates.view()).toMatchObject({ state: 'ready', version: '1.5.0', waitingFor: 'count_in_progress' }));
    expect(updater.installs).toEqual([]);
    expect(await caller.updates.installNow()).toEqual({ requested: true });
    await waitFor(() => expect(updater.installs).toHaveLength(1));
  });

  it('shows nothing to install and checks again later when the feed has nothing newer', async () => {
    const { updater, caller } = await startStation();
    await waitFor(async () => expect(await caller.updates.view()).toMatchObject({ state: 'up_to_date', required: false, checkedAt: expect.any(String) }));
    expect(await caller.updates.installNow()).toEqual({ requested: false });
    expect(updater.checks[0]).toEqual({ 'x-capliquify-app-version': '1.4.0' });
  });

  it('says why a check failed and retries with backoff', async () => {
    const updaterFails = await startStation({ offered: '1.5.0', failChecks: 2, options: { ...FAST, retry: { initialMs: 200, maxMs: 200 } } });
    await waitFor(async () => expect(await updaterFails.caller.updates.view()).toMatchObject({ state: 'failed', message: 'net::ERR_CONNECTION_REFUSED' }));
    await waitFor(() => expect(updaterFails.updater.installs).toHaveLength(1));
    expect(updaterFails.updater.checks).toHaveLength(3);
  });
});

describe('with the sync server', () => {
  it('waits for unsent work to reach the server before a normal update, then installs', async () => {
    const server = await startFakeProtocolServer(makeCatalog(6));
    cleanups.push(() => server.close());
    const station = await startStation({ server, prepare: async (db) => void await signInTestOperator(db), options: { ...FAST, firstCheckMs: 3_600_000 } });
    await waitFor(() => expect(station.core.status.get()).toMatchObject({ connection: 'online', enrolled: true }));
    server.faults.failPushes = 1_000_000;
    await station.caller.commands.recordMovement(movement());
    station.updater.offered = '1.5.0';
    station.driver.dispatch({ type: 'timer' });
    station.driver.dispatch({ type: 'update_available', version: '1.5.0' });
    await waitFor(async () => expect(await station.caller.updates.view()).toMatchObject({ state: 'ready', waitingFor: 'outbox_flushing' }));
    expect(station.updater.installs).toEqual([]);

    server.faults.failPushes = 0;
    await waitFor(() => expect(station.updater.installs).toHaveLength(1));
    expect(station.core.status.get().pendingCount).toBe(0);
  });

  it('checks at once when sync answers "update required", and installs over unsent work that cannot leave', async () => {
    const server = await startFakeProtocolServer(makeCatalog(6));
    cleanups.push(() => server.close());
    const station = await startStation({ server, offered: '2.0.0', prepare: async (db) => void await signInTestOperator(db), options: { ...FAST, firstCheckMs: 3_600_000 } });
    await waitFor(() => expect(station.core.status.get()).toMatchObject({ connection: 'online', enrolled: true }));
    expect(station.updater.checks).toEqual([]);

    server.faults.updateRequired = true;
    await station.caller.commands.recordMovement(movement());
    await waitFor(() => expect(station.core.status.get()).toMatchObject({ appUpdateRequired: true, pendingCount: 1 }));
    await waitFor(() => expect(station.updater.installs).toHaveLength(1));
    expect(station.updater.checks).toHaveLength(1);
    expect(station.updater.checks[0]?.authorization).toMatch(/^Device \S+$/);
    expect(await station.caller.updates.view()).toEqual({ state: 'installing', required: true, version: '2.0.0' });
    // The unsent command is still in the replica for the updated app to send.
    expect(station.core.status.get().pendingCount).toBe(1);

    // From the safe point on, writes wait: a scan made while the app quits is refused, not half-written.
    let settled = false;
    const late = station.caller.commands.recordMovement(movement()).finally(() => (settled = true));
    late.catch(() => undefined);
    // A local write takes milliseconds; this one is still waiting well after (not a speed check: it must never settle here).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await station.shutdown();
    await expect(late).rejects.toThrow(/restarting to install an update; nothing was recorded/);
  });
});

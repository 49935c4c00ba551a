import path from 'node:path';
import type { Logger } from 'pino';
import { createItemsService } from './catalog/items.service';
import { createLogger } from './config/create-logger';
import type { DesktopConfig } from './config/load-desktop-config';
import { ensureDeviceId } from './device/device-identity.service';
import { MetaKey, getMeta } from './replica/meta.repo';
import { openReplica, type Replica } from './replica/open-replica';
import { countLive } from './replica/snapshot.repo';
import { localRouter, type LocalRouter } from './router/local-router';
import type { LocalContext } from './router/trpc';
import { createServerClient, serverSnapshotSource } from './server-client/create-server-client';
import { createSnapshotService } from './sync/snapshot.service';
import { startSyncEngineRuntime } from './sync-engine/start-sync-engine';
import { toSyncEngineApi } from './sync-engine/sync-engine-api';
import { createSyncRunner, type Backoff } from './sync/sync-runner.service';
import { createSyncStatusStore, type SyncStatusStore } from './sync/sync-status';

export interface CoreDeps {
  /** Defaults to a JSON logger at the configured level. */
  logger?: Logger;
  backoff?: Backoff;
  pageSize?: number;
  /**
   * Which sync feeds the replica: the walking skeleton's snapshot copy (default until the server's
   * sync procedures ship) or the push/pull sync engine with its outbox.
   */
  engine?: 'snapshot' | 'sync';
  /** With the sync engine: enrol with this one-time code at start if the station is not enrolled. */
  enrollWith?: { code: string; name: string };
}

export interface Core {
  router: LocalRouter;
  createContext(): LocalContext;
  status: SyncStatusStore;
  deviceId: string;
  /** Starts syncing in the background; the router answers from the replica meanwhile. */
  startSync(): void;
  close(): Promise<void>;
}

export const REPLICA_FILE = 'replica.sqlite';

/** The desktop core's one composition root, shared by the Electron utility process and the browser host. */
export async function createCore(config: DesktopConfig, deps: CoreDeps = {}): Promise<Core> {
  const { logger = createLogger(config.logLevel), backoff, pageSize, engine = 'snapshot' } = deps;
  const replica = await openReplica(path.join(config.dataDir, REPLICA_FILE));
  const deviceId = await ensureDeviceId(replica.db);
  if (engine === 'sync') return createSyncEngineCore(config, deps, replica, deviceId, logger);
  const status = createSyncStatusStore({
    connection: 'offline',
    lastSyncAt: await getMeta(replica.db, MetaKey.LastSyncAt),
    lastError: null,
    counts: await countLive(replica.db),
    progress: null,
    nextRetryAt: null,
  });
  const snapshotSource = serverSnapshotSource(createServerClient({ serverUrl: config.serverUrl, deviceId }));
  const snapshot = createSnapshotService({ db: replica.db, source: snapshotSource, logger: logger.child({ subsystem: 'sync' }), pageSize });
  const runner = createSyncRunner({ snapshot, status, logger: logger.child({ subsystem: 'sync' }), serverUrl: config.serverUrl, backoff });
  const items = createItemsService(replica.db);
  const context: LocalContext = { items, sync: { status: () => status.get(), refresh: () => runner.refresh() }, engine: null };
  logger.info({ deviceId, dataDir: config.dataDir }, 'desktop core ready');

  return {
    router: localRouter,
    createContext: () => context,
    status,
    deviceId,
    startSync: () => runner.start(),
    async close() {
      await runner.stop();
      await replica.close();
    },
  };
}

async function createSyncEngineCore(config: DesktopConfig, deps: CoreDeps, replica: Replica, deviceId: string, logger: Logger): Promise<Core> {
  const runtime = await startSyncEngineRuntime({
    db: replica.db, serverUrl: config.serverUrl, logger: logger.child({ subsystem: 'sync' }), backoff: deps.backoff, pullLimit: deps.pageSize, enrollWith: deps.enrollWith,
  });
  const { engine } = runtime;
  const context: LocalContext = {
    items: createItemsService(replica.db),
    sync: { status: () => engine.status.get(), refresh: () => engine.syncNow() },
    engine: toSyncEngineApi(engine),
  };
  logger.info({ deviceId, dataDir: config.dataDir }, 'desktop core ready (sync engine)');
  return {
    router: localRouter,
    createContext: () => context,
    status: engine.status,
    deviceId,
    startSync: () => runtime.start(),
    async close() {
      await runtime.stop();
      await replica.close();
    },
  };
}

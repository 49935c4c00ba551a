import path from 'node:path';
import type { Logger } from 'pino';
import { createItemsService } from './catalog/items.service';
import { createLogger } from './config/create-logger';
import type { DesktopConfig } from './config/load-desktop-config';
import { ensureDeviceId } from './device/device-identity.service';
import { MetaKey, getMeta } from './replica/meta.repo';
import { openReplica } from './replica/open-replica';
import { countLive } from './replica/snapshot.repo';
import { localRouter, type LocalRouter } from './router/local-router';
import type { LocalContext } from './router/trpc';
import { createServerClient, serverSnapshotSource } from './server-client/create-server-client';
import { createSnapshotService } from './sync/snapshot.service';
import { createSyncRunner, type Backoff } from './sync/sync-runner.service';
import { createSyncStatusStore, type SyncStatusStore } from './sync/sync-status';

export interface CoreDeps {
  /** Defaults to a JSON logger at the configured level. */
  logger?: Logger;
  backoff?: Backoff;
  pageSize?: number;
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
export async function createCore(config: DesktopConfig, { logger = createLogger(config.logLevel), backoff, pageSize }: CoreDeps = {}): Promise<Core> {
  const replica = await openReplica(path.join(config.dataDir, REPLICA_FILE));
  const deviceId = await ensureDeviceId(replica.db);
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
  const context: LocalContext = { items, sync: { status: () => status.get(), refresh: () => runner.refresh() } };
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

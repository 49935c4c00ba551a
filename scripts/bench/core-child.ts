// The desktop core in its own process, as in production (Electron's utilityProcess), so the bench
// can sample its memory. Driven by the parent over IPC; see bench-messages.ts.
import path from 'node:path';
import { createCore, type Core } from '../../desktop/core/create-core';
import { loadDesktopConfig } from '../../desktop/core/config/load-desktop-config';
import { openReplica } from '../../desktop/core/replica/open-replica';
import { installOperatorSession, type InstalledOperator } from '../../desktop/core/session/install-operator-session';
import { queueCommand } from '../../desktop/core/sync-engine/local-commands.service';
import type { CoreChildReport, CoreChildRequest } from './bench-messages';
import { receiptArgs, type ReceiptTarget } from './sync-http';

const SYNC_TIMEOUT_MS = 180_000;
let serverUrl = '';
let dataDir = '';
let pageSize: number | undefined;

function report(message: CoreChildReport): void {
  process.send?.(message);
}

async function openCore(enrollWith?: { code: string; name: string }): Promise<Core> {
  const config = loadDesktopConfig({ CAPLIQUIFY_SERVER_URL: serverUrl, CAPLIQUIFY_DESKTOP_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  return createCore(config, { enrollWith, pageSize });
}

/** Resolves when a sync cycle started after this call has finished, with its error if any. */
function syncFinished(core: Core, done: (s: ReturnType<Core['status']['get']>) => boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(`no finished sync within ${SYNC_TIMEOUT_MS} ms`), SYNC_TIMEOUT_MS);
    let seenSyncing = false;
    const unsubscribe = core.status.subscribe((s) => {
      if (s.connection === 'syncing') seenSyncing = true;
      else if (seenSyncing && s.lastError) finish(s.lastError);
      else if (seenSyncing && done(s)) finish(null);
    });
    const finish = (error: string | null) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(error);
    };
  });
}

async function bootstrap(code: string): Promise<void> {
  const started = performance.now();
  const core = await openCore({ code, name: 'Bench station' });
  const createCoreMs = performance.now() - started;
  const synced = syncFinished(core, (s) => s.connection === 'online' && s.lastSyncAt !== null);
  const syncStart = performance.now();
  core.startSync();
  const error = await synced;
  const syncMs = performance.now() - syncStart;
  const { items, stockLevels } = core.status.get().counts;
  report({ type: 'bootstrapped', deviceId: core.deviceId, createCoreMs, syncMs, totalMs: performance.now() - started, items, stockLevels, error });
  await core.close();
}

/** Queues the receipts while the core is closed (offline), then measures going online to an empty outbox. */
async function pushOffline(targets: ReceiptTarget[], operator: InstalledOperator): Promise<void> {
  const replica = await openReplica(path.join(dataDir, 'replica.sqlite'));
  await installOperatorSession(replica.db, operator);
  const queueStart = performance.now();
  for (const target of targets) await queueCommand(replica.db, 'inventory.recordMovement', receiptArgs(target));
  report({ type: 'queued', queued: targets.length, queueMs: performance.now() - queueStart });
  await replica.close();
  const core = await openCore();
  const drained = syncFinished(core, (s) => s.connection === 'online' && s.pendingCount === 0);
  const started = performance.now();
  core.startSync();
  const error = await drained;
  const pushMs = performance.now() - started;
  // A refused receipt drains the outbox too: say so, or the figure would time rejections.
  const rejected = (await core.router.createCaller(core.createContext()).sync.rejections()).length;
  report({ type: 'pushed', pushMs, pendingCount: core.status.get().pendingCount, error: error ?? (rejected > 0 ? `the server rejected ${rejected} receipts` : null) });
  await core.close();
}

process.on('message', (message: CoreChildRequest) => {
  const run = async () => {
    if (message.type === 'bootstrap') {
      serverUrl = message.serverUrl;
      dataDir = message.dataDir;
      pageSize = message.pageSize;
      await bootstrap(message.code);
    } else if (message.type === 'push') {
      await pushOffline(message.targets, message.operator);
    } else {
      process.disconnect();
      process.exit(0);
    }
  };
  run().catch((error: unknown) => {
    console.error('core child failed:', error);
    process.exit(1);
  });
});

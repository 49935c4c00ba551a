import type { Logger } from 'pino';
import { describeSyncError } from './describe-sync-error';
import type { SnapshotService } from './snapshot.service';
import type { SyncStatus, SyncStatusStore } from './sync-status';

export interface Backoff { initialMs: number; maxMs: number }

export interface SyncRunnerOptions {
  snapshot: SnapshotService;
  status: SyncStatusStore;
  logger: Logger;
  serverUrl: string;
  backoff?: Backoff;
}

export interface SyncRunner {
  /** Starts the first sync in the background; failures are retried with exponential backoff. */
  start(): void;
  /** Syncs now (or joins the sync already running) and resolves with the resulting status. */
  refresh(): Promise<SyncStatus>;
  /** Cancels retries and waits for a running sync to settle. */
  stop(): Promise<void>;
}

/**
 * Keeps the replica fed with snapshots. Deliberately simple: the push/pull sync engine replaces it
 * in a later issue, behind the same status model.
 */
export function createSyncRunner({ snapshot, status, logger, serverUrl, backoff = { initialMs: 1000, maxMs: 60_000 } }: SyncRunnerOptions): SyncRunner {
  let running: Promise<SyncStatus> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let stopped = false;

  const cancelRetry = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };

  /** Arms the retry timer and returns when it fires. */
  const scheduleRetry = (): string => {
    // Jitter keeps a fleet of stations from hammering a server that just came back.
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures - 1, 16));
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    retryTimer = setTimeout(() => void runOnce(), delay);
    retryTimer.unref();
    return new Date(Date.now() + delay).toISOString();
  };

  const runOnce = (): Promise<SyncStatus> => {
    if (running) return running;
    cancelRetry();
    status.update({ connection: 'syncing', progress: null, nextRetryAt: null });
    running = (async () => {
      try {
        const result = await snapshot.fetchSnapshot((progress) => status.update({ progress }));
        failures = 0;
        status.update({ connection: 'online', lastSyncAt: result.syncedAt.toISOString(), lastError: null, counts: result.counts, progress: null });
      } catch (error) {
        failures += 1;
        const described = describeSyncError(error, serverUrl);
        // One warning per outage; the retries of a station left offline all night stay at debug.
        const level = failures === 1 ? 'warn' : 'debug';
        logger[level]({ err: error, failures }, described.message);
        const nextRetryAt = described.retryable && !stopped ? scheduleRetry() : null;
        status.update({ connection: described.unreachable ? 'offline' : 'online', lastError: described.message, progress: null, nextRetryAt });
      } finally {
        running = null;
      }
      return status.get();
    })();
    return running;
  };

  return {
    start() {
      stopped = false;
      void runOnce();
    },
    refresh: () => runOnce(),
    async stop() {
      stopped = true;
      cancelRetry();
      await running;
    },
  };
}

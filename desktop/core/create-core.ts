import path from 'node:path';
import type { Logger } from 'pino';
import { createLogger } from './config/create-logger';
import { createJobEventsStore } from './admin/job-events.store';
import { createLocalContext } from './create-local-context';
import type { DesktopConfig } from './config/load-desktop-config';
import { createDeviceHealthReporter } from './device/device-health';
import { buildDiagnosticsBundle, stationFacts } from './diagnostics/diagnostics-bundle';
import { createLogRing, type LogRing } from './diagnostics/log-ring';
import { ensureDeviceId } from './device/device-identity.service';
import { openReplica } from './replica/open-replica';
import { localRouter, type LocalRouter } from './router/local-router';
import type { LocalContext } from './router/trpc';
import { loadServerClock } from './sync-engine/server-clock';
import { startSyncEngineRuntime } from './sync-engine/start-sync-engine';
import type { Backoff, StatusCell, SyncEngineStatus } from './sync-engine/sync-engine-status';
import { createCoreUpdates, type CoreUpdates } from './updates/core-updates.service';

export interface StationEnrollment { code: string; name: string }

export interface CoreDeps {
  /** Defaults to a JSON logger at the configured level, keeping its recent lines in `logRing`. */
  logger?: Logger;
  /** Where the logger keeps recent lines for a diagnostic bundle (give the same one to `createLogger`). */
  logRing?: LogRing;
  backoff?: Backoff;
  /** Rows per pull page. */
  pageSize?: number;
  /** Enrol with this one-time code at start if the station is not enrolled yet. */
  enrollWith?: StationEnrollment;
  /** This device's clock (tests play a station whose clock is hours off); `Date.now` by default. */
  localNow?: () => number;
}

export interface Core {
  router: LocalRouter;
  createContext(): LocalContext;
  status: StatusCell<SyncEngineStatus>;
  /** The server's device id once enrolled (as of the core's start), a local one before. */
  deviceId: string;
  /** Facts and quiescing for Electron main's updater, and the update banner's state. */
  updates: CoreUpdates;
  /** Starts syncing in the background; the router answers from the replica meanwhile. */
  startSync(): void;
  close(): Promise<void>;
}

export const REPLICA_FILE = 'replica.sqlite';

/** The enrolment a configured station starts with: its code, if an administrator set one. */
export function configuredEnrollment(config: DesktopConfig): StationEnrollment | undefined {
  return config.enrollmentCode === null ? undefined : { code: config.enrollmentCode, name: config.stationName };
}

/** The desktop core's one composition root, shared by the Electron utility process and the browser host. */
export async function createCore(config: DesktopConfig, deps: CoreDeps = {}): Promise<Core> {
  const { logRing = createLogRing(), backoff, pageSize, enrollWith, localNow } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel, 'desktop', logRing);
  const replica = await openReplica(path.join(config.dataDir, REPLICA_FILE));
  const syncLogger = logger.child({ subsystem: 'sync' });
  // Counting stamps scans with server time: this clock learns the offset from every sync answer.
  const clock = await loadServerClock(replica.db, syncLogger, localNow);
  const jobEvents = createJobEventsStore();
  const health = createDeviceHealthReporter({ db: replica.db, appVersion: config.appVersion, channel: config.updateChannel, dataDir: config.dataDir });
  // What an admin's "request diagnostics" gets: the station's state and its recent log lines.
  const diagnosticsBundle = async (requestId: string, status: SyncEngineStatus) => buildDiagnosticsBundle(await stationFacts(replica.db, {
    requestId, appVersion: config.appVersion, generatedAt: new Date().toISOString(), status,
    health: await health(status).catch(() => null), logLinesDropped: logRing.dropped(),
  }), logRing.lines());
  const runtime = await startSyncEngineRuntime({
    db: replica.db, serverUrl: config.serverUrl, logger: syncLogger, backoff, pullLimit: pageSize, enrollWith, clock, onJob: jobEvents.record, health, appVersion: config.appVersion,
    diagnosticsBundle,
  });
  // Read after a start-up enrolment, which replaces the local id with the one the server issued.
  const deviceId = await ensureDeviceId(replica.db);
  const { engine } = runtime;
  const updates = createCoreUpdates({ db: replica.db, engine, credential: runtime.credential, clock });
  const context: LocalContext = createLocalContext({
    db: replica.db, engine, auth: runtime.auth, serverUrl: config.serverUrl, stationName: config.stationName, clock, jobEvents, updates,
  });
  logger.info({ deviceId, dataDir: config.dataDir, enrolled: engine.status.get().enrolled }, 'desktop core ready');

  return {
    router: localRouter,
    createContext: () => context,
    status: engine.status,
    deviceId,
    updates,
    startSync: () => runtime.start(),
    async close() {
      updates.close();
      await runtime.stop();
      await replica.close();
    },
  };
}

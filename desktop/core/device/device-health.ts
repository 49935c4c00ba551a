import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { deviceHealthSchema, type DeviceHealth } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { countOutbox } from '../sync-engine/outbox.repo';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';
import { oldestPendingAt } from '../updates/station-activity.repo';

export interface DeviceHealthDeps {
  db: Kysely<ReplicaDatabase>;
  appVersion: string;
  channel: string;
  /** The folder holding the replica: the disk that fills up is the one it is on. */
  dataDir: string;
  /** e.g. `win32 10.0.22631 x64`; this machine's by default. */
  os?: string;
  freeDiskBytes?: (dir: string) => Promise<number | null>;
}

/** Space an unprivileged process may still use on the disk holding `dir`; null when it cannot be read. */
export async function freeDiskBytes(dir: string): Promise<number | null> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

export function describeOs(): string {
  return `${process.platform} ${os.release()} ${process.arch}`;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Builds the report a station sends with every pull: what it runs, how much work it holds unsent
 * and since when, its last error and last sync (as the sync engine's status has them), free disk.
 * Clipped to the wire schema's limits, so a long error message never fails the pull.
 */
export function createDeviceHealthReporter(deps: DeviceHealthDeps): (status: SyncEngineStatus) => Promise<DeviceHealth> {
  const { db, appVersion, channel, dataDir, os: osName = describeOs(), freeDiskBytes: diskFree = freeDiskBytes } = deps;
  return async (status) => deviceHealthSchema.parse({
    appVersion: clip(appVersion, 64),
    channel: clip(channel, 64),
    os: clip(osName, 200),
    outboxDepth: await countOutbox(db),
    oldestPendingAt: await oldestPendingAt(db),
    lastError: status.lastError === null ? null : clip(status.lastError, 2000),
    freeDiskBytes: await diskFree(dataDir),
    lastSyncAt: status.lastSyncAt,
  });
}

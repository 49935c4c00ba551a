import type { Kysely } from 'kysely';
import type { DeviceHealth } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { SyncMetaKey, getSyncMeta, listOutbox } from '../sync-engine/outbox.repo';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';

/** What a bundle is sent as: NDJSON, readable in any editor, one JSON value per line. */
export const BUNDLE_CONTENT_TYPE = 'application/x-ndjson';
/** Far below the server's limit (20 MB by default): the newest lines go first into this. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
const PENDING_LISTED = 50;

/** The station as it stands when the bundle is made; its first line. */
export interface StationFacts {
  requestId: string;
  deviceId: string | null;
  appVersion: string;
  generatedAt: string;
  status: SyncEngineStatus;
  health: DeviceHealth | null;
  /** The oldest pending commands: id, name and when, never their arguments (they may hold people's data). */
  pending: { mutationId: number; name: string; createdAt: string }[];
  logLinesDropped: number;
}

/** Reads what the first line says about the station from its replica. */
export async function stationFacts(db: Kysely<ReplicaDatabase>, facts: Omit<StationFacts, 'deviceId' | 'pending'>): Promise<StationFacts> {
  const pending = await listOutbox(db, { limit: PENDING_LISTED });
  return {
    ...facts,
    deviceId: await getSyncMeta(db, SyncMetaKey.DeviceId),
    pending: pending.map((c) => ({ mutationId: c.mutationId, name: c.name, createdAt: c.createdAt })),
  };
}

/**
 * The bundle: a first line describing the station, then its recent log lines oldest first. When
 * everything would not fit in `maxBytes`, the oldest lines are left out and the first line says
 * how many.
 */
export function buildDiagnosticsBundle(facts: StationFacts, logLines: readonly string[], maxBytes = MAX_BUNDLE_BYTES): { bytes: Uint8Array; contentType: string } {
  const header = (kept: number) => JSON.stringify({ bundle: 'capliquify-diagnostics', format: 1, ...facts, logLines: kept, logLinesOmitted: logLines.length - kept });
  // The counts in the header grow by a few digits once lines are left out: 64 bytes of slack.
  let budget = maxBytes - Buffer.byteLength(header(logLines.length)) - 64;
  let first = logLines.length;
  while (first > 0) {
    const size = Buffer.byteLength(logLines[first - 1]!) + 1;
    if (size > budget) break;
    budget -= size;
    first -= 1;
  }
  const kept = logLines.slice(first);
  const text = [header(kept.length), ...kept].join('\n') + '\n';
  return { bytes: new TextEncoder().encode(text), contentType: BUNDLE_CONTENT_TYPE };
}

import type { DeviceHealth } from '@capliquify/shared';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** What one request told us about a device: its app version header, and its health report when it sent one. */
export interface DeviceSighting {
  deviceId: string;
  tenantId: string;
  headerAppVersion: string | null;
  health: DeviceHealth | null;
}

const HEALTH_COLUMNS = ['reported_at', 'app_version', 'channel', 'os', 'outbox_depth', 'oldest_pending_at', 'last_error', 'free_disk_bytes', 'last_sync_at'] as const;

// A station's clock or its report may be wrong; a bad date must not fail the write of the others.
function instant(text: string | null | undefined): Date | null {
  if (!text) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Records the latest sighting of each device in one statement: the header's app version whenever
 * sent, the health columns only from a request that carried a report (a pull without one keeps
 * the last report).
 */
export async function recordSightings(db: Kysely<Database>, sightings: DeviceSighting[]): Promise<void> {
  // One row per device: ON CONFLICT cannot update the same row twice in a statement.
  const latest = [...new Map(sightings.map((s) => [s.deviceId, s])).values()];
  if (latest.length === 0) return;
  const now = new Date();
  await db.insertInto('device_health').values(latest.map(({ deviceId, tenantId, headerAppVersion, health }) => ({
    device_id: deviceId, tenant_id: tenantId, seen_at: now, header_app_version: headerAppVersion?.slice(0, 64) ?? null,
    reported_at: health ? now : null,
    app_version: health?.appVersion ?? null,
    channel: health?.channel ?? null,
    os: health?.os ?? null,
    outbox_depth: health ? Math.min(health.outboxDepth, 2_147_483_647) : null,
    oldest_pending_at: instant(health?.oldestPendingAt),
    last_error: health?.lastError ?? null,
    free_disk_bytes: health?.freeDiskBytes == null ? null : Math.min(Math.round(health.freeDiskBytes), Number.MAX_SAFE_INTEGER),
    last_sync_at: instant(health?.lastSyncAt),
  }))).onConflict((oc) => oc.column('device_id').doUpdateSet({
    seen_at: sql`excluded.seen_at`,
    header_app_version: sql`coalesce(excluded.header_app_version, device_health.header_app_version)`,
    ...Object.fromEntries(HEALTH_COLUMNS.map((column) => [column, sql`case when excluded.reported_at is null then ${sql.ref(`device_health.${column}`)} else ${sql.ref(`excluded.${column}`)} end`])),
  })).execute();
}

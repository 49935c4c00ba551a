import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { notFound } from '../errors/app.error';
import { listDeviceRows, revokeDeviceRow } from './devices.repo';

export interface DeviceSummary {
  id: string;
  tenantId: string;
  name: string;
  siteId: string | null;
  role: string;
  appVersion: string | null;
  revokedAt: string | null;
  lastMutationId: number;
  lastPullAt: string | null;
  lastSeenAt: string;
  outboxDepth: number;
  rejections: number;
}

/** Every device (of one tenant, or all), oldest first. */
export async function listDevices(db: Kysely<Database>, tenantId: string | null = null): Promise<DeviceSummary[]> {
  const rows = await listDeviceRows(db, tenantId);
  return rows.map((d) => ({
    id: d.id, tenantId: d.tenant_id, name: d.name, siteId: d.site_id, role: d.role, appVersion: d.app_version,
    revokedAt: d.revoked_at?.toISOString() ?? null, lastMutationId: Number(d.last_mutation_id),
    lastPullAt: d.last_pull_at?.toISOString() ?? null, lastSeenAt: d.last_seen_at.toISOString(),
    outboxDepth: d.outbox_depth, rejections: Number(d.rejections ?? 0),
  }));
}

/** Revokes a device: every later sync call answers DEVICE_REVOKED. Revoking twice keeps the first time. */
export async function revokeDevice(db: Kysely<Database>, deviceId: string): Promise<void> {
  if (!(await revokeDeviceRow(db, deviceId))) throw notFound(`No device "${deviceId}".`);
}

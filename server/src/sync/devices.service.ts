import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { appendAudit } from '../audit/audit.service';
import { notFound } from '../errors/app.error';
import { forgetDevice } from './device-auth-cache';
import { listDeviceRows, revokeDeviceRow } from './devices.repo';
import type { PokeBus } from './poke-bus';

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

/**
 * Revokes a device: every later sync call answers DEVICE_REVOKED. Revoking twice keeps the first
 * time. This process forgets the device's cached credential at once; given the poke bus, every
 * other API instance does too and ends the device's event stream.
 */
export async function revokeDevice(db: Kysely<Database>, deviceId: string, bus?: PokeBus, actorUserId?: string | null): Promise<void> {
  const tenantId = await db.transaction().execute(async (trx) => {
    const revokedIn = await revokeDeviceRow(trx, deviceId);
    if (revokedIn !== null) await appendAudit(trx, { tenantId: revokedIn, actorUserId, action: 'device.revoked', subject: `device:${deviceId}` });
    return revokedIn;
  });
  if (tenantId === null) throw notFound(`No device "${deviceId}".`);
  forgetDevice(deviceId);
  await bus?.publish({ tenantId, scopes: [], revokedDeviceIds: [deviceId] });
}

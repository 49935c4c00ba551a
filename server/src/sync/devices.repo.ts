import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, DevicesTable } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export type DeviceRow = Selectable<DevicesTable>;

export async function insertDevice(trx: Db, device: {
  id: string; tenantId: string; siteId: string; name: string; credentialHash: string; appVersion: string | null; role?: string;
}): Promise<void> {
  const now = new Date();
  await trx.insertInto('devices').values({
    id: device.id, tenant_id: device.tenantId, site_id: device.siteId, name: device.name,
    credential_hash: device.credentialHash, app_version: device.appVersion, first_seen_at: now, last_seen_at: now,
    ...(device.role === undefined ? {} : { role: device.role }),
  }).execute();
}

export async function findDevice(db: Db, deviceId: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
}

/** The device row, locked until the transaction ends: one device's commands apply one at a time. */
export async function lockDevice(trx: Transaction<Database>, deviceId: string): Promise<DeviceRow | undefined> {
  return trx.selectFrom('devices').selectAll().where('id', '=', deviceId).forUpdate().executeTakeFirst();
}

/** A push batch's one write to the device row: the new lastMutationId and/or the outbox depth it reported. */
export async function setDeviceProgress(trx: Transaction<Database>, deviceId: string, progress: { lastMutationId?: number; outboxDepth?: number }): Promise<void> {
  await trx.updateTable('devices').set({
    last_seen_at: new Date(),
    ...(progress.lastMutationId === undefined ? {} : { last_mutation_id: progress.lastMutationId }),
    ...(progress.outboxDepth === undefined ? {} : { outbox_depth: progress.outboxDepth }),
  }).where('id', '=', deviceId).execute();
}

/** Records that these devices pulled just now: one statement for a whole coalesced batch. */
export async function touchLastPull(db: Db, deviceIds: string[]): Promise<void> {
  if (deviceIds.length === 0) return;
  await db.updateTable('devices').set({ last_pull_at: sql`now()`, last_seen_at: sql`now()` }).where('id', 'in', deviceIds).execute();
}

/** Marks the device revoked (keeping an earlier time); its tenant, or null when there is no such device. */
export async function revokeDeviceRow(db: Db, deviceId: string): Promise<string | null> {
  const row = await db.updateTable('devices').set({ revoked_at: sql`coalesce(revoked_at, now())` }).where('id', '=', deviceId).returning('tenant_id').executeTakeFirst();
  return row?.tenant_id ?? null;
}

export interface DeviceSummaryRow extends DeviceRow {
  rejections: string;
}

export async function listDeviceRows(db: Db, tenantId: string | null): Promise<DeviceSummaryRow[]> {
  return db
    .selectFrom('devices')
    .selectAll('devices')
    .select((eb) => eb.selectFrom('sync_rejections').select(eb.fn.countAll<string>().as('n')).whereRef('sync_rejections.device_id', '=', 'devices.id').as('rejections'))
    .$if(tenantId !== null, (q) => q.where('devices.tenant_id', '=', tenantId!))
    .orderBy('devices.first_seen_at')
    .orderBy('devices.id')
    .execute() as Promise<DeviceSummaryRow[]>;
}

export async function insertRejection(trx: Transaction<Database>, rejection: {
  tenantId: string; deviceId: string; mutationId: number; name: string; code: string; reason: string; args: unknown;
}): Promise<void> {
  await trx.insertInto('sync_rejections').values({
    tenant_id: rejection.tenantId, device_id: rejection.deviceId, mutation_id: rejection.mutationId,
    name: rejection.name, code: rejection.code, reason: rejection.reason,
    args: rejection.args === undefined ? null : JSON.stringify(rejection.args),
  }).onConflict((oc) => oc.columns(['device_id', 'mutation_id']).doNothing()).execute();
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Every device of the tenant with its site, its latest health report and the server's own view. */
export async function listFleetRows(db: Db, tenantId: string) {
  return db.selectFrom('devices')
    .leftJoin('sites', 'sites.id', 'devices.site_id')
    .leftJoin('device_health', 'device_health.device_id', 'devices.id')
    .select([
      'devices.id', 'devices.name', 'devices.site_id', 'sites.name as site_name', 'devices.canary', 'devices.update_channel',
      'devices.app_version as enrolled_app_version', 'devices.revoked_at', 'devices.last_pull_at', 'devices.last_seen_at', 'devices.first_seen_at',
      'devices.outbox_depth as pushed_outbox_depth', 'devices.diagnostics_request_id',
      'device_health.header_app_version', 'device_health.reported_at', 'device_health.app_version', 'device_health.channel', 'device_health.os',
      'device_health.outbox_depth', 'device_health.oldest_pending_at', 'device_health.last_error', 'device_health.free_disk_bytes', 'device_health.last_sync_at',
    ])
    .where('devices.tenant_id', '=', tenantId)
    .orderBy('devices.name').orderBy('devices.id')
    .execute();
}
export type FleetRow = Awaited<ReturnType<typeof listFleetRows>>[number];

/** The device of this tenant, locked for the transaction; undefined for another tenant's. */
export async function lockTenantDevice(trx: Transaction<Database>, tenantId: string, deviceId: string) {
  return trx.selectFrom('devices').select(['id', 'name', 'update_channel', 'canary', 'revoked_at', 'diagnostics_request_id'])
    .where('id', '=', deviceId).where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
}

export async function setDeviceFleetFields(trx: Transaction<Database>, deviceId: string, fields: { update_channel?: string | null; canary?: boolean; diagnostics_request_id?: string | null }): Promise<void> {
  await trx.updateTable('devices').set(fields).where('id', '=', deviceId).execute();
}

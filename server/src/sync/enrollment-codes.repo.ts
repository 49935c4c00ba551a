import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DeviceEnrollmentCodesTable } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertEnrollmentCode(db: Db, code: { codeHash: string; tenantId: string; siteId: string; name: string | null; expiresAt: Date; deviceRole: string }): Promise<void> {
  await db.insertInto('device_enrollment_codes').values({
    code_hash: code.codeHash, tenant_id: code.tenantId, site_id: code.siteId, name: code.name, expires_at: code.expiresAt, device_role: code.deviceRole,
  }).execute();
}

/** The code's row, locked so two devices racing with one code cannot both use it. */
export async function lockEnrollmentCode(trx: Transaction<Database>, codeHash: string): Promise<Selectable<DeviceEnrollmentCodesTable> | undefined> {
  return trx.selectFrom('device_enrollment_codes').selectAll().where('code_hash', '=', codeHash).forUpdate().executeTakeFirst();
}

export async function markEnrollmentCodeUsed(trx: Transaction<Database>, codeHash: string): Promise<void> {
  await trx.updateTable('device_enrollment_codes').set({ used_at: new Date() }).where('code_hash', '=', codeHash).execute();
}

export async function siteExists(db: Db, tenantId: string, siteId: string): Promise<boolean> {
  const row = await db.selectFrom('sites').select('id').where('tenant_id', '=', tenantId).where('id', '=', siteId).executeTakeFirst();
  return row !== undefined;
}

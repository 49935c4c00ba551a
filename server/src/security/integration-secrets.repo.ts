import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface SealedSecretRow { tenantId: string; name: string; keyId: string; sealed: string; updatedAt: Date }

export async function upsertSealedSecret(db: Db, row: { tenantId: string; name: string; keyId: string; sealed: string }): Promise<void> {
  await db.insertInto('integration_secrets')
    .values({ tenant_id: row.tenantId, name: row.name, key_id: row.keyId, sealed: row.sealed, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet((eb) => ({
      key_id: eb.ref('excluded.key_id'), sealed: eb.ref('excluded.sealed'), updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute();
}

export async function readSealedSecret(db: Db, tenantId: string, name: string): Promise<SealedSecretRow | null> {
  const row = await db.selectFrom('integration_secrets').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  return row ? toRow(row) : null;
}

/** True when a row was deleted. */
export async function deleteSealedSecret(db: Db, tenantId: string, name: string): Promise<boolean> {
  const result = await db.deleteFrom('integration_secrets').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Names and key ids only (the sealed value stays in the database). */
export async function listSecretNames(db: Db, tenantId?: string): Promise<Omit<SealedSecretRow, 'sealed'>[]> {
  let query = db.selectFrom('integration_secrets').select(['tenant_id', 'name', 'key_id', 'updated_at']).orderBy('tenant_id').orderBy('name');
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return (await query.execute()).map((r) => ({ tenantId: r.tenant_id, name: r.name, keyId: r.key_id, updatedAt: r.updated_at }));
}

export async function listTenantsWithStaleSecrets(db: Db, currentKeyId: string): Promise<string[]> {
  const rows = await db.selectFrom('integration_secrets').select('tenant_id').distinct().where('key_id', '<>', currentKeyId).orderBy('tenant_id').execute();
  return rows.map((r) => r.tenant_id);
}

/** A tenant's rows sealed with another key than the current one, locked against a concurrent put until commit. */
export async function lockStaleSecrets(trx: Transaction<Database>, tenantId: string, currentKeyId: string): Promise<SealedSecretRow[]> {
  const rows = await trx.selectFrom('integration_secrets').selectAll().where('tenant_id', '=', tenantId).where('key_id', '<>', currentKeyId)
    .orderBy('name').forUpdate().execute();
  return rows.map(toRow);
}

export async function countSecrets(db: Db): Promise<number> {
  const { count } = await db.selectFrom('integration_secrets').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

function toRow(r: { tenant_id: string; name: string; key_id: string; sealed: string; updated_at: Date }): SealedSecretRow {
  return { tenantId: r.tenant_id, name: r.name, keyId: r.key_id, sealed: r.sealed, updatedAt: r.updated_at };
}

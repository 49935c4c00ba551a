import type { Rejection } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The rejections recorded for mutation ids `from`..`to` of a device, in id order. */
export async function findRejections(db: Db, deviceId: string, from: number, to: number): Promise<Rejection[]> {
  const rows = await db.selectFrom('sync_rejections').select(['mutation_id', 'name', 'code', 'reason'])
    .where('device_id', '=', deviceId).where('mutation_id', '>=', String(from)).where('mutation_id', '<=', String(to))
    .orderBy('mutation_id').execute();
  return rows.map((row) => ({ mutationId: Number(row.mutation_id), name: row.name, code: row.code, reason: row.reason }));
}

export async function countRejections(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('sync_rejections').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

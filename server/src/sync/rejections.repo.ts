import type { Rejection } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function findRejection(db: Db, deviceId: string, mutationId: number): Promise<Rejection | null> {
  const row = await db.selectFrom('sync_rejections').select(['mutation_id', 'name', 'code', 'reason'])
    .where('device_id', '=', deviceId).where('mutation_id', '=', String(mutationId)).executeTakeFirst();
  return row ? { mutationId: Number(row.mutation_id), name: row.name, code: row.code, reason: row.reason } : null;
}

export async function countRejections(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('sync_rejections').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CountAuditTable, Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** One audit row per approved row; a row already audited is left as it is. */
export async function insertAuditRows(db: Db, rows: Insertable<CountAuditTable>[]): Promise<void> {
  // 14 parameters a row: 1,000 rows stay far below PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += 1_000) {
    await db.insertInto('count_audit').values(rows.slice(i, i + 1_000))
      .onConflict((oc) => oc.columns(['tenant_id', 'session_id', 'location_id', 'item_id']).doNothing()).execute();
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DemoRows, DemoTable } from './demo.types';

/** PostgreSQL's wire protocol caps one statement at 65,535 bind parameters. */
export const MAX_BIND_PARAMETERS = 65_535;
// Past a few thousand rows a statement gets no faster, only bigger to build and parse.
const MAX_ROWS_PER_BATCH = 4_000;

export function batchSizeFor(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_BATCH, Math.floor(MAX_BIND_PARAMETERS / Math.max(1, columns))));
}

/**
 * Claims the tenant id: inserts the tenant row unless it exists. Returns false when it already
 * existed, which makes seeding idempotent even when two seeders race (the second waits on the
 * first's row lock and then finds it taken).
 */
export async function claimTenant(db: Kysely<Database>, tenant: DemoRows['tenants'][number]): Promise<boolean> {
  const result = await db.insertInto('tenants').values(tenant).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function tenantExists(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  return row !== undefined;
}

/** Multi-row inserts in batches that stay under the bind-parameter limit; reports rows done after each batch. */
export async function insertInBatches<T extends DemoTable>(
  db: Kysely<Database>, table: T, rows: DemoRows[T], onBatch?: (done: number, total: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = batchSizeFor(columns);
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    // The generic table name defeats Kysely's per-table value typing; DemoRows already typed each row.
    await db.insertInto(table).values(batch as never).execute();
    onBatch?.(Math.min(start + size, rows.length), rows.length);
  }
}

/** Row counts of the demo tenant's data, table by table. */
export async function countTenantRows(db: Kysely<Database>, tables: readonly DemoTable[], tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = table === 'tenants'
      ? await db.selectFrom('tenants').select((eb) => eb.fn.countAll<string>().as('n')).where('id', '=', tenantId).executeTakeFirstOrThrow()
      : await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

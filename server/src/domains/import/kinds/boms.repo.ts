import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema';
import type { Db } from '../import-kind';

export interface BomLine { parentItemId: string; componentItemId: string; quantity: number }

/** Sets the quantity of each parent–component line (insert or update): a re-run changes nothing. */
export async function upsertBomLines(trx: Transaction<Database>, tenantId: string, lines: BomLine[]): Promise<void> {
  if (lines.length === 0) return;
  await trx.insertInto('bom_lines')
    .values(lines.map((l) => ({ tenant_id: tenantId, parent_item_id: l.parentItemId, component_item_id: l.componentItemId, quantity: l.quantity })))
    .onConflict((oc) => oc.columns(['parent_item_id', 'component_item_id']).doUpdateSet((eb) => ({ quantity: eb.ref('excluded.quantity') })))
    .execute();
}

/**
 * The rows whose line would close a loop (a part that ends up inside itself): its component
 * already contains its parent, through the BOM lines stored or the other lines of this batch.
 */
export async function findLoops(db: Db, tenantId: string, lines: (BomLine & { row: number })[]): Promise<Set<number>> {
  if (lines.length === 0) return new Set();
  const rows = lines.map((l) => l.row);
  const parents = lines.map((l) => l.parentItemId);
  const components = lines.map((l) => l.componentItemId);
  const { rows: looping } = await sql<{ row: number }>`
    with recursive edges(parent, component) as (
      select parent_item_id, component_item_id from bom_lines where tenant_id = ${tenantId}
      union all select * from unnest(${parents}::text[], ${components}::text[])
    ), reach(row, item) as (
      select * from unnest(${rows}::int[], ${components}::text[])
      union select reach.row, edges.component from reach join edges on edges.parent = reach.item
    )
    select distinct reach.row from reach join unnest(${rows}::int[], ${parents}::text[]) as line(row, parent)
      on line.row = reach.row and line.parent = reach.item`.execute(db);
  return new Set(looping.map((r) => Number(r.row)));
}

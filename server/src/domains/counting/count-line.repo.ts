import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { CountLinesTable, Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;
export type CountLineRecord = Selectable<CountLinesTable>;

/** Inserts the line unless its id is taken; returns the stored row, or null when it already existed. */
export async function insertLine(db: Db, row: Insertable<CountLinesTable>): Promise<CountLineRecord | null> {
  const inserted = await db.insertInto('count_lines').values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).returningAll().executeTakeFirst();
  return inserted ?? null;
}

export async function readLine(db: Db, tenantId: string, lineId: string): Promise<CountLineRecord | undefined> {
  return db.selectFrom('count_lines').selectAll().where('tenant_id', '=', tenantId).where('id', '=', lineId).executeTakeFirst();
}

export async function voidLine(db: Db, tenantId: string, lineId: string, by: string, at: Date): Promise<CountLineRecord> {
  return db.updateTable('count_lines').set({ voided: true, voided_by: by, voided_at: at })
    .where('tenant_id', '=', tenantId).where('id', '=', lineId).returningAll().executeTakeFirstOrThrow();
}

export async function listSessionLines(db: Db, tenantId: string, sessionId: string): Promise<CountLineRecord[]> {
  return db.selectFrom('count_lines').selectAll().where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).orderBy('id').execute();
}

/** Who counted which row of a session in which round (non-voided lines of known items). */
export async function listRowCounters(db: Db, tenantId: string, sessionId: string): Promise<{ location_id: string; item_id: string; counter: string; round: number }[]> {
  return db.selectFrom('count_lines').select(['location_id', 'item_id', 'counter', 'round']).distinct()
    .where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).where('voided', '=', false).where('item_id', 'is not', null)
    .$narrowType<{ item_id: string }>().execute();
}

/** Every line of a site's sessions, for the rebuild of its scope. */
export async function listSiteLines(db: Db, tenantId: string, siteId: string): Promise<CountLineRecord[]> {
  return db.selectFrom('count_lines').selectAll('count_lines')
    .innerJoin('count_sessions', (j) => j.onRef('count_sessions.tenant_id', '=', 'count_lines.tenant_id').onRef('count_sessions.id', '=', 'count_lines.session_id'))
    .where('count_lines.tenant_id', '=', tenantId).where('count_sessions.site_id', '=', siteId).orderBy('count_lines.id').execute();
}

/** The item a barcode belongs to, trying each key in order (GTIN-14, EAN-13, the code as scanned). */
export async function findItemByBarcodes(db: Db, tenantId: string, keys: string[]): Promise<string | null> {
  if (keys.length === 0) return null;
  const rows = await db.selectFrom('item_barcodes').select(['barcode', 'item_id']).where('tenant_id', '=', tenantId).where('barcode', 'in', keys).execute();
  for (const key of keys) {
    const hit = rows.find((r) => r.barcode === key);
    if (hit) return hit.item_id;
  }
  return null;
}

/** An item by its SKU: what people type when a label is missing. */
export async function findItemBySku(db: Db, tenantId: string, sku: string): Promise<string | null> {
  const row = await db.selectFrom('items').select('id').where('tenant_id', '=', tenantId).where('sku', '=', sku).executeTakeFirst();
  return row?.id ?? null;
}

import type { Kysely, Transaction } from 'kysely';
import {
  financeContactSchema, financeDocumentSchema, financeProfileSchema, fxRateSchema, inventoryMonthSchema, plannedPurchaseSchema, salesOutlookSchema,
  type FinanceContact, type FinanceDocument, type FinanceProfile, type FxRate, type InventoryMonth, type PlannedPurchaseDocument, type SalesOutlook,
} from '@capliquify/shared';
import type { z } from 'zod';
import { rawStatement } from './raw-statements';
import type { ReplicaDatabase } from './replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

// The finance scope's documents on a finance workstation: one row per (entity, id), the document
// as JSON, parsed with its shared schema on the way in so the engine can trust what it reads.

export const FINANCE_ENTITIES = ['finance_contact', 'finance_document', 'fx_rate', 'inventory_month', 'finance_profile', 'planned_purchase', 'sales_outlook'] as const;
export type FinanceEntity = (typeof FINANCE_ENTITIES)[number];

const SCHEMAS: Record<FinanceEntity, z.ZodType> = {
  finance_contact: financeContactSchema,
  finance_document: financeDocumentSchema,
  fx_rate: fxRateSchema,
  inventory_month: inventoryMonthSchema,
  finance_profile: financeProfileSchema,
  planned_purchase: plannedPurchaseSchema,
  sales_outlook: salesOutlookSchema,
};

export function isFinanceEntity(entity: string): entity is FinanceEntity {
  return (FINANCE_ENTITIES as readonly string[]).includes(entity);
}

const UPSERT = `insert into finance_rows (entity, id, data) values (?, ?, ?)
  on conflict (entity, id) do update set data = excluded.data`;
const BUMP = 'update finance_state set revision = revision + 1 where id = 1';

/** Pulled documents of one finance entity, each parsed with its shared schema (extra fields are dropped). */
export function writeFinanceRows(trx: Transaction<ReplicaDatabase>, entity: FinanceEntity, docs: readonly { id: string; data: unknown }[]): void {
  if (docs.length === 0) return;
  const upsert = rawStatement(trx, UPSERT);
  const schema = SCHEMAS[entity];
  for (const { id, data } of docs) upsert.run(entity, id, JSON.stringify(schema.parse(data)));
  rawStatement(trx, BUMP).run();
}

export async function deleteFinanceRow(db: Db, entity: FinanceEntity, id: string): Promise<void> {
  const { numDeletedRows } = await db.deleteFrom('finance_rows').where('entity', '=', entity).where('id', '=', id).executeTakeFirst();
  if (numDeletedRows > 0n) await db.updateTable('finance_state').set((eb) => ({ revision: eb('revision', '+', 1) })).where('id', '=', 1).execute();
}

/** Moves with every change to the finance documents: a prepared book is good while it holds. */
export async function financeRevision(db: Db): Promise<number> {
  const row = await db.selectFrom('finance_state').select('revision').where('id', '=', 1).executeTakeFirst();
  return Number(row?.revision ?? 0);
}

export interface FinanceRows {
  contacts: FinanceContact[];
  documents: FinanceDocument[];
  fxRates: FxRate[];
  inventoryMonths: InventoryMonth[];
  /** Open purchase orders as the cash they will take. */
  plannedPurchases: PlannedPurchaseDocument[];
  /** The demand forecasts priced for the cash forecast; null before the first forecast run. */
  salesOutlook: SalesOutlook | null;
  /** Null until the server's first refresh of the finance scope reached this station. */
  profile: FinanceProfile | null;
  /** Rows that did not parse (left out). */
  unreadable: number;
}

/**
 * Every finance document the station holds, parsed again with its schema: rows migration 0008
 * brought over from confirmed state skipped the write path's parse. A row that does not parse is
 * left out and counted, so the screen can say figures may be incomplete rather than fail.
 */
export async function readFinanceRows(db: Db): Promise<FinanceRows> {
  const rows = await db.selectFrom('finance_rows').select(['entity', 'data']).execute();
  const out: FinanceRows = { contacts: [], documents: [], fxRates: [], inventoryMonths: [], plannedPurchases: [], salesOutlook: null, profile: null, unreadable: 0 };
  for (const { entity, data } of rows) {
    if (!isFinanceEntity(entity)) continue;
    const parsed = SCHEMAS[entity].safeParse(JSON.parse(data));
    if (!parsed.success) { out.unreadable += 1; continue; }
    const doc = parsed.data;
    if (entity === 'finance_document') out.documents.push(doc as FinanceDocument);
    else if (entity === 'finance_contact') out.contacts.push(doc as FinanceContact);
    else if (entity === 'fx_rate') out.fxRates.push(doc as FxRate);
    else if (entity === 'inventory_month') out.inventoryMonths.push(doc as InventoryMonth);
    else if (entity === 'planned_purchase') out.plannedPurchases.push(doc as PlannedPurchaseDocument);
    else if (entity === 'sales_outlook') out.salesOutlook = doc as SalesOutlook;
    else out.profile = doc as FinanceProfile;
  }
  return out;
}

/** Items' display names (`SKU · name`) from the catalog, for DIO by item. */
export async function financeItemNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('items').select(['id', 'sku', 'name']).execute();
  return new Map(rows.map((r) => [r.id, `${r.sku} · ${r.name}`]));
}

import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database, InvoicesTable } from '../../../db/schema';
import type { Db } from '../import-kind';

export interface Contact { id: string; currency: string }

/** Customers or suppliers by lower-cased name. */
export async function findContacts(db: Db, tenantId: string, table: 'customers' | 'suppliers', names: string[]): Promise<Map<string, Contact>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom(table).select(['id', 'name', 'currency']).where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(name)`, 'in', names.map((n) => n.toLowerCase())).execute();
  return new Map(rows.map((r) => [r.name.toLowerCase(), { id: r.id, currency: r.currency.trim() }]));
}

/** Inserts open invoices and bills, or updates them by their import reference (so a re-run changes nothing). */
export async function upsertOpeningInvoices(trx: Transaction<Database>, invoices: Insertable<InvoicesTable>[]): Promise<void> {
  if (invoices.length === 0) return;
  await trx.insertInto('invoices').values(invoices)
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doUpdateSet((eb) => ({
      contact_id: eb.ref('excluded.contact_id'), issued_on: eb.ref('excluded.issued_on'), due_on: eb.ref('excluded.due_on'),
      currency: eb.ref('excluded.currency'), total_minor: eb.ref('excluded.total_minor'),
    })))
    .execute();
}

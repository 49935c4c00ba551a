import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { ContactRow, MappedInvoice } from './xero.mapper';

// Where Xero's records land: customers, suppliers, invoices and payments, each found again by its
// Xero id in `external_ref` (unique per tenant for contacts and invoices).

type Db = Kysely<Database> | Transaction<Database>;
export type PartyTable = 'customers' | 'suppliers';

/** Payment terms of a contact first seen on an invoice, until its contact record says otherwise. */
const DEFAULT_TERMS_DAYS = 30;

/**
 * A customer or supplier by its Xero ContactID: `upsert` creates or refreshes it, `update` only
 * refreshes one we hold, `ensure` only creates a missing one. Terms and currency that Xero leaves
 * out keep what we had. Returns our id, or null when `update` found nothing.
 */
export async function saveParty(db: Db, table: PartyTable, tenantId: string, row: ContactRow, mode: 'upsert' | 'update' | 'ensure', fallbackCurrency: string): Promise<string | null> {
  const changes = {
    name: row.name,
    ...(row.currency ? { currency: row.currency } : {}),
    ...(row.paymentTermsDays !== null ? { payment_terms_days: row.paymentTermsDays } : {}),
  };
  if (mode === 'update') {
    const updated = await db.updateTable(table).set(changes).where('tenant_id', '=', tenantId).where('external_ref', '=', row.externalRef).returning('id').executeTakeFirst();
    return updated?.id ?? null;
  }
  const values = {
    id: `${table === 'customers' ? 'cus' : 'sup'}_${randomUUID()}`, tenant_id: tenantId, external_ref: row.externalRef, name: row.name,
    currency: row.currency ?? fallbackCurrency, payment_terms_days: row.paymentTermsDays ?? DEFAULT_TERMS_DAYS,
  };
  const inserted = await db.insertInto(table).values(values)
    .onConflict((oc) => (mode === 'ensure' ? oc.columns(['tenant_id', 'external_ref']).doNothing() : oc.columns(['tenant_id', 'external_ref']).doUpdateSet(changes)))
    .returning('id').executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', row.externalRef).executeTakeFirstOrThrow();
  return existing.id;
}

/** An invoice or bill as Xero has it, in the books of the organisation's legal entity. */
export async function upsertInvoice(db: Db, tenantId: string, contactId: string, invoice: MappedInvoice, entityId: string | null): Promise<void> {
  const fields = {
    entity_id: entityId,
    type: invoice.type, contact_id: contactId, number: invoice.number, issued_on: invoice.issuedOn, due_on: invoice.dueOn,
    currency: invoice.currency, total_minor: invoice.totalMinor, amount_paid_minor: invoice.amountPaidMinor,
    status: invoice.status, fully_paid_on: invoice.fullyPaidOn,
  };
  await db.insertInto('invoices').values({ id: `inv_${randomUUID()}`, tenant_id: tenantId, external_ref: invoice.externalRef, ...fields })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doUpdateSet(fields))
    .execute();
}

/** True when we held the invoice. Nothing is owed on a voided invoice. */
export async function voidInvoice(db: Db, tenantId: string, externalRef: string): Promise<boolean> {
  const result = await db.updateTable('invoices').set({ status: 'VOIDED', amount_paid_minor: 0, fully_paid_on: null })
    .where('tenant_id', '=', tenantId).where('external_ref', '=', externalRef).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The invoice a payment settles, locked until the transaction ends: payments have no unique
 * index on their Xero id, so two syncs writing payments of one invoice take turns.
 */
export async function lockInvoice(trx: Transaction<Database>, tenantId: string, externalRef: string): Promise<{ id: string; currency: string } | undefined> {
  return trx.selectFrom('invoices').select(['id', 'currency']).where('tenant_id', '=', tenantId).where('external_ref', '=', externalRef).forUpdate().executeTakeFirst();
}

export async function savePayment(db: Db, tenantId: string, payment: { externalRef: string; invoiceId: string; paidOn: string; amountMinor: number }): Promise<void> {
  const fields = { invoice_id: payment.invoiceId, paid_on: payment.paidOn, amount_minor: payment.amountMinor };
  const updated = await db.updateTable('payments').set(fields).where('tenant_id', '=', tenantId).where('external_ref', '=', payment.externalRef).executeTakeFirst();
  if (updated.numUpdatedRows > 0n) return;
  await db.insertInto('payments').values({ id: `pay_${randomUUID()}`, tenant_id: tenantId, external_ref: payment.externalRef, ...fields }).execute();
}

export async function deletePayment(db: Db, tenantId: string, externalRef: string): Promise<void> {
  await db.deleteFrom('payments').where('tenant_id', '=', tenantId).where('external_ref', '=', externalRef).execute();
}

export async function tenantCurrency(db: Db, tenantId: string): Promise<string> {
  return (await db.selectFrom('tenants').select('base_currency').where('id', '=', tenantId).executeTakeFirstOrThrow()).base_currency;
}

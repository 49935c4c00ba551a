import type { FinanceContact, FinanceDocument, FinanceProfile, FxRate, LegalEntity, Settlement } from '@capliquify/shared';
import type { Selectable } from 'kysely';
import type { FinanceAllocationsTable, FinanceCreditsTable, FxRatesTable } from '../../db/finance.schema';
import type { CustomersTable, InvoicesTable, PaymentsTable, SuppliersTable } from '../../db/schema';

// The finance scope's documents from the system of record's rows: the shapes in shared's
// finance.schema.ts, which the working-capital engine reads on the server and offline on the
// desktop alike. Pure: the repo reads the rows, this file decides what they mean.

type ContactRow = Pick<Selectable<CustomersTable | SuppliersTable>, 'id' | 'name' | 'currency' | 'payment_terms_days'>;
/** The legal entity is read where the books keep several; a row without it is in the single set. */
type EntityColumn = { entity_id?: string | null };
export type InvoiceRow = Pick<Selectable<InvoicesTable>, 'id' | 'type' | 'contact_id' | 'number' | 'issued_on' | 'due_on' | 'currency' | 'total_minor' | 'amount_paid_minor' | 'status' | 'fully_paid_on'> & EntityColumn;
export type PaymentRow = Pick<Selectable<PaymentsTable>, 'invoice_id' | 'paid_on' | 'amount_minor'>;
export type CreditRow = Pick<Selectable<FinanceCreditsTable>, 'id' | 'type' | 'contact_id' | 'number' | 'issued_on' | 'currency' | 'total_minor' | 'status'> & EntityColumn;
export type AllocationRow = Pick<Selectable<FinanceAllocationsTable>, 'credit_id' | 'invoice_id' | 'allocated_on' | 'amount_minor'>;
export type FxRateRow = Pick<Selectable<FxRatesTable>, 'currency' | 'day' | 'per_base'>;

export interface FinanceLedgerRows {
  invoices: readonly InvoiceRow[];
  payments: readonly PaymentRow[];
  credits: readonly CreditRow[];
  allocations: readonly AllocationRow[];
}

/** Customers and suppliers as the engine's contacts; ids are unique across both (cus_… and sup_…). */
export function financeContacts(customers: readonly ContactRow[], suppliers: readonly ContactRow[]): FinanceContact[] {
  const contact = (kind: FinanceContact['kind']) => (row: ContactRow): FinanceContact => ({
    id: row.id, kind, name: row.name, currency: row.currency.trim().toUpperCase(), paymentTermsDays: row.payment_terms_days,
  });
  return [...customers.map(contact('customer')), ...suppliers.map(contact('supplier'))];
}

const CREDIT_KIND: Record<CreditRow['type'], Settlement['kind']> = {
  ACCRECCREDIT: 'credit_note', ACCPAYCREDIT: 'credit_note', 'RECEIVE-PREPAYMENT': 'prepayment', 'SPEND-PREPAYMENT': 'prepayment',
};

const bySettlementOrder = (a: Settlement, b: Settlement) =>
  (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.sourceId ?? '').localeCompare(b.sourceId ?? '') || a.amountMinor - b.amountMinor;

function group<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(row); else map.set(k, [row]);
  }
  return map;
}

/**
 * An invoice or bill with what settled it: its payments, and the credit notes and prepayments
 * allocated to it. `amount_paid_minor` is everything that settled it (Xero's Total − AmountDue):
 * what it holds beyond those rows is a prepayment or overpayment Xero applied without itemising
 * it (see xero.mapper.ts), kept as an unsourced prepayment on the day the invoice was settled in
 * full, or else its issue day, so the open balance is always Xero's AmountDue.
 */
export function invoiceDocument(invoice: InvoiceRow, payments: readonly PaymentRow[], allocations: readonly (AllocationRow & { creditType: CreditRow['type'] })[]): FinanceDocument {
  const settlements: Settlement[] = [
    ...payments.map((p): Settlement => ({ on: p.paid_on, amountMinor: Number(p.amount_minor), kind: 'payment', sourceId: null })),
    ...allocations.map((a): Settlement => ({ on: a.allocated_on, amountMinor: Number(a.amount_minor), kind: CREDIT_KIND[a.creditType], sourceId: a.credit_id })),
  ];
  const itemised = settlements.reduce((sum, s) => sum + s.amountMinor, 0);
  const unexplained = invoice.status === 'VOIDED' ? 0 : Number(invoice.amount_paid_minor) - itemised;
  if (unexplained > 0) settlements.push({ on: invoice.fully_paid_on ?? invoice.issued_on, amountMinor: unexplained, kind: 'prepayment', sourceId: null });
  return {
    id: invoice.id, type: invoice.type, contactId: invoice.contact_id, number: invoice.number, issuedOn: invoice.issued_on, dueOn: invoice.due_on,
    currency: invoice.currency.trim().toUpperCase(), totalMinor: Number(invoice.total_minor), status: invoice.status, settlements: settlements.sort(bySettlementOrder),
    ...entityOf(invoice),
  };
}

/**
 * A credit note or prepayment: due when issued (credit is available at once), settled by its cash
 * refunds only; its allocations appear on the invoices they settle, which the engine reads.
 */
export function creditDocument(credit: CreditRow, refunds: readonly AllocationRow[]): FinanceDocument {
  return {
    id: credit.id, type: credit.type, contactId: credit.contact_id, number: credit.number, issuedOn: credit.issued_on, dueOn: credit.issued_on,
    currency: credit.currency.trim().toUpperCase(), totalMinor: Number(credit.total_minor), status: credit.status,
    settlements: refunds.map((r): Settlement => ({ on: r.allocated_on, amountMinor: Number(r.amount_minor), kind: 'payment', sourceId: null })).sort(bySettlementOrder),
    ...entityOf(credit),
  };
}

/** Every invoice, bill, credit note and prepayment of the ledger as a document. */
export function financeDocuments(rows: FinanceLedgerRows): FinanceDocument[] {
  const creditTypes = new Map(rows.credits.map((c) => [c.id, c.type]));
  const payments = group(rows.payments, (p) => p.invoice_id);
  const allocations = group(rows.allocations.filter((a) => creditTypes.has(a.credit_id)), (a) => a.invoice_id);
  const refunds = group(rows.allocations.filter((a) => a.invoice_id === null), (a) => a.credit_id);
  return [
    ...rows.invoices.map((i) => invoiceDocument(i, payments.get(i.id) ?? [], (allocations.get(i.id) ?? []).map((a) => ({ ...a, creditType: creditTypes.get(a.credit_id)! })))),
    ...rows.credits.map((c) => creditDocument(c, refunds.get(c.id) ?? [])),
  ];
}

export function fxRateDocuments(rows: readonly FxRateRow[]): FxRate[] {
  return rows.map((r) => ({ currency: r.currency.trim().toUpperCase(), day: r.day, perBase: Number(r.per_base) }));
}

const entityOf = (row: EntityColumn): { entityId?: string } => (row.entity_id ? { entityId: row.entity_id } : {});

/** The profile; with the legal entities the documents name, by name, when there are any. */
export function financeProfile(baseCurrency: string, asOf: Date, entities: readonly LegalEntity[] = []): FinanceProfile {
  const profile: FinanceProfile = { baseCurrency: baseCurrency.trim().toUpperCase(), asOf: asOf.toISOString() };
  if (entities.length > 0) profile.entities = [...entities].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  return profile;
}

/** The entities some document names: the filter offers no entity without documents. */
export function entitiesInUse(entities: readonly { id: string; name: string }[], documents: readonly FinanceDocument[]): LegalEntity[] {
  const used = new Set(documents.map((d) => d.entityId).filter((id) => id !== undefined));
  return entities.filter((e) => used.has(e.id)).map((e) => ({ id: e.id, name: e.name }));
}

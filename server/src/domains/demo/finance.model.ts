import type { Insertable } from 'kysely';
import type { FinanceAllocationsTable, FinanceCreditsTable } from '../../db/finance.schema';
import type { InvoicesTable, PaymentsTable } from '../../db/schema';
import { addDays } from './dates';
import { DEMO_TENANT_ID } from './demo.types';

/** How a contact settles: days after the due date (negative = early), and whether in instalments. */
export interface PaymentHabit { delay: [number, number]; instalments: boolean }

export interface FinanceRows {
  invoices: Insertable<InvoicesTable>[];
  payments: Insertable<PaymentsTable>[];
  /** Credit notes and prepayments (Xero's model), and their allocations to invoices. */
  credits: Insertable<FinanceCreditsTable>[];
  allocations: Insertable<FinanceAllocationsTable>[];
}

export interface InvoiceDraft {
  id: string;
  type: 'ACCREC' | 'ACCPAY';
  contactId: string;
  number: string;
  issuedOn: string;
  dueOn: string;
  currency: string;
  totalMinor: number;
  voided?: boolean;
}

/** Part of a credit note or prepayment applied to an invoice on a day. */
export interface CreditApplied { id: string; creditId: string; on: string; amountMinor: number }

/**
 * Books an invoice, the credit applied to it and the payments made by `endDate` under the
 * contact's habit; the payments cover what the credit leaves. Anything after `endDate` has not
 * happened yet, so late payers leave invoices open and overdue. `amount_paid_minor` is everything
 * that settled the invoice (Xero's Total − AmountDue): payments and credit alike.
 */
export function settle(
  out: FinanceRows, draft: InvoiceDraft, habit: PaymentHabit, next: () => number, endDate: string, paymentSeq: { n: number }, credit: CreditApplied | null = null,
): void {
  const invoice: Insertable<InvoicesTable> = {
    id: draft.id, tenant_id: DEMO_TENANT_ID, type: draft.type, contact_id: draft.contactId, number: draft.number,
    issued_on: draft.issuedOn, due_on: draft.dueOn, currency: draft.currency, total_minor: draft.totalMinor,
    amount_paid_minor: 0, status: draft.voided ? 'VOIDED' : 'AUTHORISED', fully_paid_on: null,
  };
  out.invoices.push(invoice);
  if (draft.voided) return;

  let settled = 0;
  let lastOn = '';
  // A credit dated after the end has not happened yet.
  const applied = credit && credit.on <= endDate ? credit : null;
  if (applied) {
    out.allocations.push({ id: applied.id, tenant_id: DEMO_TENANT_ID, credit_id: applied.creditId, invoice_id: draft.id, allocated_on: applied.on, amount_minor: applied.amountMinor });
    settled += applied.amountMinor;
    lastOn = applied.on;
  }
  const owed = draft.totalMinor - (applied?.amountMinor ?? 0);
  const delay = () => Math.round(habit.delay[0] + next() * (habit.delay[1] - habit.delay[0]));
  const parts = habit.instalments && next() < 0.6 ? [Math.round(owed * (0.3 + next() * 0.4))] : [];
  parts.push(owed - parts.reduce((s, p) => s + p, 0));
  let paidOn = addDays(draft.dueOn, delay());
  if (paidOn < draft.issuedOn) paidOn = draft.issuedOn;
  for (const amount of parts) {
    if (paidOn > endDate) break;
    paymentSeq.n++;
    out.payments.push({ id: `pay_demo_${String(paymentSeq.n).padStart(6, '0')}`, tenant_id: DEMO_TENANT_ID, invoice_id: draft.id, paid_on: paidOn, amount_minor: amount });
    settled += amount;
    if (paidOn > lastOn) lastOn = paidOn;
    paidOn = addDays(paidOn, 7 + Math.round(next() * 28));
  }
  invoice.amount_paid_minor = settled;
  if (settled === draft.totalMinor) {
    invoice.status = 'PAID';
    invoice.fully_paid_on = lastOn;
  }
}

import type { Insertable } from 'kysely';
import type { InvoicesTable, PaymentsTable } from '../../db/schema';
import { addDays } from './dates';
import { DEMO_TENANT_ID } from './demo.types';

/** How a contact settles: days after the due date (negative = early), and whether in instalments. */
export interface PaymentHabit { delay: [number, number]; instalments: boolean }

export interface FinanceRows {
  invoices: Insertable<InvoicesTable>[];
  payments: Insertable<PaymentsTable>[];
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

/**
 * Books an invoice and the payments made by `endDate` under the contact's habit. Anything paid
 * after `endDate` has not happened yet, so late payers leave invoices open and overdue.
 */
export function settle(out: FinanceRows, draft: InvoiceDraft, habit: PaymentHabit, next: () => number, endDate: string, paymentSeq: { n: number }): void {
  const invoice: Insertable<InvoicesTable> = {
    id: draft.id, tenant_id: DEMO_TENANT_ID, type: draft.type, contact_id: draft.contactId, number: draft.number,
    issued_on: draft.issuedOn, due_on: draft.dueOn, currency: draft.currency, total_minor: draft.totalMinor,
    amount_paid_minor: 0, status: draft.voided ? 'VOIDED' : 'AUTHORISED', fully_paid_on: null,
  };
  out.invoices.push(invoice);
  if (draft.voided) return;

  const delay = () => Math.round(habit.delay[0] + next() * (habit.delay[1] - habit.delay[0]));
  const parts = habit.instalments && next() < 0.6 ? [Math.round(draft.totalMinor * (0.3 + next() * 0.4))] : [];
  parts.push(draft.totalMinor - parts.reduce((s, p) => s + p, 0));
  let paidOn = addDays(draft.dueOn, delay());
  if (paidOn < draft.issuedOn) paidOn = draft.issuedOn;
  let paid = 0;
  for (const amount of parts) {
    if (paidOn > endDate) break;
    paymentSeq.n++;
    out.payments.push({ id: `pay_demo_${String(paymentSeq.n).padStart(6, '0')}`, tenant_id: DEMO_TENANT_ID, invoice_id: draft.id, paid_on: paidOn, amount_minor: amount });
    paid += amount;
    invoice.fully_paid_on = paidOn;
    paidOn = addDays(paidOn, 7 + Math.round(next() * 28));
  }
  invoice.amount_paid_minor = paid;
  if (paid === draft.totalMinor) invoice.status = 'PAID';
  else invoice.fully_paid_on = null;
}

import { toMinorUnits } from './minor-units';
import { toDateOnly } from './xero-dates';
import type { XeroContact, XeroInvoice, XeroPayment, XeroPaymentTerm } from './xero.schemas';

// Xero's invoices, bills, contacts and payments in our schema's terms. Pure: the sync service
// looks things up and writes; this file decides what each Xero record means.
//
// Credit notes, prepayments and overpayments (Xero's own documents, with their own endpoints) are
// not invoices here: the invoices table holds ACCREC and ACCPAY only. What they do to an invoice is
// kept, so the open balance (total − paid) is always Xero's AmountDue:
// - a credit note allocated to an invoice lowers what was sold, so it comes off `total_minor`;
// - a prepayment or overpayment allocated to it is money received earlier, so it counts as paid.
// Xero reports all three together as AmountCredited, with the credit notes itemised in CreditNotes
// (AppliedAmount); without that breakdown the whole credit is taken as credit notes. Unallocated
// credit is not netted against anything. The payments table holds only Xero Payments, so an
// invoice settled partly by a prepayment shows more paid than its payments add up to.

export interface ContactRow { externalRef: string; name: string; currency: string | null; paymentTermsDays: number | null }

export interface MappedInvoice {
  externalRef: string; type: 'ACCREC' | 'ACCPAY'; contact: { externalRef: string; name: string };
  number: string; issuedOn: string; dueOn: string; currency: string;
  totalMinor: number; amountPaidMinor: number; status: 'AUTHORISED' | 'PAID'; fullyPaidOn: string | null;
}

export type InvoiceChange =
  | { kind: 'upsert'; invoice: MappedInvoice }
  /** Voided or deleted in Xero: marked VOIDED here if we hold it. */
  | { kind: 'void'; externalRef: string }
  | { kind: 'skip'; externalRef: string; reason: string };

export type PaymentChange =
  | { kind: 'upsert'; externalRef: string; invoiceRef: string; paidOn: string; amount: number }
  | { kind: 'delete'; externalRef: string }
  | { kind: 'skip'; externalRef: string; reason: string };

const KEPT = new Set(['AUTHORISED', 'PAID']);
const GONE = new Set(['VOIDED', 'DELETED']);
const INVOICE_PAYMENTS = new Set(['ACCRECPAYMENT', 'ACCPAYPAYMENT']);

export function mapInvoice(invoice: XeroInvoice): InvoiceChange {
  const externalRef = invoice.InvoiceID;
  if (invoice.Type !== 'ACCREC' && invoice.Type !== 'ACCPAY') return { kind: 'skip', externalRef, reason: `type ${invoice.Type}` };
  if (GONE.has(invoice.Status)) return { kind: 'void', externalRef };
  // DRAFT and SUBMITTED are not owed by anyone yet.
  if (!KEPT.has(invoice.Status)) return { kind: 'skip', externalRef, reason: `status ${invoice.Status}` };
  if (!invoice.Date) return { kind: 'skip', externalRef, reason: 'no date' };
  const currency = invoice.CurrencyCode;
  const minor = (amount: number) => toMinorUnits(amount, currency);
  const credited = minor(invoice.AmountCredited ?? 0);
  const creditNotes = invoice.CreditNotes
    ? Math.min(credited, invoice.CreditNotes.reduce((sum, note) => sum + minor(note.AppliedAmount ?? 0), 0))
    : credited;
  const totalMinor = minor(invoice.Total) - creditNotes;
  const issuedOn = toDateOnly(invoice.Date);
  const dueOn = invoice.DueDate ? toDateOnly(invoice.DueDate) : issuedOn;
  const status = invoice.Status as 'AUTHORISED' | 'PAID';
  return {
    kind: 'upsert',
    invoice: {
      externalRef, type: invoice.Type,
      contact: { externalRef: invoice.Contact.ContactID, name: invoice.Contact.Name ?? invoice.Contact.ContactID },
      number: invoice.InvoiceNumber || invoice.Reference || externalRef,
      issuedOn, dueOn: dueOn < issuedOn ? issuedOn : dueOn, currency, totalMinor,
      amountPaidMinor: Math.max(0, totalMinor - minor(invoice.AmountDue)),
      status,
      fullyPaidOn: status === 'PAID' ? toDateOnly(invoice.FullyPaidOnDate ?? invoice.UpdatedDateUTC) : null,
    },
  };
}

/** A contact as a customer (its sales terms) or a supplier (its bills terms). */
export function mapContact(contact: XeroContact, role: 'customer' | 'supplier'): ContactRow {
  const terms = role === 'customer' ? contact.PaymentTerms?.Sales : contact.PaymentTerms?.Bills;
  return { externalRef: contact.ContactID, name: contact.Name, currency: contact.DefaultCurrency ?? null, paymentTermsDays: paymentTermsDays(terms) };
}

/**
 * Xero's payment terms as the days our working-capital figures use. Terms tied to the calendar
 * month are averaged over an invoice raised mid-month: "20th of the following month" is 35 days.
 */
export function paymentTermsDays(term: XeroPaymentTerm | undefined): number | null {
  if (!term) return null;
  switch (term.Type) {
    case 'DAYSAFTERBILLDATE': return term.Day;
    case 'DAYSAFTERBILLMONTH': return term.Day + 15;
    case 'OFFOLLOWINGMONTH': return term.Day + 15;
    case 'OFCURRENTMONTH': return Math.max(0, term.Day - 15);
    default: return null;
  }
}

export function mapPayment(payment: XeroPayment): PaymentChange {
  const externalRef = payment.PaymentID;
  if (payment.Status === 'DELETED') return { kind: 'delete', externalRef };
  if (payment.Status !== 'AUTHORISED') return { kind: 'skip', externalRef, reason: `status ${payment.Status}` };
  // Refunds of credit notes, prepayments and overpayments settle no invoice.
  if (!payment.Invoice || (payment.PaymentType && !INVOICE_PAYMENTS.has(payment.PaymentType))) {
    return { kind: 'skip', externalRef, reason: `not an invoice payment (${payment.PaymentType ?? 'no invoice'})` };
  }
  return { kind: 'upsert', externalRef, invoiceRef: payment.Invoice.InvoiceID, paidOn: toDateOnly(payment.Date), amount: payment.Amount };
}

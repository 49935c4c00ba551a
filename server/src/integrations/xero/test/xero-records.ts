import { randomUUID } from 'node:crypto';
import { formatXeroDate } from '../xero-dates';

// Xero-shaped records for seeding the fake (fields as in Xero's documented answers; the fake
// stamps UpdatedDateUTC itself).

const day = (iso: string) => formatXeroDate(Date.parse(`${iso}T00:00:00Z`));

export function xeroContact(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ContactID: randomUUID(), Name: 'Ridgeway Cycles', ContactStatus: 'ACTIVE', IsCustomer: true, IsSupplier: false, DefaultCurrency: 'EUR', ...fields };
}

export function xeroInvoice(contact: Record<string, unknown>, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'ACCREC', InvoiceID: randomUUID(), InvoiceNumber: `INV-${Math.floor(Math.random() * 1e6)}`, Reference: '',
    Contact: { ContactID: contact.ContactID, Name: contact.Name }, Date: day('2026-02-02'), DueDate: day('2026-03-04'),
    Status: 'AUTHORISED', LineAmountTypes: 'Exclusive', SubTotal: 100, TotalTax: 20, Total: 120, AmountDue: 120, AmountPaid: 0, AmountCredited: 0,
    CurrencyCode: 'EUR', CreditNotes: [], Prepayments: [], Overpayments: [], ...fields,
  };
}

export function xeroPayment(invoice: Record<string, unknown>, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    PaymentID: randomUUID(), Date: day('2026-02-20'), Amount: 120, Status: 'AUTHORISED',
    PaymentType: invoice.Type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT', Invoice: { InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber }, ...fields,
  };
}

export { day as xeroDay };

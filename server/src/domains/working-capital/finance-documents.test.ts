import { financeDocumentSchema, type FinanceDocument } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { financeContacts, financeDocuments, fxRateDocuments, type InvoiceRow } from './finance-documents';

// Rows as the database returns them (int8 and numeric as strings, dates as ISO days) and the
// documents a finance workstation must receive, written out by hand.

const invoice = (row: Partial<InvoiceRow> & Pick<InvoiceRow, 'id' | 'total_minor' | 'amount_paid_minor'>): InvoiceRow => ({
  type: 'ACCREC', contact_id: 'cus_alpha', number: row.id.toUpperCase(), issued_on: '2026-02-01', due_on: '2026-03-03',
  currency: 'GBP', status: 'AUTHORISED', fully_paid_on: null, ...row,
});

describe('financeDocuments', () => {
  const docs = financeDocuments({
    invoices: [
      // 2,000.00 less 500.00 paid, less 300.00 of credit note cn1: 1,200.00 open.
      invoice({ id: 'inv_1', total_minor: '200000', amount_paid_minor: '80000' }),
      // Paid in two instalments, in dollars.
      invoice({ id: 'inv_2', contact_id: 'cus_bravo', currency: 'USD', total_minor: '100000', amount_paid_minor: '100000', status: 'PAID', fully_paid_on: '2026-03-20' }),
      // From Xero: 150.00 paid by a payment and 50.00 by a prepayment Xero did not itemise.
      invoice({ id: 'inv_3', type: 'ACCPAY', contact_id: 'sup_steel', total_minor: '25000', amount_paid_minor: '20000' }),
      invoice({ id: 'inv_4', total_minor: '9900', amount_paid_minor: '0', status: 'VOIDED' }),
    ],
    payments: [
      { invoice_id: 'inv_2', paid_on: '2026-03-20', amount_minor: '60000' },
      { invoice_id: 'inv_1', paid_on: '2026-03-10', amount_minor: '50000' },
      { invoice_id: 'inv_2', paid_on: '2026-03-01', amount_minor: '40000' },
      { invoice_id: 'inv_3', paid_on: '2026-02-20', amount_minor: '15000' },
    ],
    credits: [
      { id: 'cn1', type: 'ACCRECCREDIT', contact_id: 'cus_alpha', number: 'CN-1', issued_on: '2026-03-05', currency: 'GBP', total_minor: '50000', status: 'AUTHORISED' },
      { id: 'pp1', type: 'RECEIVE-PREPAYMENT', contact_id: 'cus_bravo', number: 'PP-1', issued_on: '2026-01-15', currency: 'USD', total_minor: '20000', status: 'PAID' },
    ],
    allocations: [
      { credit_id: 'cn1', invoice_id: 'inv_1', allocated_on: '2026-03-12', amount_minor: '30000' },
      // The rest of the prepayment was refunded in cash.
      { credit_id: 'pp1', invoice_id: null, allocated_on: '2026-02-01', amount_minor: '20000' },
    ],
  });
  const byId = new Map(docs.map((d) => [d.id, d]));

  it('settles an invoice by its payments and the credit note allocated to it, in date order', () => {
    expect(byId.get('inv_1')).toEqual({
      id: 'inv_1', type: 'ACCREC', contactId: 'cus_alpha', number: 'INV_1', issuedOn: '2026-02-01', dueOn: '2026-03-03', currency: 'GBP',
      totalMinor: 200_000, status: 'AUTHORISED',
      settlements: [
        { on: '2026-03-10', amountMinor: 50_000, kind: 'payment', sourceId: null },
        { on: '2026-03-12', amountMinor: 30_000, kind: 'credit_note', sourceId: 'cn1' },
      ],
    } satisfies FinanceDocument);
  });

  it('keeps partial payments apart and a foreign currency as it is', () => {
    expect(byId.get('inv_2')).toMatchObject({
      currency: 'USD', totalMinor: 100_000, status: 'PAID',
      settlements: [
        { on: '2026-03-01', amountMinor: 40_000, kind: 'payment', sourceId: null },
        { on: '2026-03-20', amountMinor: 60_000, kind: 'payment', sourceId: null },
      ],
    });
  });

  it('keeps what Xero settled without itemising it as a prepayment, so the open balance is its AmountDue', () => {
    expect(byId.get('inv_3')!.settlements).toEqual([
      { on: '2026-02-01', amountMinor: 5_000, kind: 'prepayment', sourceId: null },
      { on: '2026-02-20', amountMinor: 15_000, kind: 'payment', sourceId: null },
    ]);
    expect(byId.get('inv_4')).toMatchObject({ status: 'VOIDED', settlements: [] });
  });

  it('makes credit notes and prepayments documents of their own, due when issued, settled only by refunds', () => {
    expect(byId.get('cn1')).toEqual({
      id: 'cn1', type: 'ACCRECCREDIT', contactId: 'cus_alpha', number: 'CN-1', issuedOn: '2026-03-05', dueOn: '2026-03-05', currency: 'GBP',
      totalMinor: 50_000, status: 'AUTHORISED', settlements: [],
    } satisfies FinanceDocument);
    expect(byId.get('pp1')).toMatchObject({
      type: 'RECEIVE-PREPAYMENT', currency: 'USD', totalMinor: 20_000, status: 'PAID',
      settlements: [{ on: '2026-02-01', amountMinor: 20_000, kind: 'payment', sourceId: null }],
    });
  });

  it('gives documents the shared schema parses as they are', () => {
    for (const doc of docs) expect(financeDocumentSchema.parse(doc)).toEqual(doc);
    expect(docs.map((d) => d.id)).toEqual(['inv_1', 'inv_2', 'inv_3', 'inv_4', 'cn1', 'pp1']);
  });
});

describe('financeContacts and fxRateDocuments', () => {
  it('lists customers then suppliers with their terms, and rates as numbers', () => {
    expect(financeContacts(
      [{ id: 'cus_alpha', name: 'Alpha', currency: 'gbp', payment_terms_days: 30 }],
      [{ id: 'sup_steel', name: 'Steel', currency: 'EUR', payment_terms_days: 60 }],
    )).toEqual([
      { id: 'cus_alpha', kind: 'customer', name: 'Alpha', currency: 'GBP', paymentTermsDays: 30 },
      { id: 'sup_steel', kind: 'supplier', name: 'Steel', currency: 'EUR', paymentTermsDays: 60 },
    ]);
    expect(fxRateDocuments([{ currency: 'USD', day: '2026-03-02', per_base: '1.2650000000' }])).toEqual([{ currency: 'USD', day: '2026-03-02', perBase: 1.265 }]);
  });
});

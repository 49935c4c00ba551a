import { describe, expect, it } from 'vitest';
import page from './fixtures/invoices-page.json';
import { mapContact, mapInvoice, mapPayment, paymentTermsDays } from './xero.mapper';
import { xeroContactSchema, xeroInvoiceSchema, xeroPaymentSchema, type XeroInvoice } from './xero.schemas';

const invoices = page.Invoices.map((raw) => xeroInvoiceSchema.parse(raw));
const byNumber = (id: string) => invoices.find((i) => i.InvoiceID === id)!;

describe('Xero mapper', () => {
  it('keeps an authorised sales invoice with its contact, and what is still due equal to Xero’s AmountDue', () => {
    const change = mapInvoice(byNumber('243216c5-369e-4056-ac67-05388f86dc81'));
    expect(change).toEqual({
      kind: 'upsert',
      invoice: {
        externalRef: '243216c5-369e-4056-ac67-05388f86dc81', type: 'ACCREC',
        contact: { externalRef: 'a3675fc4-f8dd-4f03-ba5b-f1870566bcd7', name: 'Ridgeway Cycles' },
        number: 'INV-0041', issuedOn: '2026-01-02', dueOn: '2026-02-01', currency: 'EUR',
        // 1,250.25 less the 100.00 credit note allocated to it; 500.00 paid; 650.25 due.
        totalMinor: 115_025, amountPaidMinor: 50_000, status: 'AUTHORISED', fullyPaidOn: null,
      },
    });
  });

  it('keeps a paid bill, named by its reference when it has no number', () => {
    const change = mapInvoice(byNumber('c45720a1-ade3-4a38-a064-d15489be6841'));
    expect(change).toMatchObject({
      kind: 'upsert',
      invoice: { type: 'ACCPAY', number: 'Steel coil March', totalMinor: 320_000, amountPaidMinor: 320_000, status: 'PAID', fullyPaidOn: '2026-01-15' },
    });
  });

  it('skips drafts and marks voided or deleted invoices as voided', () => {
    expect(mapInvoice(byNumber('f3ad2fd4-1a3c-4b8c-8a89-6c6f5b2d1f10'))).toMatchObject({ kind: 'skip', reason: 'status DRAFT' });
    expect(mapInvoice(byNumber('5a8e3c1f-0b6d-4d0e-a7c2-9f1e2d3c4b5a'))).toEqual({ kind: 'void', externalRef: '5a8e3c1f-0b6d-4d0e-a7c2-9f1e2d3c4b5a' });
    const base = byNumber('243216c5-369e-4056-ac67-05388f86dc81');
    expect(mapInvoice({ ...base, Status: 'DELETED' })).toMatchObject({ kind: 'void' });
    expect(mapInvoice({ ...base, Status: 'SUBMITTED' })).toMatchObject({ kind: 'skip', reason: 'status SUBMITTED' });
    expect(mapInvoice({ ...base, Type: 'ACCRECCREDIT' })).toMatchObject({ kind: 'skip', reason: 'type ACCRECCREDIT' });
  });

  it('counts a prepayment allocated to an invoice as paid, and a credit note as less sold', () => {
    const base: XeroInvoice = { ...byNumber('243216c5-369e-4056-ac67-05388f86dc81'), Total: 1000, AmountPaid: 200, AmountCredited: 300, AmountDue: 500 };
    const split = mapInvoice({ ...base, CreditNotes: [{ AppliedAmount: 100 }], Prepayments: [{ AppliedAmount: 200 }] });
    expect(split).toMatchObject({ invoice: { totalMinor: 90_000, amountPaidMinor: 40_000 } });
    // Without the breakdown the whole credit is taken as credit notes; the balance is the same.
    const lump = mapInvoice({ ...base, CreditNotes: undefined, Prepayments: undefined });
    expect(lump).toMatchObject({ invoice: { totalMinor: 70_000, amountPaidMinor: 20_000 } });
  });

  it('maps contacts with their sales or bills terms', () => {
    const contact = xeroContactSchema.parse({
      ContactID: 'c1', Name: 'Nordic Steel AB', IsSupplier: true, DefaultCurrency: 'SEK', UpdatedDateUTC: '/Date(1767225600000+0000)/',
      PaymentTerms: { Bills: { Day: 20, Type: 'OFFOLLOWINGMONTH' }, Sales: { Day: 14, Type: 'DAYSAFTERBILLDATE' } },
    });
    expect(mapContact(contact, 'supplier')).toEqual({ externalRef: 'c1', name: 'Nordic Steel AB', currency: 'SEK', paymentTermsDays: 35 });
    expect(mapContact(contact, 'customer')).toEqual({ externalRef: 'c1', name: 'Nordic Steel AB', currency: 'SEK', paymentTermsDays: 14 });
    expect(paymentTermsDays({ Day: 10, Type: 'DAYSAFTERBILLMONTH' })).toBe(25);
    expect(paymentTermsDays({ Day: 5, Type: 'OFCURRENTMONTH' })).toBe(0);
    expect(paymentTermsDays({ Day: 5, Type: 'SOMETHINGNEW' })).toBeNull();
    expect(paymentTermsDays(undefined)).toBeNull();
  });

  it('maps invoice payments, deletes deleted ones and skips refunds of credit', () => {
    const payment = (fields: Record<string, unknown>) => xeroPaymentSchema.parse({
      PaymentID: 'p1', Date: '/Date(1768435200000+0000)/', Amount: 3200, Status: 'AUTHORISED', PaymentType: 'ACCPAYPAYMENT',
      Invoice: { InvoiceID: 'c45720a1' }, UpdatedDateUTC: '/Date(1768435200000+0000)/', ...fields,
    });
    expect(mapPayment(payment({}))).toEqual({ kind: 'upsert', externalRef: 'p1', invoiceRef: 'c45720a1', paidOn: '2026-01-15', amount: 3200 });
    expect(mapPayment(payment({ Status: 'DELETED' }))).toEqual({ kind: 'delete', externalRef: 'p1' });
    expect(mapPayment(payment({ PaymentType: 'ARCREDITPAYMENT' }))).toMatchObject({ kind: 'skip' });
    expect(mapPayment(payment({ Invoice: undefined }))).toMatchObject({ kind: 'skip' });
  });

  it('refuses records whose dates or amounts are not Xero’s', () => {
    const raw = page.Invoices[0]!;
    expect(xeroInvoiceSchema.safeParse({ ...raw, Date: 'last tuesday' }).success).toBe(false);
    expect(xeroInvoiceSchema.safeParse({ ...raw, Total: '1250.25' }).success).toBe(false);
    expect(xeroInvoiceSchema.safeParse({ ...raw, InvoiceID: undefined }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { prepareFinanceBook } from './finance-book';
import { openBalance } from './open-balance';
import { financeData } from './test/fixtures';

const book = prepareFinanceBook(financeData);
const open = (id: string, on: string) => openBalance(book, id, on)?.openMinor;

describe('open balances', () => {
  it('takes partial payments and credit-note allocations off on their days', () => {
    expect(open('i2', '2026-03-19')).toBe(200_000);
    expect(openBalance(book, 'i2', '2026-03-20')).toEqual({ documentId: 'i2', currency: 'GBP', totalMinor: 200_000, settledMinor: 50_000, openMinor: 150_000 });
    expect(open('i2', '2026-03-25')).toBe(140_000);
  });

  it('counts a credit note negative while unallocated, less what was allocated from it', () => {
    expect(open('cn1', '2026-03-04')).toBe(0);
    expect(open('cn1', '2026-03-05')).toBe(-30_000);
    expect(open('cn1', '2026-03-25')).toBe(-20_000);
    expect(open('p1', '2026-03-31')).toBe(-10_000);
    expect(open('bc1', '2026-03-31')).toBe(-5_000);
  });

  it('closes an invoice paid before it was due on the day it was paid', () => {
    expect(open('i4', '2026-03-24')).toBe(50_000);
    expect(open('i4', '2026-03-25')).toBe(0);
    expect(book.byId.get('i4')!.paidOn! - book.byId.get('i4')!.due).toBe(-9);
  });

  it('leaves voided documents and documents not yet issued at nothing', () => {
    expect(open('i6', '2026-03-31')).toBe(0);
    expect(open('i3', '2026-01-19')).toBe(0);
    expect(open('i3', '2026-01-20')).toBe(100_000);
    expect(openBalance(book, 'nope', '2026-03-31')).toBeNull();
  });

  it('counts a credit note’s refunds but not its own mirror of allocations', () => {
    const refunded = prepareFinanceBook({
      ...financeData,
      documents: [
        ...financeData.documents.filter((d) => d.id !== 'cn1'),
        { id: 'cn1', type: 'ACCRECCREDIT', contactId: 'alpha', number: 'CN1', issuedOn: '2026-03-05', dueOn: '2026-03-05', currency: 'GBP', totalMinor: 30_000, status: 'AUTHORISED', settlements: [
          { on: '2026-03-25', amountMinor: 10_000, kind: 'credit_note', sourceId: 'cn1' },
          { on: '2026-03-26', amountMinor: 5_000, kind: 'payment', sourceId: null },
        ] },
      ],
    });
    expect(openBalance(refunded, 'cn1', '2026-03-31')?.openMinor).toBe(-15_000);
  });

  it('names the document whose date is malformed', () => {
    expect(() => prepareFinanceBook({ ...financeData, documents: [{ ...financeData.documents[0]!, dueOn: '09/02/2026' }] }))
      .toThrow('Document i1 (I1): due date "09/02/2026" is not an ISO date');
  });
});

describe('bad input', () => {
  it('is a FinanceInputError with a stable code, so callers can answer 422 with its message', async () => {
    const { FinanceInputError } = await import('./finance-input-error');
    const attempt = () => prepareFinanceBook({ ...financeData, documents: [{ ...financeData.documents[0]!, currency: 'pounds' }] });
    expect(attempt).toThrow(FinanceInputError);
    expect(attempt).toThrow('"POUNDS" is not a currency code');
    try { attempt(); } catch (error) { expect((error as InstanceType<typeof FinanceInputError>).code).toBe('FINANCE_INPUT_INVALID'); }
  });
});

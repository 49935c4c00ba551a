import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { z } from 'zod';
import type { InvoicesTable } from '../../../db/schema';
import { amount, choice, currency, currencyDigits, isoDate, quote, requiredText, toMinorUnits } from '../cells';
import { defineImportKind, type RowIssue, type ValidRow } from '../import-kind';
import { createDuplicateCheck, rowParser } from '../row-checks';
import { findContacts, upsertOpeningInvoices } from './opening-balances.repo';

const TYPES = { receivable: 'ACCREC', accrec: 'ACCREC', ar: 'ACCREC', invoice: 'ACCREC', payable: 'ACCPAY', accpay: 'ACCPAY', ap: 'ACCPAY', bill: 'ACCPAY' } as const;

const balanceCells = z.object({
  type: choice<'ACCREC' | 'ACCPAY'>(TYPES),
  contact: requiredText(200),
  number: requiredText(100),
  issued_on: isoDate(),
  due_on: isoDate(),
  amount: amount('positive'),
  currency: currency(),
}).superRefine((v, ctx) => {
  if (v.due_on < v.issued_on) ctx.addIssue({ code: 'custom', path: ['due_on'], message: `is before issued_on (${v.issued_on})` });
});
type BalanceCells = z.infer<typeof balanceCells>;

/** The reference an opening balance is kept under: re-importing the same number updates it. */
export function openingBalanceRef(type: 'ACCREC' | 'ACCPAY', number: string): string {
  return `opening:${type}:${number}`;
}

/**
 * Opening balances are the open sales invoices (receivable) and supplier bills (payable) at the
 * cut-over, one row each with what is still owed: they become AUTHORISED invoices with nothing
 * paid, so AR/AP aging, DSO and DPO start from the right figures. The contact must exist as a
 * customer (receivable) or supplier (payable); re-importing a number updates that invoice.
 */
export const openingBalancesKind = defineImportKind<BalanceCells, Insertable<InvoicesTable>>({
  kind: 'opening_balances',
  columns: [
    { name: 'type', required: true }, { name: 'contact', required: true, aliases: ['customer_or_supplier', 'name'] },
    { name: 'number', required: true, aliases: ['invoice_number', 'reference'] },
    { name: 'issued_on', required: true, aliases: ['issue_date', 'date'] }, { name: 'due_on', required: true, aliases: ['due_date'] },
    { name: 'amount', required: true, aliases: ['outstanding', 'amount_due'] }, { name: 'currency', required: false },
  ],
  async begin(_db, scope) {
    const duplicates = createDuplicateCheck<BalanceCells>((v) => `${v.type}|${v.number}`, 'number', (v) => `${v.type === 'ACCREC' ? 'Invoice' : 'Bill'} ${quote(v.number)}`);
    return {
      parse: rowParser(balanceCells, duplicates),
      async resolve(reader, unique) {
        const issues: RowIssue[] = [];
        const names = (type: 'ACCREC' | 'ACCPAY') => [...new Set(unique.filter((r) => r.value.type === type).map((r) => r.value.contact))];
        const customers = await findContacts(reader, scope.tenantId, 'customers', names('ACCREC'));
        const suppliers = await findContacts(reader, scope.tenantId, 'suppliers', names('ACCPAY'));
        const good: ValidRow<Insertable<InvoicesTable>>[] = [];
        for (const { row, value } of unique) {
          const contact = (value.type === 'ACCREC' ? customers : suppliers).get(value.contact.toLowerCase());
          const problems: RowIssue[] = [];
          if (!contact) problems.push({ row, column: 'contact', reason: `no ${value.type === 'ACCREC' ? 'customer' : 'supplier'} is called ${quote(value.contact)}` });
          const invoiceCurrency = value.currency ?? contact?.currency;
          const total = invoiceCurrency ? toMinorUnits(value.amount.text, currencyDigits(invoiceCurrency)) : null;
          if (invoiceCurrency && total === null) problems.push({ row, column: 'amount', reason: `has more decimals than ${invoiceCurrency} allows, got ${quote(value.amount.shown)}` });
          if (problems.length > 0) {
            issues.push(...problems);
            continue;
          }
          good.push({
            row,
            value: {
              id: `inv_${randomUUID()}`, tenant_id: scope.tenantId, type: value.type, contact_id: contact!.id, number: value.number,
              issued_on: value.issued_on, due_on: value.due_on, currency: invoiceCurrency!, total_minor: total!, amount_paid_minor: 0,
              status: 'AUTHORISED', fully_paid_on: null, external_ref: openingBalanceRef(value.type, value.number),
            },
          });
        }
        return { good, issues };
      },
      async apply(trx, rows) {
        await upsertOpeningInvoices(trx, rows.map((r) => r.value));
      },
    };
  },
});
